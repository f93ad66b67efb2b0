package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Which worker and which task the body of a {@link ParallelRuns} test is running as.
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

    /** The index of the worker running this task, from {@code 0} to {@code workers() - 1}. */
    int workerIndex();

    /** How many workers the run has. */
    int workers();

    /** The index of this task, from {@code 0} to {@code tasks() - 1}; each index runs exactly once. */
    int taskIndex();

    /** How many tasks the run has in all. */
    int tasks();

    /** What the workers of this run are. */
    Mode mode();
}
