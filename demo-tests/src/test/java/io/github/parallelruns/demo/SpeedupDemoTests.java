package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.Workload;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * The Python story's headline as an assertion: 300 tasks spread over 12 workers must be much faster
 * than the same tasks one after the other. The bounds sit far below the ideal so that they hold on a
 * busy 2-core CI machine; a real loss of parallelism still fails them.
 */
class SpeedupDemoTests {

    // tag::pool[]
    @Test
    @ParallelRuns(workers = 12, tasks = 300)
    @ExpectSpeedup(min = 8, workload = Workload.BLOCKING)
    void poolOfTwelveIsAtLeastEightTimesFaster() throws InterruptedException {
        Thread.sleep(1); // waits, like a download: 12 workers wait at once whatever the cores
    }
    // end::pool[]

    // tag::cpu[]
    @Test
    @ParallelRuns(workers = 2, tasks = 40)
    @ExpectSpeedup(minEfficiency = 0.65, workload = Workload.PROBED) // aborted, not failed, where 2 cores are not there
    void twoWorkersComputeFaster(TaskContext task) {
        assertThat(spin(1_000_000 + task.taskIndex())).isNotZero();
    }
    // end::cpu[]

    // tag::serial[]
    private static final Object GLOBAL_LOCK = new Object();

    @Test
    @ParallelRuns(workers = 4, tasks = 8)
    @ExpectSpeedup(max = 1.3, workload = Workload.BLOCKING)
    void aBodyHoldingOneLockGainsNothing() throws InterruptedException {
        synchronized (GLOBAL_LOCK) { // every worker queues here: no speedup
            Thread.sleep(2);
        }
    }
    // end::serial[]

    // tag::overhead[]
    private final AtomicLong hits = new AtomicLong();

    @Test
    @ParallelRuns(workers = 2, tasks = 200_000)
    @ExpectSpeedup(max = 1.0)
    void tinyTasksOnASharedCounterAreNotFasterInParallel() {
        hits.incrementAndGet(); // nanoseconds of work; the counter's cache line moves between cores
    }
    // end::overhead[]

    // tag::context[]
    private final AtomicLongArray lastRunSeen = new AtomicLongArray(16);

    @Test
    @ParallelRuns(workers = 4, tasks = 16)
    @ExpectSpeedup(min = 2, workload = Workload.BLOCKING)
    void bodyKnowsWhichRunItIsIn(TaskContext task) throws InterruptedException {
        // Each run does every task again; state kept per task must say which run wrote it.
        lastRunSeen.accumulateAndGet(task.taskIndex(), task.runIndex(), Math::max);
        if (task.isBaseline()) {
            assertThat(task.workers()).isEqualTo(1);
        }
        Thread.sleep(1);
    }
    // end::context[]

    /** About as much CPU work as {@code iterations} xorshift steps; the result keeps the JIT from dropping it. */
    static long spin(int iterations) {
        long x = 88172645463325252L + iterations;
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x | 1;
    }
}
