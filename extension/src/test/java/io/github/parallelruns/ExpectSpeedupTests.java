package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.run;
import static io.github.parallelruns.EngineRuns.runMethod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * {@code @ExpectSpeedup} through the engine, with sleep-bound bodies whose ideal speedup is known and
 * bounds far from it, so that the verdicts do not depend on how busy the machine is.
 */
class ExpectSpeedupTests {

    private static final Object LOCK = new Object();

    @Test
    void sleepingBodyOnFourWorkersMeetsAMinimumFarBelowItsIdeal() {
        EngineExecutionResults results = run(SleepOnFourWorkersTestCase.class);

        Map<String, String> entry = speedupEntry(results);
        assertThat(entry)
                .containsEntry("parallelruns.speedup.workload", "BLOCKING")
                .containsEntry("parallelruns.speedup.peakWorkers", "4");
        assertThat(entry.get("parallelruns.speedup.pairsMs").split(";"))
                .hasSize(Integer.parseInt(entry.get("parallelruns.speedup.pairs")));
        if (EngineRuns.passedUnlessTheMachineWasBusy(results, entry)) {
            assertThat(Double.parseDouble(entry.get("parallelruns.speedup.speedup")))
                    .isBetween(2.0, 4.4);
            assertThat(Double.parseDouble(entry.get("parallelruns.speedup.lower")))
                    .isGreaterThanOrEqualTo(2.0 * 0.95);
            assertThat(Integer.parseInt(entry.get("parallelruns.speedup.pairs")))
                    .isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void bodySerializedByALockFailsAMinimumOfTwice() {
        EngineExecutionResults results = runMethod(SerialTestCase.class, "mustBeTwiceAsFast");

        Throwable failure = onlyFailure(results);
        assertThat(Double.parseDouble(speedupEntry(results).get("parallelruns.speedup.speedup")))
                .isLessThan(1.5);
        if (EngineRuns.inconclusiveForTheMachine(failure)) {
            assertThat(failure).hasMessageContaining("disturbed");
            return;
        }
        assertThat(failure)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 2.0) on 'mustBeTwiceAsFast()': FAIL: ")
                .hasMessageContaining("baseline (1 worker) median")
                .hasMessageContaining("parallel (4 workers) median");
        assertThat(speedupEntry(results)).containsEntry("parallelruns.speedup.verdict", "FAIL");
        assertThat(Double.parseDouble(speedupEntry(results).get("parallelruns.speedup.speedup")))
                .isLessThan(1.5);
    }

    @Test
    void bodySerializedByALockMeetsAMaximum() {
        EngineExecutionResults results = runMethod(SerialTestCase.class, "mustNotRunInParallel");

        EngineRuns.passedUnlessTheMachineWasBusy(results, speedupEntry(results));
    }

    @Test
    void boundAboveWhatTheWorkersCanGiveIsAbortedBeforeTheBodyRuns() {
        UnattainableTestCase.calls.set(0);

        EngineExecutionResults results = runMethod(UnattainableTestCase.class, "cpuBound");

        assertThat(onlyFailure(results))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 3.0) on 'cpuBound()' is unattainable on this machine: ")
                .hasMessageContaining("2 workers and 2 tasks of a CPU_BOUND body give at most ")
                .hasMessageContaining("but the lowest speedup asked for is 3.00x (2.85x with the 5% tolerance)");
        assertThat(UnattainableTestCase.calls).hasValue(0);
    }

