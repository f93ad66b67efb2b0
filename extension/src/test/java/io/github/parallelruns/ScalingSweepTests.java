package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.runMethod;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.report.ReportFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * {@code @ScalingSweep} through the engine, with sleep-bound bodies whose speedup at each worker
 * count is known, and bounds far from it.
 */
class ScalingSweepTests {

    private static final Object LOCK = new Object();
    private static final String CONTEXT = "(io.github.parallelruns.TaskContext)";

    @TempDir
    Path reports;

    @Test
    void sleepingBodyScalesPassesTheSerialFractionBoundAndIsReportedWithFits() throws IOException {
        EngineExecutionResults results =
                runMethod(SweepTestCase.class, "sleeps" + CONTEXT, "parallelruns.report.dir", reports.toString());

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        Map<String, String> entry = entry(results, "parallelruns.sweep.verdict");
        assertThat(entry)
                .containsEntry("parallelruns.sweep.verdict", "PASS")
                .containsKeys("parallelruns.sweep.amdahl.serialFraction", "parallelruns.sweep.usl.contention");
        assertThat(entry.get("parallelruns.sweep.points")).startsWith("1:1.0000[1.0000,1.0000];2:");

        Map<String, Object> record = ReportFiles.readJson(
                Path.of(entry(results, ReportFiles.FILE_ENTRY).get(ReportFiles.FILE_ENTRY)));
        assertThat(record)
                .containsEntry("kind", "sweep")
                .containsEntry("verdict", "PASS")
                .containsEntry("mode", "THREADS")
                .containsEntry("workers", 8L)
                .containsEntry("tasks", 8L)
                .containsEntry("methodName", "sleeps")
                .containsEntry("test", "SweepTestCase.sleeps(TaskContext)");
        List<Map<String, Object>> points = list(record.get("points"));
        assertThat(points).extracting(point -> point.get("workers")).containsExactly(1L, 2L, 4L, 8L);
        assertThat(points.get(0)).containsEntry("reference", true).containsEntry("speedup", 1.0);
        for (Map<String, Object> point : points.subList(1, 4)) {
            double workers = ((Long) point.get("workers")).doubleValue();
            assertThat((Double) point.get("speedup")).isBetween(workers * 0.5, workers * 1.1);
            assertThat(point)
                    .containsEntry("verdict", "PASS")
                    .containsKeys(
                            "lower",
                            "upper",
                            "karpFlatt",
                            "karpFlattLower",
                            "karpFlattUpper",
                            "minSpeedup",
                            "peakWorkers");
            List<Map<String, Object>> pairs = list(point.get("pairs"));
            assertThat(pairs)
                    .hasSizeGreaterThanOrEqualTo(8)
                    .allSatisfy(pair -> assertThat(pair).containsKeys("baselineMs", "parallelMs", "disturbed"));
            if (pairs.stream().noneMatch(pair -> Boolean.TRUE.equals(pair.get("disturbed")))) {
                // nonDecreasing (the default) keeps each point measuring to 12 pairs, even after an early PASS; a
                // busy machine may spend the point's budget waiting for quiet before that, and the PASS stands.
                assertThat(pairs).hasSizeGreaterThanOrEqualTo(12);
            }
        }
        Map<String, Object> fits = map(record.get("fits"));
        assertThat((Double) map(fits.get("amdahl")).get("serialFraction")).isBetween(0.0, 0.2);
        assertThat(map(fits.get("usl"))).containsKeys("contention", "coherency", "peakWorkers");
        assertThat(map(record.get("environment"))).containsKeys("java", "os", "effectiveCores");
    }

    @Test
    void bodySerializedByALockFailsTheSerialFractionBoundWithATable() {
        EngineExecutionResults results =
                runMethod(SweepTestCase.class, "serialized" + CONTEXT, "parallelruns.report.dir", reports.toString());

        Throwable failure = onlyFailure(results);
        if (EngineRuns.inconclusiveForTheMachine(failure)) {
            // The points: a serialized body gains nothing, whatever the machine did.
            assertThat(failure).hasMessageFindingMatch("\\n +2 +(0\\.9\\d|1\\.0\\d)x");
            return;
        }
        assertThat(failure)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("@ScalingSweep(workers = [1, 2, 4], maxSerialFraction = 0.1) on "
                        + "'serialized(TaskContext)': FAIL: serial fraction at most 0.100 failed on ")
                .hasMessageContaining("; and PASS: the speedup did not fall as workers grew (1: 1.00x, 2: ")
                .hasMessageContaining("workers   speedup  98% interval        efficiency  Karp-Flatt serial fraction")
                .hasMessageContaining("1.00x  (the baseline)")
                .hasMessageFindingMatch("Amdahl: serial fraction (0\\.9\\d\\d|1\\.000), at most 1\\.0\\dx on any "
                        + "number of workers");
    }

