package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.run;
import static io.github.parallelruns.ProcessesTests.leave;
import static io.github.parallelruns.ProcessesTests.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.measure.ThreadCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/** {@code @ExpectSpeedup} with worker JVMs: the baseline runs in worker JVM 0, the parallel side in all. */
class ProcessesSpeedupTests extends WorkerJvmTestSupport {

    @Test
    void sleepingBodyOnTwoWorkerJvmsPassesAndTheBaselineRunsInWorkerZero() throws IOException {
        EngineExecutionResults results = run(SleepTestCase.class);

        Map<String, String> entry = speedupEntry(results);
        EngineRuns.passedUnlessTheMachineWasBusy(results, entry);
        assertThat(entry).containsEntry("parallelruns.speedup.peakWorkers", "2");
        List<String[]> runs = records();
        Set<String> pids = runs.stream().map(record -> record[1]).collect(Collectors.toSet());
        assertThat(pids)
                .hasSize(2)
                .doesNotContain(String.valueOf(ProcessHandle.current().pid()));
        // Baseline runs: one JVM, worker index 0, one worker; parallel runs: both JVMs.
        Set<String> baselinePids = runs.stream()
                .filter(record -> record[3].equals("baseline"))
                .map(record -> record[1])
                .collect(Collectors.toSet());
        assertThat(baselinePids).hasSize(1);
        assertThat(runs)
                .filteredOn(record -> record[3].equals("baseline"))
                .allSatisfy(record -> assertThat(record[2]).isEqualTo("0"));
        Map<String, Long> tasksPerRun =
                runs.stream().collect(Collectors.groupingBy(record -> record[4], Collectors.counting()));
        assertThat(tasksPerRun.values()).containsOnly(4L);
    }

    @Test
    void aTaskFailingInAWorkerJvmDuringTheMeasurementFailsTheTest() {
        Throwable failure = onlyFailure(run(FailingTestCase.class));

        assertThat(failure)
                .isInstanceOf(TaskFailedError.class)
                .hasMessageContaining("task 2")
                .hasMessageContaining("fails in run 4");
    }

    @Test
    void withTheDefaultWorkloadSleepingWorkerJvmsPassABoundAboveTheCores() {
        EngineExecutionResults results = EngineRuns.runMethod(AutoTestCase.class, "sleeps");

        Map<String, String> entry = speedupEntry(results);
        assertThat(entry)
                .containsEntry("parallelruns.speedup.workload", "AUTO")
                .containsEntry("parallelruns.speedup.ceiling", "4.0000");
        EngineRuns.passedUnlessTheMachineWasBusy(results, entry);
        // Read in worker JVM 0 on the thread that ran the tasks: neither the worker JVM's compiler, busy while it
        // is new, nor other processes enter it.
        assertThat(Double.parseDouble(entry.get("parallelruns.speedup.cpuShare")))
                .isLessThan(0.3);
        if (ThreadCpu.readThisThread().isPresent()) {
            assertThat(entry).containsEntry("parallelruns.speedup.cpuShareBasis", "WORKER_THREADS");
        }
    }

    @Test
    void withTheDefaultWorkloadComputingWorkerJvmsAreAbortedNotFailedAboveTheCores() {
        Assumptions.assumeTrue(
                Runtime.getRuntime().availableProcessors() < 3, "3.6x must be out of reach of this machine's cores");

        Throwable failure = onlyFailure(EngineRuns.runMethod(AutoTestCase.class, "computes"));

        assertThat(failure)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 3.6) on 'computes()' is unattainable on this machine: ")
                .hasMessageContaining("CPU share");
    }

    private static Map<String, String> speedupEntry(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .filter(keys -> keys.containsKey("parallelruns.speedup.verdict"))
                .findFirst()
                .orElseThrow();
    }

    private List<String[]> records() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("run-"))
                    .map(name -> name.split("-"))
                    .collect(Collectors.toList());
        }
    }

    static class SleepTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.4, workload = Workload.BLOCKING)
        void sleeps(TaskContext task) throws InterruptedException {
            // run-<pid>-<worker>-<baseline|parallel>-<run>-<task>
            leave("run-" + pid() + "-" + task.workerIndex() + "-" + (task.isBaseline() ? "baseline" : "parallel") + "-"
                    + task.runIndex() + "-" + task.taskIndex());
            Thread.sleep(10);
        }
    }

    static class AutoTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 4, tasks = 8)
        @ExpectSpeedup(min = 2.5)
        void sleeps() throws InterruptedException {
            Thread.sleep(10);
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 4, tasks = 4)
        @ExpectSpeedup(min = 3.6)
        void computes() {
            long end = System.nanoTime() + 5_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    static class FailingTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.4, workload = Workload.BLOCKING)
        void failsLater(TaskContext task) throws InterruptedException {
            Thread.sleep(5);
            if (task.runIndex() == 4 && task.taskIndex() == 2) {
                throw new IllegalStateException("fails in run 4");
            }
        }
    }
}
