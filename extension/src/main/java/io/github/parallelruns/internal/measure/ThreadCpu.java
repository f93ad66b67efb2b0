package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What the worker threads of one run did with their time, summed over the workers: ran on a CPU,
 * waited in the run queue for one, or neither (slept, blocked, waited for I/O).
 *
 * <p>Read on each worker's own thread from {@code /proc/thread-self/schedstat} (run and run-queue
 * time in nanoseconds), so that neither the JVM's compiler and collector threads nor other processes
 * enter the figure; where that file is missing, the thread's CPU time from {@link ThreadMXBean}
 * without the run-queue wait.
 *
 * @param runNanos time the workers ran, {@code >= 0}
 * @param waitNanos time they waited for a CPU while runnable, {@code >= 0}; 0 when not known
 * @param wallNanos the workers' time from release to their last task, summed, {@code > 0}
 * @param waitKnown whether {@code waitNanos} was read
 */
@API(status = INTERNAL, since = "0.1")
public record ThreadCpu(long runNanos, long waitNanos, long wallNanos, boolean waitKnown) {

    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    public ThreadCpu {
        if (runNanos < 0 || waitNanos < 0 || wallNanos <= 0) {
            throw new IllegalArgumentException("runNanos and waitNanos must be >= 0 and wallNanos > 0, but were "
                    + runNanos + ", " + waitNanos + ", " + wallNanos);
        }
    }

    /**
     * The calling thread's run and run-queue time now, in nanoseconds ({@code wait} -1 when unknown),
     * or empty when neither source can be read (a virtual thread, say).
     */
    public static Optional<long[]> readThisThread() {
        if (Thread.currentThread().getClass().getName().contains("Virtual")) {
            // A virtual thread's /proc/thread-self is its carrier's, which changes.
            return Optional.empty();
        }
        try {
            String[] fields = Files.readString(SCHEDSTAT).trim().split("\\s+");
            return Optional.of(new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])});
        } catch (IOException | RuntimeException e) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            return cpu < 0 ? Optional.empty() : Optional.of(new long[] {cpu, -1});
        }
    }

    /**
     * The body's CPU share: with the run-queue wait known, the time the workers ran over the time they
     * did not wait for a CPU, {@code run / (wall - wait)}: 1 for a computing body however many workers
     * share the cores and whatever else runs, 0.5 for one that computes half its time. Without it,
     * {@code run / wall} scaled up by {@code activeWorkers / min(activeWorkers, cores)}, which reads a
     * computing body with more workers than cores as 1 too, and a part-time one as more than it is.
     */
    public double share(int activeWorkers, int cores) {
        double share;
        if (waitKnown) {
            share = runNanos / (double) Math.max(1, wallNanos - waitNanos);
        } else {
            share = runNanos / (double) wallNanos * activeWorkers / Math.min(activeWorkers, cores);
        }
        return Math.min(1, Math.max(0, share));
    }
}
