package io.github.parallelruns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The engine without annotations, on sleep-bound bodies whose ideal speedup is known. */
class ParallelTests {

    private static final Object LOCK = new Object();

    @Test
    void everyTaskRunsAfterFailuresAndTheResultCountsThemKeepingTheFirstFewOfEachKind() {
        AtomicInteger ran = new AtomicInteger();
        RunResult result = Parallel.task(task -> {
                    ran.incrementAndGet();
                    if (task.taskIndex() % 10 == 3) {
                        throw new IllegalStateException("task " + task.taskIndex() + " lost an update");
                    }
                })
                .workers(4)
                .tasks(200)
                .run();

        assertThat(ran).hasValue(200);
        assertThat(result.tasksStarted()).isEqualTo(200);
        assertThat(result.failedTasks()).isEqualTo(20);
        assertThat(result.taskFailed(193)).isTrue();
        assertThat(result.taskFailed(194)).isFalse();
        assertThat(result.failedTaskIndexes()).hasSize(20).startsWith(3, 13, 23);
        // One kind: the first 4 kept, whole, each knowing how many there were.
        assertThat(result.failures()).extracting(TaskFailedError::taskIndex).containsExactly(3, 13, 23, 33);
        assertThat(result.failures())
                .allSatisfy(failure -> assertThat(failure.failuresOfThisKind()).isEqualTo(20));
        assertThat(result.failure())
                .get()
                .asInstanceOf(InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("(20 of 200 tasks failed on 4 THREADS workers of ")
                .hasMessageContaining("180 passed: 20 × IllegalStateException: task 3..193 lost an update at ");
    }

    @Test
    void runsEveryTaskOnceOnTheWorkers() {
        Set<Integer> tasks = ConcurrentHashMap.newKeySet();
        Set<Integer> workers = ConcurrentHashMap.newKeySet();

        RunResult run = Parallel.task(task -> {
                    tasks.add(task.taskIndex());
                    workers.add(task.workerIndex());
                })
                .workers(4)
                .tasks(100)
                .run();

        assertThat(run.succeeded()).isTrue();
        assertThat(run.failure()).isEmpty();
        assertThat(run.failures()).isEmpty();
        assertThat(run.tasksStarted()).isEqualTo(100);
        assertThat(run.workers()).isEqualTo(4);
        assertThat(run.mode()).isEqualTo(Mode.THREADS);
        assertThat(tasks).hasSize(100);
        assertThat(workers).allSatisfy(worker -> assertThat(worker).isBetween(0, 3));
    }

    @Test
    void failuresAreInTheResultNotThrown() {
        RunResult run = Parallel.task(task -> {
                    if (task.taskIndex() == 7) {
                        throw new IllegalStateException("task seven breaks");
                    }
                })
                .workers(2)
                .tasks(8)
                .run();

        assertThat(run.succeeded()).isFalse();
        assertThat(run.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.taskIndex()).isEqualTo(7);
            assertThat(failure)
                    .hasMessageContaining("task 7: ")
                    .hasMessageContaining("task seven breaks")
                    .hasCauseInstanceOf(IllegalStateException.class);
        });
        assertThat(run.failure()).containsInstanceOf(TaskFailedError.class);
    }

    @Test
    void measuresTheSpeedupOfASleepingBodyWithoutBounds() throws Exception {
        SpeedupEstimate estimate = Parallel.task(task -> Thread.sleep(3))
                .workers(4)
                .tasks(8)
                .workload(Workload.BLOCKING)
                .measureSpeedup();

        assertThat(estimate.verdict()).isEqualTo(Verdict.MEASURED);
        assertThat(estimate.pairs()).isEqualTo(12);
        assertThat(estimate.speedup()).isBetween(2.0, 4.4);
        assertThat(estimate.lower()).isLessThanOrEqualTo(estimate.speedup());
        assertThat(estimate.upper()).isGreaterThanOrEqualTo(estimate.speedup());
        assertThat(estimate.efficiency()).isEqualTo(estimate.speedup() / 4);
        assertThat(estimate.reason()).startsWith("measured without a bound: speedup ");
        assertThat(estimate.verdictFor(1.5, Double.POSITIVE_INFINITY)).isEqualTo(Verdict.PASS);
        // Bounds are checked as measureSpeedup(min, max) checks them, the message naming the call.
        assertThatThrownBy(() -> estimate.verdictFor(3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verdictFor(min = 3.0, max = 2.0): max must be > 0 and >= min (3.0), or Infinity for no "
                        + "upper bound, but was 2.0");
        assertThatThrownBy(() -> estimate.verdictFor(0, Double.POSITIVE_INFINITY))
                .hasMessageStartingWith("verdictFor(min = 0.0, max = Infinity): min and max must not both be unset");
        // A FAIL is not trusted on pairs that other processes disturbed (both cores taken): then nothing to check.
        assumeTrue(
                estimate.disturbedPairs().size() <= estimate.pairs() / 4,
                "the machine disturbed " + estimate.disturbedPairs().size() + " of " + estimate.pairs() + " pairs");
        assertThat(estimate.verdictFor(10, Double.POSITIVE_INFINITY)).isEqualTo(Verdict.FAIL);
        assertThat(estimate.verdictFor(0, 1.2)).isEqualTo(Verdict.FAIL);
    }

    @Test
    void measuresAgainstBoundsWithTheSequentialTest() throws Exception {
        SpeedupEstimate serial = Parallel.task(task -> {
                    synchronized (LOCK) {
                        Thread.sleep(3);
                    }
                })
                .workers(4)
                .tasks(4)
                .workload(Workload.BLOCKING)
                .measureSpeedup(0, 1.5);

        assertThat(serial.verdict()).isEqualTo(Verdict.PASS);
        assertThat(serial.speedup()).isLessThan(1.3);
    }

    @Test
    void aFailingBodyEndsTheMeasurementWithItsFailure() {
        assertThatThrownBy(() -> Parallel.task(task -> {
                            if (task.runIndex() == 3 && task.taskIndex() == 0) {
                                throw new IllegalStateException("run three breaks");
                            }
                            Thread.sleep(1);
                        })
                        .workers(2)
                        .tasks(2)
                        .measureSpeedup())
                .isInstanceOf(TaskFailedError.class)
                .hasMessageContaining("run three breaks");
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        Parallel parallel = Parallel.task(task -> {});

        assertThatThrownBy(() -> parallel.mode(Mode.PROCESSES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Parallel.mode(PROCESSES) is not supported: worker JVMs run a test method");
        assertThatThrownBy(() -> parallel.workers(0)).hasMessage("workers must be from 1 to 100000, but was 0");
        assertThatThrownBy(() ->
                        Parallel.task(task -> {}).workers(5000).tasks(5000).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("workers must be at most 4096 for mode THREADS, but was 5000; use Mode.VIRTUAL_THREADS for "
                        + "many workers that mostly wait");
        assertThatThrownBy(() -> parallel.tasks(-1))
                .hasMessage("tasks must be >= 1, or 0 for one task per worker, " + "but was -1");
        assertThatThrownBy(() -> parallel.timeout(Duration.ZERO)).hasMessage("timeout must be > 0, but was PT0S");
        assertThatThrownBy(() -> parallel.budget(Duration.ofSeconds(-1)))
                .hasMessage("budget must be > 0, but was " + "PT-1S");
        assertThatThrownBy(() -> parallel.workers(4).tasks(2).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tasks (2) must be at least workers (4) so that every worker has a task");
        assertThatThrownBy(() -> Parallel.task(task -> {}).workers(1).measureSpeedup())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a speedup needs at least 2 workers, but this run has 1");
        assertThatThrownBy(() -> Parallel.task(task -> {}).workers(2).measureSpeedup(3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("measureSpeedup(min = 3.0, max = 2.0): max must be > 0 and >= min");
    }
}
