package io.github.parallelruns.bench;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.Workload;
import org.junit.jupiter.api.Test;

/**
 * Bodies whose ideal speedup is known, with {@code @ExpectSpeedup} bounds at the ideal and at 90 % of
 * it, for the A/A check of the verdicts ({@code bench/verdicts}); and a body made serial by a lock,
 * which must FAIL. Not a test of this module: {@link VerdictsBench} launches the methods one by one.
 *
 * <p>Beyond the nine A/A cases: sleeping bodies with the default workload (no {@code workload =})
 * and bounds above the core count of a 2-core machine, which must PASS once the default workload
 * measures the body's CPU share; and CPU-bound bodies with bounds at 70 % of the ideal on 2 cores,
 * which the benchmark runs while a second JVM ({@link VerdictsSecondJvm}) measures too.
 */
public class VerdictFixture {

    static final int SLEEP_MS = 10;
    private static final Object LOCK = new Object();

    @Test
    @ParallelRuns(workers = 2, tasks = 2)
    @ExpectSpeedup(min = 2, workload = Workload.BLOCKING)
    void sleep2AtIdeal() throws InterruptedException {
        Thread.sleep(SLEEP_MS);
    }

    @Test
    @ParallelRuns(workers = 2, tasks = 2)
    @ExpectSpeedup(min = 1.8, workload = Workload.BLOCKING)
    void sleep2At90() throws InterruptedException {
        Thread.sleep(SLEEP_MS);
    }

    @Test
    @ParallelRuns(workers = 4, tasks = 4)
    @ExpectSpeedup(min = 4, workload = Workload.BLOCKING)
    void sleep4AtIdeal() throws InterruptedException {
        Thread.sleep(SLEEP_MS);
    }

    @Test
    @ParallelRuns(workers = 4, tasks = 4)
    @ExpectSpeedup(min = 3.6, workload = Workload.BLOCKING)
    void sleep4At90() throws InterruptedException {
        Thread.sleep(SLEEP_MS);
    }

    @Test
    @ParallelRuns(workers = 8, tasks = 8)
    @ExpectSpeedup(min = 8, workload = Workload.BLOCKING)
    void sleep8AtIdeal() throws InterruptedException {
        Thread.sleep(SLEEP_MS);
    }

    @Test
    @ParallelRuns(workers = 8, tasks = 8)
    @ExpectSpeedup(min = 7.2, workload = Workload.BLOCKING)
    void sleep8At90() throws InterruptedException {
        Thread.sleep(SLEEP_MS);
    }

    @Test
    @ParallelRuns(workers = 2, tasks = 8)
    @ExpectSpeedup(min = 2)
    void cpu2AtIdeal() {
        CpuWork.task();
    }

    @Test
    @ParallelRuns(workers = 2, tasks = 8)
    @ExpectSpeedup(min = 1.8)
    void cpu2At90() {
        CpuWork.task();
    }

    @Test
    @ParallelRuns(workers = 4, tasks = 4)
    @ExpectSpeedup(min = 3.6, workload = Workload.BLOCKING)
    void serialAgainst90OfIdeal4() throws InterruptedException {
        synchronized (LOCK) {
            Thread.sleep(SLEEP_MS);
        }
    }

    // Sleeping bodies with the default workload: no workload = BLOCKING, bounds above 2 cores.

    @Test
    @ParallelRuns(workers = 6, tasks = 12)
    @ExpectSpeedup(minEfficiency = 0.7)
    void sleep6Efficiency70Default() throws InterruptedException {
        Thread.sleep(2 * SLEEP_MS);
    }

    @Test
    @ParallelRuns(workers = 4, tasks = 4)
    @ExpectSpeedup(min = 2.5)
    void sleep4Min25Default() throws InterruptedException {
        Thread.sleep(SLEEP_MS);
    }

    // CPU-bound bodies with bounds at 70 % of the ideal on 2 cores (2.0x; 4 workers on 2 cores give no
    // more): the two-JVM condition.

    @Test
    @ParallelRuns(workers = 2, tasks = 8)
    @ExpectSpeedup(min = 1.4)
    void cpu2At70() {
        CpuWork.task();
    }

    @Test
    @ParallelRuns(workers = 4, tasks = 8)
    @ExpectSpeedup(min = 1.4)
    void cpu4At70() {
        CpuWork.task();
    }
}
