package io.github.parallelruns.internal.process;

import java.util.List;

/**
 * What differs between the two ways a {@link ProcessRun} uses its workers: a {@link PlainRun} releases
 * them once to run the task set, a {@link MeasuredRun} orders one side of a speedup measurement after
 * another. The run keeps everything else: the workers, the task ranges, failures and faults, the timeout.
 */
interface RunStrategy {

    /** Opens the start barrier, once every worker is ready or gone. Called under the run's lock. */
    void released(List<Assignment> assignments);

    /**
     * Drives {@code run} on the test thread once every worker was sent its test; returns when the workers
     * need nothing more from this thread but to be waited for.
     *
     * @return whether the run's timeout, at {@code deadline}, expired meanwhile
     */
    boolean drive(ProcessRun run, long deadline);

    /** A worker's DONE: what its task thread did with its time, or null. Called under the run's lock. */
    void done(long[] threadTimes);

    /** How many tasks the outcome says were started, given what the workers said. */
    int tasksStarted(int reported);
}
