package io.github.parallelruns.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** The end of a test run: the summary table, the HTML report, and what is printed when. */
class ReportListenerTests {

    @TempDir
    Path dir;

    @Test
    void isRegisteredForEveryTestRunThroughTheServiceLoader() {
        assertThat(StreamSupport.stream(
                                ServiceLoader.load(TestExecutionListener.class).spliterator(), false)
                        .map(listener -> listener.getClass().getName())
                        .collect(Collectors.toList()))
                .contains(ReportListener.class.getName());
    }

    @Test
    void printsOneRowPerParallelTestAndWritesTheHtmlReport() throws Exception {
        String output = run(TwoParallelTests.class, "true");

        assertThat(output)
                .contains("ParallelRuns: 2 parallel tests")
                .containsPattern("test +mode +workers +speedup +98% interval +efficiency +waited +verdict")
                .containsPattern("TwoParallelTests\\.plain\\(TaskContext\\) +THREADS +2 +— +— +— +— +SUCCESSFUL")
                .containsPattern(
                        "TwoParallelTests\\.measured\\(TaskContext\\) +THREADS +4 +\\d\\.\\d\\dx +\\[\\d\\.\\d\\d, "
                                + "\\d\\.\\d\\d\\] +\\d+% +\\d+\\.\\d s +PASS")
                .contains("HTML report: " + dir.resolve("index.html").toAbsolutePath())
                .contains("(parallelruns.report.summary=false turns this summary off)");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("TwoParallelTests.measured(TaskContext)");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(file -> file.toString().endsWith(".json")).count())
                    .isEqualTo(2);
        }
    }

    @Test
    void summaryCanBeTurnedOffWhileTheReportsAreStillWritten() throws Exception {
        String output = run(TwoParallelTests.class, "false");

        assertThat(output).isEmpty();
        assertThat(dir.resolve("index.html")).exists();
    }

    @Test
    void aReportFolderThatCannotBeWrittenWarnsButDoesNotFailTheTests() throws Exception {
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "a file where the folder should be");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> errors = new ArrayList<>();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new ReportListener(new PrintStream(output, true, StandardCharsets.UTF_8)))
                .build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();

        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectMethod(
                                TwoParallelTests.class, "plain", TaskContext.class.getName()))
                        .configurationParameter(
                                "parallelruns.report.dir",
                                blocked.resolve("reports").toString())
                        .build(),
                summary,
                new TestExecutionListener() {
                    @Override
                    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                        if (entry.getKeyValuePairs().containsKey("parallelruns.report.error")) {
                            errors.add(entry.getKeyValuePairs().get("parallelruns.report.error"));
                        }
                    }
                });

        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
        assertThat(errors)
                .singleElement()
                .asString()
                .startsWith("[parallel-runs] WARNING: cannot write the ParallelRuns report ")
                .contains("(parallelruns.report.dir = " + blocked.resolve("reports") + ")");
        assertThat(output.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aTestRunWithoutParallelTestsPrintsAndWritesNothing() throws Exception {
        String output = run(NoParallelTests.class, "true");

        assertThat(output).isEmpty();
        assertThat(dir.resolve("index.html")).doesNotExist();
    }

    private String run(Class<?> testClass, String summary) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new ReportListener(new PrintStream(output, true, StandardCharsets.UTF_8)))
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameter("parallelruns.report.dir", dir.toString())
                .configurationParameter("parallelruns.report.summary", summary)
                .build());
        return output.toString(StandardCharsets.UTF_8);
    }

    static class TwoParallelTests {
        @Test
        @ParallelRuns(workers = 2)
        void plain(TaskContext task) {
            Math.sqrt(task.taskIndex());
        }

        @Test
        @ParallelRuns(workers = 4, tasks = 4)
        @ExpectSpeedup(min = 1.5, workload = Workload.BLOCKING)
        void measured(TaskContext task) throws InterruptedException {
            Thread.sleep(5);
        }
    }

    static class NoParallelTests {
        @Test
        void ordinary() {
            Math.sqrt(2);
        }
    }
}
