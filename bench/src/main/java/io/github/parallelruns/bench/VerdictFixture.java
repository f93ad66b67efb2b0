package io.github.parallelruns.bench;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.ExpectSpeedup.Workload;
import io.github.parallelruns.ParallelRuns;
import org.junit.jupiter.api.Test;

/**
 * Bodies whose ideal speedup is known, with {@code @ExpectSpeedup} bounds at the ideal and at 90 % of
 * it, for the A/A check of the verdicts ({@code bench/verdicts}); and a body made serial by a lock,
 * which must FAIL. Not a test of this module: {@link VerdictsBench} launches the methods one by one.
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
}