    @Test
    void withTheDefaultWorkloadASleepingBodyGetsTheWorkersCeilingAndPassesABoundAboveTheCores() {
        EngineExecutionResults results = runMethod(AutoTestCase.class, "sleeps");

        Map<String, String> entry = speedupEntry(results);
        EngineRuns.passedUnlessTheMachineWasBusy(results, entry);
        assertThat(entry)
                .containsEntry("parallelruns.speedup.workload", "AUTO")
                .containsEntry("parallelruns.speedup.ceiling", "6.0000");
        // A sleeping body computes a small part of its time, whatever else the machine does.
        assertThat(Double.parseDouble(entry.get("parallelruns.speedup.cpuShare")))
                .isLessThan(0.3);
        assertThat(Double.parseDouble(entry.get("parallelruns.speedup.turnWaitMs")))
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void withTheDefaultWorkloadAComputingBodyIsAbortedAboveTheCoresAfterItsCalibration() {
        Assumptions.assumeTrue(
                Runtime.getRuntime().availableProcessors() < 50,
                "the bound of 60 must be out of reach of this machine's cores");
        AutoTestCase.calls.set(0);

        EngineExecutionResults results = runMethod(AutoTestCase.class, "computes");

        assertThat(onlyFailure(results))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 60.0) on 'computes()' is unattainable on this machine: ")
                .hasMessageContaining(", CPU share ")
                .hasMessageContaining("64 workers and 64 tasks give at most 64.00x")
                .hasMessageContaining("the ceiling follows from the body's CPU share, measured on a calibration run");
        assertThat(speedupEntry(results)).containsEntry("parallelruns.speedup.verdict", "UNATTAINABLE");
        // The calibration ran: one run to time it, then at least one to take the share. No pairs.
        assertThat(AutoTestCase.calls.get()).isGreaterThanOrEqualTo(2 * 64).isLessThan(64 * 200);
    }

