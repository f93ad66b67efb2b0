package io.github.parallelruns.bench;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import org.junit.jupiter.api.Test;

/**
 * Workload 2: CPU-bound tasks, the same on one worker (the sequential baseline) and on two.
 * Launched by {@link BenchMain}; not a test of this build.
 */
class CpuFixture {

    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 1, tasks = Workloads.CPU_TASKS, timeout = Workloads.TIMEOUT)
    void oneWorker() {
        CpuWork.task();
    }

    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 2, tasks = Workloads.CPU_TASKS, timeout = Workloads.TIMEOUT)
    void twoWorkers() {
        CpuWork.task();
    }
}
