package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How much of its time one worker of a body wants a CPU: about 1 for a body that computes, near 0
 * for one that sleeps or waits for I/O, 0.5 for one that computes half the time. It decides the
 * highest speedup the machine can give ({@code cores / share}, {@link #coresCeiling(int)}) and how
 * many cores the parallel side keeps busy, which other processes' load is judged against.
 *
 * <p>Measured on a baseline run (one worker, so that contention between workers cannot lower it). On threads of this JVM, from the worker threads themselves
 * ({@link ThreadCpu}): the time they ran over the time they did not wait for a CPU, which neither
 * the JVM's compiler threads nor other processes' load can move. Otherwise (virtual threads, worker
 * JVMs, or a body whose own helper threads compute), from the test's process tree:
 * {@code cpu / (wall * min(activeWorkers, cores))}, clamped to {@code [0, 1]}. Dividing by at most the
 * cores keeps a computing body with more workers than cores at 1; a part-time one with more workers
 * than cores then reads high, which can only lower the ceiling, never raise it. When other processes
 * kept the machine saturated during a process-tree reading, the body got less CPU than it wanted and
 * the figure is too low; then the share is taken as 1 ({@link #assumed()}).
 *
 * @param share the share used, in {@code [0, 1]}
 * @param measured the share the run showed, in {@code [0, 1]}; equal to {@code share} unless assumed
 * @param cpuNanos the CPU time it rests on, {@code >= 0}: the workers' or the process tree's
 * @param waitNanos the workers' time waiting for a CPU, {@code >= 0}, left out of {@code wallNanos}'s
 *     share; 0 for the process tree
 * @param wallNanos the time it is divided by, {@code > 0}: the workers' time, summed, or the run's wall time
 * @param activeWorkers {@code min(workers, tasks)} of the run, {@code >= 1}
 * @param cores the effective cores, {@code >= 1}
 * @param basis where the figures come from
 * @param assumption why the share is taken as 1 instead of measured; empty when it was measured
 */
@API(status = INTERNAL, since = "0.1")
public record CpuShare(
        double share,
        double measured,
        long cpuNanos,
        long waitNanos,
        long wallNanos,
        int activeWorkers,
        int cores,
        Basis basis,
        String assumption) {

    /** Where a share's figures come from. */
    @API(status = INTERNAL, since = "0.1")
    public enum Basis {
        /** The worker threads' own run and run-queue times. */
        WORKER_THREADS,
        /** The CPU time of the test's process tree over the run's wall time. */
        PROCESS_TREE
    }

    /** Why the share is taken as 1 when other processes saturated the machine while it was measured. */
    public static final String SATURATED = "other processes kept the machine saturated";

    public CpuShare {
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(assumption, "assumption");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], but was " + share);
        }
        if (!(measured >= 0 && measured <= 1)) {
            throw new IllegalArgumentException("measured must be in [0, 1], but was " + measured);
        }
        if (cpuNanos < 0 || waitNanos < 0 || wallNanos <= 0 || activeWorkers < 1 || cores < 1) {
            throw new IllegalArgumentException("cpuNanos must be >= 0, wallNanos > 0, activeWorkers and cores >= 1, "
                    + "but were " + cpuNanos + ", " + wallNanos + ", " + activeWorkers + ", " + cores);
        }
        if (assumption.isEmpty() && share != measured) {
            throw new IllegalArgumentException(
                    "share must be the measured " + measured + " unless assumed, but was " + share);
        }
    }

    /** The share a run of {@code activeWorkers} workers showed with {@code cpuNanos} of process-tree CPU in {@code wallNanos}. */
    public static CpuShare of(long cpuNanos, long wallNanos, int activeWorkers, int cores) {
        double measured = measured(cpuNanos, wallNanos, activeWorkers, cores);
        return new CpuShare(
                measured, measured, Math.max(0, cpuNanos), 0, wallNanos, activeWorkers, cores, Basis.PROCESS_TREE, "");
    }

    /** The share the worker threads of a run showed. */
    public static CpuShare ofThreads(ThreadCpu threads, int activeWorkers, int cores) {
        double measured = threads.share();
        return new CpuShare(
                measured,
                measured,
                threads.runNanos(),
                threads.waitNanos(),
                threads.wallNanos(),
                activeWorkers,
                cores,
                Basis.WORKER_THREADS,
                "");
    }

    /** As {@link #of}, but taken as 1 because of {@code why}. */
    public static CpuShare assumedComputing(long cpuNanos, long wallNanos, int activeWorkers, int cores, String why) {
        if (why.isBlank()) {
            throw new IllegalArgumentException("why must say why the share is assumed, but was blank");
        }
        return new CpuShare(
                1,
                measured(cpuNanos, wallNanos, activeWorkers, cores),
                Math.max(0, cpuNanos),
                0,
                wallNanos,
                activeWorkers,
                cores,
                Basis.PROCESS_TREE,
                why);
    }

    /** Whether the share is taken as 1 instead of measured. */
    public boolean assumed() {
        return !assumption.isEmpty();
    }

    private static double measured(long cpuNanos, long wallNanos, int activeWorkers, int cores) {
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("wallNanos must be > 0, but was " + wallNanos);
        }
        if (activeWorkers < 1 || cores < 1) {
            throw new IllegalArgumentException(
                    "activeWorkers and cores must be >= 1, but were " + activeWorkers + " and " + cores);
        }
        double share = Math.max(0, cpuNanos) / ((double) wallNanos * Math.min(activeWorkers, cores));
        return Math.min(1, share);
    }

    /** {@code cores / share}: the most workers' worth of this body the cores can run at once (infinite at share 0). */
    public double coresCeiling(int cores) {
        return share == 0 ? Double.POSITIVE_INFINITY : cores / share;
    }

    /**
     * The cores the parallel side of {@code workers} workers keeps busy, for judging other load: the
     * share times the workers, at least 1 (someone hands out tasks and wakes workers).
     */
    public double busyCores(int workers) {
        return Math.max(1, share * workers);
    }

    /** For messages: "CPU share 0.03 (measured: 3.1 ms of CPU in 104.0 ms of the 6 workers' time)". */
    public String describe() {
        if (assumed() && cpuNanos == 0 && wallNanos <= 1) {
            return "CPU share taken as 1 (" + assumption + ")";
        }
        String measuredText = basis == Basis.WORKER_THREADS
                ? String.format(
                        Locale.ROOT,
                        "%.1f ms on a CPU and %.1f ms waiting for one in %.1f ms of %s",
                        cpuNanos / 1e6,
                        waitNanos / 1e6,
                        wallNanos / 1e6,
                        activeWorkers == 1
                                ? "the worker thread's time"
                                : "the " + activeWorkers + " worker threads' time")
                : String.format(
                        Locale.ROOT,
                        "%.1f ms of CPU in %.1f ms on %d worker%s",
                        cpuNanos / 1e6,
                        wallNanos / 1e6,
                        activeWorkers,
                        activeWorkers == 1 ? "" : "s");
        if (assumed()) {
            return String.format(
                    Locale.ROOT,
                    "CPU share taken as 1 (measured %.2f, %s, while %s)",
                    measured,
                    measuredText,
                    assumption);
        }
        return String.format(Locale.ROOT, "CPU share %.2f (measured: %s)", share, measuredText);
    }

    @Override
    public String toString() {
        return Objects.toString(describe());
    }
}
