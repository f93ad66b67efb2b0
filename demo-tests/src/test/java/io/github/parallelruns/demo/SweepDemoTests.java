package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.ScalingSweep;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.Workload;
import org.junit.jupiter.api.Test;

/**
 * How code scales, not only whether one bound held: the same tasks over several worker counts, with
 * the efficiency, the Karp-Flatt serial fraction of each point and the Amdahl and USL fits in the
 * report. The bounds sit far from the ideal so that they hold on a busy 2-core CI machine.
 */
class SweepDemoTests {

    // tag::waits[]
    @Test
    @ParallelRuns(tasks = 48)
    @ScalingSweep(
            workers = {1, 2, 4, 8, 16},
            workload = Workload.BLOCKING,
            maxSerialFraction = 0.05)
    void waitingScalesToSixteenWorkers() throws InterruptedException {
        Thread.sleep(2); // waits, like a download: the ideal speedup on p workers is p
    }
    // end::waits[]

    // tag::computes[]
    @Test
    @ParallelRuns(tasks = 16)
    @ScalingSweep(workload = Workload.PROBED, maxSerialFraction = 0.3) // 1 and 2 workers on 2 cores
    void computingScalesToTheCores(TaskContext task) {
        assertThat(SpeedupDemoTests.spin(400_000 + task.taskIndex())).isNotZero();
    }
    // end::computes[]
}
