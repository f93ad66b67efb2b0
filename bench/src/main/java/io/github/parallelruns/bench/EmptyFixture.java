package io.github.parallelruns.bench;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import org.junit.jupiter.api.Test;

/**
 * Workload 3: an empty body, so that the run measures only what the harness does per task. Launched
 * by {@link BenchMain}; not a test of this build.
 */
class EmptyFixture {

    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 1, tasks = Workloads.EMPTY_TASKS, timeout = Workloads.TIMEOUT)
    void oneWorker() {}

    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 2, tasks = Workloads.EMPTY_TASKS, timeout = Workloads.TIMEOUT)
    void twoWorkers() {}

    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 12, tasks = Workloads.EMPTY_TASKS, timeout = Workloads.TIMEOUT)
    void twelveWorkers() {}

    /** The same as {@link #twoWorkers()}, with a {@link TaskContext} parameter it does not use. */
    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 2, tasks = Workloads.EMPTY_TASKS, timeout = Workloads.TIMEOUT)
    void twoWorkersWithTaskContext(TaskContext task) {}
}