    @Test
    void speedupFallingAsWorkersGrowFails() {
        EngineExecutionResults results = runMethod(
                SweepTestCase.class, "slowerWithMoreWorkers" + CONTEXT, "parallelruns.report.dir", reports.toString());

        // Each step falls (1 to 2 and 2 to 4 workers): a busy machine may leave the first one unclear
        // (disturbed pairs), and the fall named is then the second.
        String aFall =
                "the speedup fell from (1\\.00x on 1 workers to 0\\.\\d\\dx on 2|0\\.\\d\\dx on 2 workers to 0\\.\\d\\dx on 4)";
        Throwable failure = onlyFailure(results);
        if (EngineRuns.inconclusiveForTheMachine(failure)) {
            assertThat(failure).hasMessageFindingMatch(aFall);
            return;
        }
        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessageFindingMatch("FAIL: " + aFall);
    }

    @Test
    void withoutWorkerCountsTheSweepGoesUpInPowersOfTwoToMaxWorkers() throws IOException {
        EngineExecutionResults results =
                runMethod(SweepTestCase.class, "upToThree" + CONTEXT, "parallelruns.report.dir", reports.toString());

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        Map<String, Object> record = ReportFiles.readJson(
                Path.of(entry(results, ReportFiles.FILE_ENTRY).get(ReportFiles.FILE_ENTRY)));
        assertThat(map(record.get("bounds"))).containsEntry("workerCounts", List.of(1L, 2L, 3L));
        assertThat(map(record.get("fits")))
                .containsEntry("usl", null)
                .containsEntry(
                        "uslNote",
                        "too few points for "
                                + "a Universal Scalability Law fit: it needs speedups at 3 or more worker counts above 1, this sweep "
                                + "has 2");
    }

    @Test
    void defaultSweepEndsAtTheEffectiveCores() {
        int cores = EffectiveCores.ofThisMachine().cores();
        List<Integer> expected = new ArrayList<>();
        for (int count = 1; count < cores; count *= 2) {
            expected.add(count);
        }
        expected.add(cores);

        EngineExecutionResults results = runMethod(
                SweepTestCase.class,
                "toTheCores" + CONTEXT,
                "parallelruns.speedup.enabled",
                "false",
                "parallelruns.report.dir",
                reports.toString());

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(entry(results, "parallelruns.sweep.verdict"))
                .containsEntry("parallelruns.sweep.verdict", "NOT_CHECKED")
                .containsEntry(
                        "parallelruns.sweep.reason",
                        "@ScalingSweep(workers = " + expected + ") on "
                                + "'toTheCores(TaskContext)' was not checked: parallelruns.speedup.enabled = false");
    }

    @Test
    void sweepOfWorkerJvms() {
        EngineExecutionResults results =
                runMethod(SweepTestCase.class, "inWorkerJvms" + CONTEXT, "parallelruns.report.dir", reports.toString());

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(entry(results, "parallelruns.sweep.verdict")).containsEntry("parallelruns.sweep.verdict", "PASS");
    }

