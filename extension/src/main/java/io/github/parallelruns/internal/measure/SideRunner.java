package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Runs one side of a pair for {@link SpeedupMeasurement}; the Jupiter adapter implements it for
 * each mode, so the measurement protocol does not depend on how workers are made.
 */
@API(status = INTERNAL, since = "0.1")
@FunctionalInterface
public interface SideRunner {

    /**
     * Runs all tasks {@code repetitions} times on one worker ({@link Side#BASELINE}) or on all workers
     * ({@link Side#PARALLEL}).
     *
     * @param runIndex counts every call from 0, for logs and for bodies that must vary their input
     * @param warmUp whether the time will be discarded
     * @return the timed window's wall time in nanoseconds, from the release of the start barrier to
     *     the end of the last task; creating threads or JVMs is outside it
     * @throws Throwable whatever the body threw, for the caller to report
     */
    long run(Side side, int runIndex, boolean warmUp, int repetitions) throws Throwable;
}
