package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Which worker and which task the body of a {@link ParallelRuns} test is running as.
 *
 * <p>How tasks meet workers: once every worker is ready, all are released together, and worker
 * {@code w} runs task {@code w} first (for {@code w < workers()}, and {@code tasks() >= workers()}
 * always holds). With one task per worker (the default), every worker runs the body exactly once, all
 * at the same time. The other tasks, {@code workers()} to {@code tasks() - 1}, go to whichever worker
 * is free next, so beyond its first task a worker's tasks depend on the scheduler. Every task runs,
 * also after others failed, unless the run fails fast ({@link ParallelRuns#failFast()}). This holds
 * in every {@link Mode} (a worker JVM's first range of tasks is its own task) and for
 * {@link Parallel#run()}.
 *
 * <p>Declare it as a parameter of the test method; each invocation of the body receives its own
 * instance. Other parameters of the method are resolved by JUnit as usual, once, and shared by all
 * tasks. Injecting a {@code TaskContext} anywhere else (a method without {@code @ParallelRuns}, a
 * lifecycle method, a constructor) is a configuration error.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface TaskContext {

    /**
     * The index of the worker running this task, from {@code 0} to {@code workers() - 1}.
     *
     * @return the worker index
     */
    int workerIndex();

    /**
     * How many workers the run has.
     *
     * @return the number of workers
     */
    int workers();

    /**
     * The index of this task, from {@code 0} to {@code tasks() - 1}; each index runs exactly once.
     *
     * @return the task index
     */
    int taskIndex();

    /**
     * How many tasks the run has in all.
     *
     * @return the number of tasks
     */
    int tasks();

    /**
     * What the workers of this run are.
     *
     * @return the mode
     */
    Mode mode();

    /**
     * Which run of the task set this is, from {@code 0}. A test without {@link ExpectSpeedup} has one
     * run. With it, the body runs the whole task set many times (warm-up runs, then a baseline and a
     * parallel run per measured pair, each possibly repeated so that it lasts long enough to time),
     * and each of those passes over the tasks has its own index, counted per test invocation.
     *
     * <p>Under {@link ExpectSpeedup} with short bodies, a task index may start again in the next run
     * while its previous run is still finishing on another worker: key per-task state by
     * {@code runIndex()} and {@code taskIndex()} together.
     *
     * @return the index of this pass over the tasks
     * @since 0.1
     */
    default int runIndex() {
        return 0;
    }

    /**
     * Whether this run is the sequential baseline of an {@link ExpectSpeedup} measurement: all tasks
     * on a single worker ({@code workers()} is then {@code 1}). Always {@code false} without
     * {@code @ExpectSpeedup}.
     *
     * @return {@code true} in a baseline run
     * @since 0.1
     */
    default boolean isBaseline() {
        return false;
    }

    /**
     * Whether this run is a warm-up of an {@link ExpectSpeedup} measurement, whose times are
     * discarded. Always {@code false} without {@code @ExpectSpeedup}.
     *
     * @return {@code true} in a warm-up run
     * @since 0.1
     */
    default boolean isWarmUp() {
        return false;
    }
}