    @Test
    void aBodyFailingDuringTheSweepFailsTheTestAndIsStillReported() throws IOException {
        EngineExecutionResults results = runMethod(
                SweepTestCase.class, "failsInRunThree" + CONTEXT, "parallelruns.report.dir", reports.toString());

        assertThat(onlyFailure(results)).isInstanceOf(TaskFailedError.class).hasMessageContaining("run three breaks");
        Map<String, Object> record = ReportFiles.readJson(
                Path.of(entry(results, ReportFiles.FILE_ENTRY).get(ReportFiles.FILE_ENTRY)));
        assertThat(record).containsEntry("kind", "sweep").containsEntry("verdict", "FAILED");
        assertThat((String) record.get("reason"))
                .startsWith("the measurement ended with a failure: ")
                .contains("run three breaks");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "withoutParallelRuns",
                "withExpectSpeedup",
                "withWorkers",
                "descending",
                "withMaxWorkers",
                "tooFewTasks",
                "fractionTooHigh",
                "onlyOneWorker"
            })
    void invalidSweepsAreRejectedBeforeTheBodyRuns(String method) {
        BadSweepTestCase.calls.set(0);

        Throwable failure = onlyFailure(runMethod(BadSweepTestCase.class, method));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessage(expectedError(method));
        assertThat(BadSweepTestCase.calls).hasValue(0);
    }

    private static String expectedError(String method) {
        String on = "@ScalingSweep on method '" + method + "()'";
        switch (method) {
            case "withoutParallelRuns":
                return on + " needs @ParallelRuns on the same method: the sweep runs its body over several worker "
                        + "counts";
            case "withExpectSpeedup":
                return "@ScalingSweep and @ExpectSpeedup on method 'withExpectSpeedup()' cannot be combined: a sweep "
                        + "measures every worker count and asserts with its own maxSerialFraction and nonDecreasing; "
                        + "put the single-count bound in a separate test";
            case "withWorkers":
                return "@ScalingSweep on method 'withWorkers()': @ParallelRuns must leave workers at 0 because the "
                        + "sweep sets the worker counts, but it declares workers = 4";
            case "descending":
                return on + " must declare workers counts in ascending order without repeats, but was '[1, 4, 2]'";
            case "withMaxWorkers":
                return on + " must declare maxWorkers 0 when workers are listed ([1, 2]), but was 8";
            case "tooFewTasks":
                return "@ScalingSweep on method 'tooFewTasks()': @ParallelRuns declares tasks = 2, fewer than the "
                        + "largest worker count 4 of the sweep; every worker needs a task: raise tasks, or leave it at "
                        + "0 for 4";
            case "fractionTooHigh":
                return on + " must declare maxSerialFraction in [0, 1), or NaN for no bound, but was 1.5";
            default:
                return on + " must declare workers at least one count above 1 (the 1-worker point is the baseline "
                        + "itself), but was '[1]'";
        }
    }

    private static Map<String, String> entry(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .filter(keys -> keys.containsKey(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no report entry with " + key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    static class SweepTestCase {

        @Test
        @ParallelRuns(tasks = 8)
        @ScalingSweep(
                workers = {1, 2, 4, 8},
                workload = Workload.BLOCKING,
                maxSerialFraction = 0.2)
        void sleeps(TaskContext task) throws InterruptedException {
            Thread.sleep(3);
        }

        @Test
        @ParallelRuns(tasks = 4)
        @ScalingSweep(
                workers = {1, 2, 4},
                workload = Workload.BLOCKING,
                maxSerialFraction = 0.1)
        void serialized(TaskContext task) throws InterruptedException {
            synchronized (LOCK) {
                Thread.sleep(3);
            }
        }

        @Test
        @ParallelRuns(tasks = 4)
        @ScalingSweep(
                workers = {1, 2, 4},
                workload = Workload.BLOCKING)
        void slowerWithMoreWorkers(TaskContext task) throws InterruptedException {
            // p workers: 4 tasks of p² ms in p lanes, 4p ms in all, against 4 ms on one worker: speedup 1/p.
            Thread.sleep((long) task.workers() * task.workers());
        }

        @Test
        @ParallelRuns
        @ScalingSweep(maxWorkers = 3, workload = Workload.BLOCKING)
        void upToThree(TaskContext task) throws InterruptedException {
            Thread.sleep(3);
        }

        @Test
        @ParallelRuns
        @ScalingSweep
        void toTheCores(TaskContext task) {
            Math.sqrt(task.taskIndex());
        }

        @Test
        @ParallelRuns(tasks = 2)
        @ScalingSweep(
                workers = {1, 2},
                workload = Workload.BLOCKING)
        void failsInRunThree(TaskContext task) throws InterruptedException {
            Thread.sleep(1);
            if (task.runIndex() == 3) {
                throw new IllegalStateException("run three breaks");
            }
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, tasks = 4)
        @ScalingSweep(
                workers = {1, 2},
                workload = Workload.BLOCKING)
        void inWorkerJvms(TaskContext task) throws InterruptedException {
            Thread.sleep(10);
        }
    }

    static class BadSweepTestCase {

        static final AtomicInteger calls = new AtomicInteger();

        @Test
        @ScalingSweep(workers = {1, 2})
        void withoutParallelRuns() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns
        @ScalingSweep(workers = {1, 2})
        @ExpectSpeedup(min = 1.5)
        void withExpectSpeedup() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns(workers = 4)
        @ScalingSweep(workers = {1, 2})
        void withWorkers() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns
        @ScalingSweep(workers = {1, 4, 2})
        void descending() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns
        @ScalingSweep(
                workers = {1, 2},
                maxWorkers = 8)
        void withMaxWorkers() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns(tasks = 2)
        @ScalingSweep(workers = {1, 2, 4})
        void tooFewTasks() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns
        @ScalingSweep(
                workers = {1, 2},
                maxSerialFraction = 1.5)
        void fractionTooHigh() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns
        @ScalingSweep(workers = {1})
        void onlyOneWorker() {
            calls.incrementAndGet();
        }
    }
}
