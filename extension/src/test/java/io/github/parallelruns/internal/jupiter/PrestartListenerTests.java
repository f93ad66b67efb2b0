package io.github.parallelruns.internal.jupiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.internal.measure.TurnHolder;
import io.github.parallelruns.internal.worker.WorkerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The listener every launcher picks up starts the worker JVMs of the plan's first {@code PROCESSES} test
 * while earlier tests run, the test then runs on them, and workers no test took are gone when the run ends.
 */
class PrestartListenerTests {

    static final String DIR = "parallelrunstest.prestartDir";
    /** Worker JVMs of this JVM seen by the earlier test. */
    static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    @BeforeEach
    void shareTheFolder() {
        SEEN.clear();
        System.setProperty(DIR, dir.toString());
    }

    @AfterEach
    void forgetIt() {
        System.clearProperty(DIR);
    }

    /** As many as the test needs, at most one per processor. */
    static int expectedWorkers() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    static List<ProcessHandle> workerJvms() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().orElse("").contains(WorkerMain.class.getName()))
                .collect(Collectors.toList());
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PrestartedTestCase {

        @Test
        @Order(1)
        void earlier() {
            await().atMost(Duration.ofSeconds(60)).until(() -> workerJvms().size() == expectedWorkers());
            workerJvms().forEach(process -> SEEN.add(process.pid()));
        }

        @Test
        @Order(2)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2)
        void processes() throws IOException {
            long pid = ProcessHandle.current().pid();
            Files.writeString(Paths.get(System.getProperty(DIR)).resolve(pid + ".pid"), String.valueOf(pid));
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class NothingStartedTestCase {

        @Test
        @Order(1)
        void earlier() {
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> workerJvms().isEmpty());
        }

        @Test
        @Order(2)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2)
        void processes() {}
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class NeverTakenTestCase {

        @Test
        @Order(1)
        void earlier() {
            await().atMost(Duration.ofSeconds(60)).until(() -> workerJvms().size() == expectedWorkers());
        }

        @Test
        @Order(2)
        @Disabled("its prestarted workers are never taken")
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2)
        void processes() {}
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class MeasurementFirstTestCase {

        @Test
        @Order(1)
        @ParallelRuns(workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.0)
        void measures() throws InterruptedException {
            Thread.sleep(5);
        }

        @Test
        @Order(2)
        void nothingStarted() {
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> workerJvms().isEmpty());
        }

        @Test
        @Order(3)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2)
        void processes() {}
    }

    @Test
    void nothingStartsEarlyWhenASpeedupMeasurementComesFirst() {
        TestExecutionSummary summary = launch(
                MeasurementFirstTestCase.class,
                Map.of("parallelruns.speedup.enabled", "true", "parallelruns.turns.file", "none"));

        // The measurement itself may end INCONCLUSIVE (aborted) on a busy machine; the other two must pass.
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount() + summary.getTestsAbortedCount())
                .isEqualTo(3);
        assertThat(summary.getTestsSucceededCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void nothingStartsEarlyWhileAnotherJvmMeasures() throws Exception {
        Path lockFile = dir.resolve("turns.lock");
        Path holderDir = Files.createDirectory(dir.resolve("holder"));
        Process holder = TurnHolder.startInAnotherJvm(lockFile, holderDir, "measure");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(holderDir.resolve("holding")) || !holder.isAlive());
            assertThat(holder.isAlive()).isTrue();

            // The earlier test waits a second for the measurement, then runs without its turn and sees no
            // worker JVM: none were started while the other JVM measured.
            TestExecutionSummary summary = launch(
                    NothingStartedTestCase.class,
                    Map.of(
                            "parallelruns.processes.prestart", "true",
                            "parallelruns.turns.file", lockFile.toString(),
                            "parallelruns.turns.testWait", "1s"));

            assertThat(summary.getFailures()).isEmpty();
            assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
            assertThat(holderDir.resolve("released")).doesNotExist();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFirstProcessesTestRunsOnWorkersStartedWhileAnEarlierTestRan() throws IOException {
        TestExecutionSummary summary = launch(PrestartedTestCase.class, "true");

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(SEEN).hasSize(expectedWorkers());
        Set<Long> ranOn;
        try (Stream<Path> files = Files.list(dir)) {
            ranOn = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".pid"))
                    .map(name -> Long.parseLong(name.substring(0, name.length() - ".pid".length())))
                    .collect(Collectors.toSet());
        }
        assertThat(ranOn).hasSize(2).containsAll(SEEN);
        assertThat(workerJvms()).isEmpty();
    }

    @Test
    void offByConfigurationNothingStartsBeforeTheTest() {
        TestExecutionSummary summary = launch(NothingStartedTestCase.class, "false");

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    }

    @Test
    void workersNoTestTookAreGoneWhenTheRunEnds() {
        TestExecutionSummary summary = launch(NeverTakenTestCase.class, "true");

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getTestsSkippedCount()).isEqualTo(1);
        assertThat(workerJvms()).isEmpty();
    }

    private TestExecutionSummary launch(Class<?> testCase, String prestart) {
        // A lock file of its own: a speedup measurement of another build on this machine holds nothing up.
        return launch(
                testCase,
                Map.of(
                        "parallelruns.processes.prestart",
                        prestart,
                        "parallelruns.turns.file",
                        dir.resolve("turns.lock").toString()));
    }

    private TestExecutionSummary launch(Class<?> testCase, Map<String, String> configuration) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(testCase))
                                .configurationParameter(
                                        "parallelruns.processes.cacheDir",
                                        dir.resolve("cache").toString())
                                .configurationParameter(
                                        "parallelruns.report.dir",
                                        dir.resolve("reports").toString())
                                .configurationParameter("parallelruns.report.summary", "false")
                                .configurationParameters(configuration)
                                .build(),
                        summary);
        return summary.getSummary();
    }
}
