package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The body {@link Parallel} runs once per task, on whichever worker takes the task.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface ParallelTask {

    /**
     * Runs one task.
     *
     * @param task which task this is, on which worker, and whether it belongs to a sequential baseline
     * @throws Throwable anything: the failure is recorded for this task, and the other tasks still run
     *     unless the run {@linkplain Parallel#failFast(boolean) fails fast}, as in a {@link ParallelRuns} test
     */
    void run(TaskContext task) throws Throwable;
}
