package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Optional;
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

    /**
     * As {@link #run}, also reading what the worker threads did with their time, where this runner can
     * (threads of this JVM); the CPU share is then taken from the workers themselves.
     *
     * @return the timed window's wall time and, where read, the workers' {@link ThreadCpu}
     */
    default Timed runReadingThreads(Side side, int runIndex, boolean warmUp, int repetitions) throws Throwable {
        return new Timed(run(side, runIndex, warmUp, repetitions), Optional.empty(), -1);
    }

    /**
     * A run's wall time, and the workers' use of their time where it was read.
     *
     * @param nanos as {@link #run} returns it
     * @param threads what the worker threads did, when the runner read it
     * @param outsideNanos CPU time the processes running the workers spent outside the worker threads and
     *     outside the JIT compiler (the body's helper threads, the collector), where the runner read it in
     *     those processes (worker JVMs); {@code -1} to judge from the machine's counters instead
     */
    @API(status = INTERNAL, since = "0.1")
    record Timed(long nanos, Optional<ThreadCpu> threads, long outsideNanos) {}
}