    @Test
    void aProbedBoundAboveEvenAllTheCoresIsAbortedBeforeTheProbeAndTheBodyRun() {
        Assumptions.assumeTrue(
                Runtime.getRuntime().availableProcessors() < 50,
                "the bound of 60 must be out of reach of this machine's cores");
        AutoTestCase.calls.set(0);

        EngineExecutionResults results = runMethod(AutoTestCase.class, "probed");

        assertThat(onlyFailure(results))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 60.0) on 'probed()' is unattainable on this machine: ")
                .hasMessageContaining("64 workers and 64 tasks of a PROBED body give at most ")
                .hasMessageNotContaining("capacity probe");
        assertThat(speedupEntry(results)).containsEntry("parallelruns.speedup.verdict", "UNATTAINABLE");
        assertThat(AutoTestCase.calls).hasValue(0);
    }

    @Test
    void blockingCeilingCountsTasksPerWorker() {
        EngineExecutionResults results = runMethod(UnattainableTestCase.class, "blocking");

        // 6 tasks on 4 workers: two rounds of tasks at best, so at most 3x.
        assertThat(onlyFailure(results))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("4 workers and 6 tasks of a BLOCKING body give at most 3.00x");
    }

    @Test
    void budgetTooSmallForEvenTheFirstPairsIsInconclusiveAndAbortsByDefault() {
        EngineExecutionResults results = run(TinyBudgetTestCase.class, "parallelruns.speedup.budget", "1ms");

        assertThat(onlyFailure(results))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 1.5) on 'sleeps()': INCONCLUSIVE: ");
        assertThat(speedupEntry(results)).containsEntry("parallelruns.speedup.verdict", "INCONCLUSIVE");
    }

    @Test
    void inconclusiveCanBeConfiguredToFail() {
        EngineExecutionResults results = run(
                TinyBudgetTestCase.class,
                "parallelruns.speedup.budget",
                "1ms",
                "parallelruns.speedup.inconclusive",
                "fail");

        assertThat(onlyFailure(results))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(": INCONCLUSIVE: ");
    }

    @Test
    void inconclusiveCanBeConfiguredToWarn() {
        EngineExecutionResults results = run(
                TinyBudgetTestCase.class,
                "parallelruns.speedup.budget",
                "1ms",
                "parallelruns.speedup.inconclusive",
                "warn");

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(allEntries(results))
                .anySatisfy(entry -> assertThat(entry.get("parallelruns.speedup.warning"))
                        .startsWith("@ExpectSpeedup(min = 1.5) on 'sleeps()': INCONCLUSIVE: "));
    }

    @Test
    void disabledMeasurementRunsTheTasksOnceAndSaysTheBoundWasNotChecked() {
        TinyBudgetTestCase.calls.set(0);

        EngineExecutionResults results = run(TinyBudgetTestCase.class, "parallelruns.speedup.enabled", "false");

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(TinyBudgetTestCase.calls).hasValue(4);
        assertThat(speedupEntry(results))
                .containsEntry("parallelruns.speedup.verdict", "NOT_CHECKED")
                .containsEntry(
                        "parallelruns.speedup.reason",
                        "@ExpectSpeedup(min = 1.5) on 'sleeps()' was not "
                                + "checked: parallelruns.speedup.enabled = false");
    }

    @Test
    void taskContextTellsWhichRunTheBodyIsIn() {
        ContextTestCase.contexts.clear();

        run(ContextTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        List<TaskContext> contexts = List.copyOf(ContextTestCase.contexts);
        Map<Integer, List<TaskContext>> byRun = contexts.stream().collect(Collectors.groupingBy(TaskContext::runIndex));
        // Every run is the whole task set once, on one worker (baseline) or on both.
        assertThat(byRun.values()).allSatisfy(run -> {
            assertThat(run).extracting(TaskContext::taskIndex).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(run)
                    .extracting(TaskContext::isBaseline)
                    .containsOnly(run.get(0).isBaseline());
            assertThat(run)
                    .extracting(TaskContext::isWarmUp)
                    .containsOnly(run.get(0).isWarmUp());
            assertThat(run)
                    .extracting(TaskContext::workers)
                    .containsOnly(run.get(0).isBaseline() ? 1 : 2);
            assertThat(run).extracting(TaskContext::tasks).containsOnly(4);
        });
        assertThat(byRun.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, byRun.size()).boxed().collect(Collectors.toList()));
        assertThat(contexts)
                .anyMatch(TaskContext::isBaseline)
                .anyMatch(task -> !task.isBaseline())
                .anyMatch(TaskContext::isWarmUp)
                .anyMatch(task -> !task.isWarmUp());
        assertThat(contexts)
                .filteredOn(TaskContext::isBaseline)
                .extracting(TaskContext::workerIndex)
                .containsOnly(0);
    }

    @Test
    void failingTaskDuringTheMeasurementFailsTheTestNamingWorkerAndTask() {
        Throwable failure = onlyFailure(run(FailingTestCase.class));

        assertThat(failure)
                .isInstanceOf(TaskFailedError.class)
                .hasMessageContaining("task 3")
                .hasMessageContaining("boom in run");
    }

    @Test
    void misuseIsAConfigurationErrorNamingTheAttributeAndValue() {
        assertThat(onlyFailure(runMethod(MisuseTestCase.class, "withoutParallelRuns")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@ExpectSpeedup on method 'withoutParallelRuns()' needs @ParallelRuns on the same method: "
                        + "the speedup is that of its parallel run over the same tasks on one worker");
        assertThat(onlyFailure(runMethod(MisuseTestCase.class, "noBound")))
                .hasMessage("@ExpectSpeedup on method 'noBound()': at least one of min, max and minEfficiency must "
                        + "be set, but none was (min = 0, max = Infinity, minEfficiency = 0)");
        assertThat(onlyFailure(runMethod(MisuseTestCase.class, "negativeMin")))
                .hasMessage("@ExpectSpeedup on method 'negativeMin()' must declare min >= 0 and finite (0 for no "
                        + "lower bound), but was -1.0");
        assertThat(onlyFailure(runMethod(MisuseTestCase.class, "efficiencyAboveOne")))
                .hasMessage("@ExpectSpeedup on method 'efficiencyAboveOne()' must declare minEfficiency in (0, 1] (0 "
                        + "for no efficiency bound), but was 1.5");
        assertThat(onlyFailure(runMethod(MisuseTestCase.class, "minAboveMax")))
                .hasMessage("@ExpectSpeedup on method 'minAboveMax()': max must be at least the lowest speedup, "
                        + "minEfficiency 0.9 × 4 workers = 3.6, but was 2.0");
        assertThat(onlyFailure(runMethod(MisuseTestCase.class, "oneWorker")))
                .hasMessage("@ExpectSpeedup on method 'oneWorker()': a speedup above 1 needs at least 2 workers, but "
                        + "@ParallelRuns resolved to 1 worker (lowest speedup asked: 1.5)");
    }

    private static Map<String, String> speedupEntry(EngineExecutionResults results) {
        return allEntries(results).stream()
                .filter(entry -> entry.containsKey("parallelruns.speedup.verdict"))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no speedup report entry"));
    }

    private static List<Map<String, String>> allEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .collect(Collectors.toList());
    }

    static class SleepOnFourWorkersTestCase {
        @Test
        @ParallelRuns(workers = 4, tasks = 8)
        @ExpectSpeedup(min = 2, workload = Workload.BLOCKING)
        void sleeps() throws InterruptedException {
            Thread.sleep(5);
        }
    }

    static class SerialTestCase {
        @Test
        @ParallelRuns(workers = 4, tasks = 8)
        @ExpectSpeedup(min = 2, workload = Workload.BLOCKING)
        void mustBeTwiceAsFast() throws InterruptedException {
            synchronized (LOCK) {
                Thread.sleep(3);
            }
        }

        @Test
        @ParallelRuns(workers = 4, tasks = 8)
        @ExpectSpeedup(max = 1.5, workload = Workload.BLOCKING)
        void mustNotRunInParallel() throws InterruptedException {
            synchronized (LOCK) {
                Thread.sleep(3);
            }
        }
    }

    static class UnattainableTestCase {
        static final AtomicInteger calls = new AtomicInteger();

        @Test
        @ParallelRuns(workers = 2, tasks = 2)
        @ExpectSpeedup(min = 3, workload = Workload.CPU_BOUND)
        void cpuBound() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns(workers = 4, tasks = 6)
        @ExpectSpeedup(min = 3.5, workload = Workload.BLOCKING)
        void blocking() {
            calls.incrementAndGet();
        }
    }

    static class AutoTestCase {
        static final AtomicInteger calls = new AtomicInteger();

        @Test
        @ParallelRuns(workers = 6, tasks = 12)
        @ExpectSpeedup(minEfficiency = 0.5)
        void sleeps() throws InterruptedException {
            Thread.sleep(20);
        }

        @Test
        @ParallelRuns(workers = 64, tasks = 64)
        @ExpectSpeedup(min = 60, workload = Workload.PROBED)
        void probed() {
            calls.incrementAndGet();
        }

        @Test
        @ParallelRuns(workers = 64, tasks = 64)
        @ExpectSpeedup(min = 60)
        void computes() {
            calls.incrementAndGet();
            long end = System.nanoTime() + 1_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    static class TinyBudgetTestCase {
        static final AtomicInteger calls = new AtomicInteger();

        @Test
        @ParallelRuns(workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.5, workload = Workload.BLOCKING)
        void sleeps() throws InterruptedException {
            calls.incrementAndGet();
            Thread.sleep(2);
        }
    }

    static class ContextTestCase {
        static final Queue<TaskContext> contexts = new ConcurrentLinkedQueue<>();

        @Test
        @ParallelRuns(workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.2, workload = Workload.BLOCKING)
        void records(TaskContext task) throws InterruptedException {
            contexts.add(task);
            Thread.sleep(3);
        }
    }

    static class FailingTestCase {
        static final AtomicInteger calls = new AtomicInteger();

        @Test
        @ParallelRuns(workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.2, workload = Workload.BLOCKING)
        void failsLater(TaskContext task) throws InterruptedException {
            Thread.sleep(2);
            if (task.runIndex() == 5 && task.taskIndex() == 3) {
                throw new IllegalStateException("boom in run 5");
            }
        }
    }

    static class MisuseTestCase {
        @Test
        @ExpectSpeedup(min = 2)
        void withoutParallelRuns() {}

        @Test
        @ParallelRuns(workers = 2)
        @ExpectSpeedup
        void noBound() {}

        @Test
        @ParallelRuns(workers = 2)
        @ExpectSpeedup(min = -1)
        void negativeMin() {}

        @Test
        @ParallelRuns(workers = 2)
        @ExpectSpeedup(minEfficiency = 1.5)
        void efficiencyAboveOne() {}

        @Test
        @ParallelRuns(workers = 4)
        @ExpectSpeedup(minEfficiency = 0.9, max = 2)
        void minAboveMax() {}

        @Test
        @ParallelRuns(workers = 1)
        @ExpectSpeedup(min = 1.5)
        void oneWorker() {}
    }
}
