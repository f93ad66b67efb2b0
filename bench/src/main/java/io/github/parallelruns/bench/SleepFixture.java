package io.github.parallelruns.bench;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import org.junit.jupiter.api.Test;

/**
 * Workload 1: tasks that only wait. Launched by {@link BenchMain} through the JUnit Platform; not a
 * test of this build (it lives in {@code src/main}, where Surefire does not look).
 */
class SleepFixture {

    // tag::fixture[]
    @Test
    @ParallelRuns(
            mode = Mode.THREADS,
            workers = Workloads.SLEEP_WORKERS,
            tasks = Workloads.SLEEP_TASKS,
            timeout = Workloads.TIMEOUT)
    void sleeps() throws InterruptedException {
        Thread.sleep(Workloads.SLEEP_MS);
    }
    // end::fixture[]
}
