package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.runMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.parallelruns.internal.report.Json;
import io.github.parallelruns.internal.report.ReportListenerAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** The CI gate: a sleep-bound test (speedup about 4) against baselines above, at and beside it. */
class BaselineGateTests {

    private static final String TEST_ID = "[engine:junit-jupiter]/[class:io.github.parallelruns.BaselineGateTests$"
            + "GateTestCase]/[method:sleeps(io.github.parallelruns.TaskContext)]";

    private static final String SERIALIZE = "parallelrunstest.gate.serialize";
    private static final Object LOCK = new Object();

    @TempDir
    Path dir;

    @Test
    void aSpeedupFarBelowItsBaselineFailsTheTest() throws IOException {
        Path baseline = baseline(TEST_ID, "THREADS", 4, 4, 3.9);

        // The same test, now serialized by a lock: about 1x against the stored 3.9x.
        System.setProperty(SERIALIZE, "true");
        EngineExecutionResults results;
        try {
            results = run(baseline);
        } finally {
            System.clearProperty(SERIALIZE);
        }

        // Another process taking both cores marks the pairs disturbed, and the drop is then UNCLEAR by design.
        assumeFalse(
                entry(results).get("parallelruns.baseline.status").equals("UNCLEAR"),
                "the machine was too busy for this test: " + entry(results).get("parallelruns.baseline.message"));
        Throwable failure = onlyFailure(results);

        assertThat(failure)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 0.5) on 'sleeps(TaskContext)': the speedup dropped below "
                        + "the baseline: ")
                .hasMessageContaining("against 3.90x in the baseline " + baseline
                        + "; with the 10% tolerance the test fails below 3.51x");
    }

    @Test
    void aSpeedupAtItsBaselinePasses() throws IOException {
        EngineExecutionResults results = run(baseline(TEST_ID, "THREADS", 4, 4, 3.9));

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(entry(results)).containsEntry("parallelruns.baseline.status", "PASS");
    }

    @Test
    void aBaselineOfAnotherTaskCountOrAnotherTestIsNotCompared() throws IOException {
        EngineExecutionResults changed = run(baseline(TEST_ID, "THREADS", 4, 8, 10.0));
        EngineExecutionResults other = run(baseline(TEST_ID.replace("sleeps", "other"), "THREADS", 4, 4, 10.0));

        changed.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(entry(changed)).containsEntry("parallelruns.baseline.status", "CHANGED");
        other.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(entry(other)).containsEntry("parallelruns.baseline.status", "NEW");
    }

    @Test
    void aConfiguredBaselineThatIsMissingOrBrokenIsAConfigurationError() throws IOException {
        Path missing = dir.resolve("missing.json");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schema\": \"parallel-runs-baseline\",");

        assertThat(onlyFailure(run(missing)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("The baseline file " + missing.toAbsolutePath() + " (parallelruns.baseline.file) does not "
                        + "exist; write it with -Dparallelruns.baseline.update=true, or remove the setting");
        assertThat(onlyFailure(run(broken)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("the ParallelRuns baseline " + broken + " is not valid JSON at line 1, column ")
                .hasMessageContaining("expected more text, but found the end of the text")
                .hasMessageEndingWith("; fix it or write it anew with -Dparallelruns.baseline.update=true");
    }

    @Test
    void updatingWritesTheMeasuredSpeedupsAndKeepsOtherTests() throws IOException {
        Path baseline = baseline(TEST_ID.replace("sleeps", "other"), "THREADS", 4, 4, 2.0);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(
                        ReportListenerAccess.listener(new PrintStream(output, true, StandardCharsets.UTF_8)))
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(GateTestCase.class, "sleeps", TaskContext.class.getName()))
                .configurationParameter("parallelruns.baseline.file", baseline.toString())
                .configurationParameter("parallelruns.baseline.update", "true")
                .configurationParameter(
                        "parallelruns.report.dir", dir.resolve("reports").toString())
                .build());

        Map<String, Object> root = map(Json.read(Files.readString(baseline)));
        assertThat(root).containsEntry("schema", "parallel-runs-baseline").containsEntry("schemaVersion", 1L);
        Map<String, Object> tests = map(root.get("tests"));
        assertThat(tests).containsKeys(TEST_ID, TEST_ID.replace("sleeps", "other"));
        Map<String, Object> entry = map(tests.get(TEST_ID));
        assertThat(entry)
                .containsEntry("mode", "THREADS")
                .containsEntry("tasks", 4L)
                .containsEntry("test", "GateTestCase.sleeps(TaskContext)");
        List<?> points = (List<?>) entry.get("points");
        assertThat(points).singleElement().satisfies(point -> {
            assertThat(map(point)).containsEntry("workers", 4L).containsKeys("speedup", "lower", "upper");
            assertThat((Double) map(point).get("speedup")).isBetween(2.0, 4.4);
        });
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("[parallel-runs] baseline " + baseline.toAbsolutePath() + " updated at ")
                .contains(": 1 test(s) written; commit it");
    }

    private EngineExecutionResults run(Path baseline) {
        return runMethod(
                GateTestCase.class,
                "sleeps(io.github.parallelruns.TaskContext)",
                "parallelruns.baseline.file",
                baseline.toString(),
                "parallelruns.report.dir",
                dir.resolve("reports").toString());
    }

    private Path baseline(String testId, String mode, int workers, int tasks, double speedup) throws IOException {
        String json = "{\"schema\": \"parallel-runs-baseline\", \"schemaVersion\": 1, \"tests\": {"
                + Json.write(testId).strip() + ": {\"test\": \"x\", \"mode\": \"" + mode + "\", \"tasks\": " + tasks
                + ", \"points\": [{\"workers\": " + workers + ", \"speedup\": " + speedup + "}]}}}";
        return Files.writeString(dir.resolve("baseline.json"), json);
    }

    private static Map<String, String> entry(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .filter(keys -> keys.containsKey("parallelruns.baseline.status"))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static class GateTestCase {
        @Test
        @ParallelRuns(workers = 4, tasks = 4)
        @ExpectSpeedup(min = 0.5, workload = Workload.BLOCKING)
        void sleeps(TaskContext task) throws InterruptedException {
            if (Boolean.getBoolean(SERIALIZE)) {
                synchronized (LOCK) {
                    Thread.sleep(5);
                }
            } else {
                Thread.sleep(5);
            }
        }
    }
}
