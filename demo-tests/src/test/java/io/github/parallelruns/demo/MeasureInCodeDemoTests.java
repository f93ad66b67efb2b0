package io.github.parallelruns.demo;

import static io.github.parallelruns.assertj.ParallelRunsAssertions.assertThat;

import io.github.parallelruns.Mode;
import io.github.parallelruns.Parallel;
import io.github.parallelruns.RunResult;
import io.github.parallelruns.SpeedupEstimate;
import io.github.parallelruns.Workload;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The same engine without annotations: run or measure inside a test, assert with AssertJ. */
class MeasureInCodeDemoTests {

    // tag::run[]
    @Test
    void everyTaskRunsOnceWithoutFailure() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();

        RunResult run = Parallel.task(task -> seen.add(task.taskIndex()))
                .workers(8)
                .tasks(10_000)
                .run();

        assertThat(run).hasNoFailures().startedAllTasks();
        Assertions.assertThat(seen).hasSize(10_000);
    }
    // end::run[]

    // tag::measure[]
    @Test
    void eightWorkersWaitTogether() throws Exception {
        SpeedupEstimate speedup = Parallel.task(task -> Thread.sleep(2))
                .mode(Mode.THREADS)
                .workers(8)
                .tasks(32)
                .workload(Workload.BLOCKING) // waits: load on the other cores does not disturb it
                .measureSpeedup();

        assertThat(speedup).hasSpeedupAtLeast(4).hasEfficiencyAtLeast(0.5);
    }
    // end::measure[]
}
