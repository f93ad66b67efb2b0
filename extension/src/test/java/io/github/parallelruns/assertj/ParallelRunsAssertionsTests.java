package io.github.parallelruns.assertj;

import static io.github.parallelruns.assertj.ParallelRunsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.parallelruns.Parallel;
import io.github.parallelruns.RunResult;
import io.github.parallelruns.SpeedupEstimate;
import io.github.parallelruns.Verdict;
import io.github.parallelruns.Workload;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The assertions pass, fail and abort as documented, on sleep-bound bodies far from their bounds. */
class ParallelRunsAssertionsTests {

    private static final Object LOCK = new Object();
    private static SpeedupEstimate fourSleepers;
    private static SpeedupEstimate serialized;

    @BeforeAll
    static void measure() throws Exception {
        fourSleepers = Parallel.task(task -> Thread.sleep(3))
                .workers(4)
                .tasks(8)
                .workload(Workload.BLOCKING)
                .measureSpeedup();
        serialized = Parallel.task(task -> {
                    synchronized (LOCK) {
                        Thread.sleep(2);
                    }
                })
                .workers(4)
                .tasks(4)
                .workload(Workload.BLOCKING)
                .measureSpeedup();
    }

    @Test
    void runAssertions() {
        RunResult clean = Parallel.task(task -> {}).workers(2).tasks(10).run();
        RunResult broken = Parallel.task(task -> {
                    if (task.taskIndex() == 1) {
                        throw new IllegalStateException("one is broken");
                    }
                })
                .workers(1)
                .tasks(3)
                .run();

        assertThat(clean).hasNoFailures().startedAllTasks().hasFailureCount(0);
        assertThat(broken).hasFailureCount(1).hasFailedTask(1);
        assertThatThrownBy(() -> assertThat(broken).hasNoFailures())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting run:")
                .hasMessageContaining("to have no failures, but it had:")
                .hasMessageContaining("one is broken");
        // Every task runs, also after a failure; failing fast, the worker stops after task 1.
        assertThat(broken).startedAllTasks();
        RunResult stopped = Parallel.task(task -> {
                    if (task.taskIndex() == 1) {
                        throw new IllegalStateException("one is broken");
                    }
                })
                .workers(1)
                .tasks(3)
                .failFast(true)
                .run();
        assertThat(stopped).hasFailureCount(1).hasFailedTask(1);
        assertThatThrownBy(() -> assertThat(stopped).startedAllTasks())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to start all 3 tasks, but only 2 started");
        assertThatThrownBy(() -> assertThat(clean).hasFailedTask(4))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a failure in task 4, but the failed tasks were []");
    }

    @Test
    void speedupBoundsFarFromTheMeasuredSpeedupPassOrFail() {
        // A FAIL is not trusted on pairs that other processes disturbed (both cores taken): then nothing to check.
        for (SpeedupEstimate estimate : new SpeedupEstimate[] {fourSleepers, serialized}) {
            assumeTrue(
                    estimate.disturbedPairs().size() <= estimate.pairs() / 4,
                    "the machine disturbed " + estimate.disturbedPairs().size() + " of " + estimate.pairs() + " pairs");
        }
        assertThat(fourSleepers)
                .hasSpeedupAtLeast(2)
                .hasEfficiencyAtLeast(0.5)
                .hasSpeedupBetween(1.5, 6)
                .hasVerdict(Verdict.MEASURED);
        assertThat(serialized).hasSpeedupAtMost(1.5);

        assertThatThrownBy(() -> assertThat(serialized).hasSpeedupAtLeast(2.5))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting speedup:")
                .hasMessageContaining("to be at least 2.50x (with the 5% tolerance),")
                .hasMessageContaining("but it is clearly outside: ");
        assertThatThrownBy(() -> assertThat(fourSleepers).hasSpeedupAtMost(1.2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be at most 1.20x (with the 5% tolerance),");
        assertThatThrownBy(() -> assertThat(serialized).hasEfficiencyAtLeast(0.75))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be an efficiency of at least 75% (a speedup of at least 3.00x on 4 workers)");
        assertThatThrownBy(() -> assertThat(fourSleepers).hasVerdict(Verdict.PASS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have verdict PASS, but it was MEASURED");
    }

    @Test
    void tooLittleEvidenceAbortsInsteadOfDeciding() throws Exception {
        SpeedupEstimate unmeasured = Parallel.task(task -> Thread.sleep(2))
                .workers(2)
                .tasks(2)
                .budget(Duration.ofMillis(1))
                .measureSpeedup();

        assertThatThrownBy(() -> assertThat(unmeasured).hasSpeedupAtLeast(1.5))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("INCONCLUSIVE: no pair was measured, so the speedup cannot be shown to be at "
                        + "least 1.50x: the time budget of 0 s cannot fit the first 12 pairs");
    }
}
