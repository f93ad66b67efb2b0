package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What the worker threads of one run did with their time, summed over the workers: ran on a CPU,
 * waited in the run queue for one, or neither (slept, blocked, waited for I/O).
 *
 * <p>Read on each worker's own thread: the run time from the thread's CPU clock (the kernel does not
 * bring the reading thread's own {@code schedstat} run time up to date), the run-queue wait from
 * {@code /proc/thread-self/schedstat}, so that neither the JVM's compiler and collector threads nor other processes
 * enter the figure. Where that file is missing (not Linux, a kernel without scheduler statistics, a
 * virtual thread) there is no reading, and the share comes from the process tree instead.
 *
 * <p>In worker JVMs each of the three leaves out the worker's asking the coordinator for tasks: its time, its CPU
 * and its run-queue wait.
 *
 * @param runNanos time the workers ran, {@code >= 0}
 * @param waitNanos time they waited for a CPU while runnable, {@code >= 0}
 * @param wallNanos the workers' time from release to their last task, summed, {@code > 0}
 */
@API(status = INTERNAL, since = "0.1")
public record ThreadCpu(long runNanos, long waitNanos, long wallNanos) {

    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    public ThreadCpu {
        if (runNanos < 0 || waitNanos < 0 || wallNanos <= 0) {
            throw new IllegalArgumentException("runNanos and waitNanos must be >= 0 and wallNanos > 0, but were "
                    + runNanos + ", " + waitNanos + ", " + wallNanos);
        }
    }

    /** The calling thread's run and run-queue time now, in nanoseconds, or empty where they cannot be read. */
    public static Optional<long[]> readThisThread() {
        if (Thread.currentThread().getClass().getName().contains("Virtual")) {
            // A virtual thread's /proc/thread-self is its carrier's, which changes.
            return Optional.empty();
        }
        try {
            String[] fields = Files.readString(SCHEDSTAT).trim().split("\\s+");
            if (Long.parseLong(fields[2]) == 0) {
                // No time slices counted: the kernel keeps no scheduler statistics, and the wait reads 0.
                return Optional.empty();
            }
            // The kernel does not bring the reading thread's own run time up to date; the thread CPU clock does.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long run = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            return Optional.of(new long[] {run >= 0 ? run : Long.parseLong(fields[0]), Long.parseLong(fields[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The calling thread's run-queue wait, read again and again from one open {@code schedstat} file (a seek and
     * one read, a few microseconds), for subtracting the wait inside a stretch of a run that is not the body's. Bound to
     * the thread that opened it; not thread-safe.
     */
    @API(status = INTERNAL, since = "0.1")
    public static final class WaitClock implements AutoCloseable {

        private final RandomAccessFile file;
        private final byte[] buffer = new byte[128];

        private WaitClock(RandomAccessFile file) {
            this.file = file;
        }

        /** A clock for the calling (platform) thread, or empty where its {@code schedstat} cannot be read. */
        public static Optional<WaitClock> openForThisThread() {
            if (readThisThread().isEmpty()) {
                return Optional.empty();
            }
            try {
                WaitClock clock = new WaitClock(new RandomAccessFile(SCHEDSTAT.toFile(), "r"));
                if (clock.waitNanos() < 0) {
                    clock.close();
                    return Optional.empty();
                }
                return Optional.of(clock);
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** The thread's run-queue wait so far in nanoseconds, or -1 when it could not be read. */
        public long waitNanos() {
            try {
                file.seek(0);
                // One read brings the whole line (63 bytes at most); more only if the kernel hands it out in parts.
                int length = 0;
                int read;
                while (length < buffer.length
                        && (length == 0 || buffer[length - 1] != '\n')
                        && (read = file.read(buffer, length, buffer.length - length)) > 0) {
                    length += read;
                }
                // "<run> <wait> <slices>\n": the second field.
                int field = 0;
                long value = -1;
                for (int i = 0; i < length; i++) {
                    byte c = buffer[i];
                    if (c >= '0' && c <= '9') {
                        if (field == 1) {
                            value = (value < 0 ? 0 : value * 10) + (c - '0');
                        }
                    } else if (c == ' ') {
                        if (field == 1) {
                            return value;
                        }
                        field++;
                    }
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void close() {
            try {
                file.close();
            } catch (IOException e) {
                // Nothing was written; nothing is lost.
            }
        }
    }

    /**
     * This JVM's CPU time and its JIT compiler's time now, in nanoseconds, or empty where the JVM does not
     * tell them: with {@link #readThisThread()} before and after a run, what the process spent outside the
     * worker thread and the compiler.
     */
    public static Optional<long[]> readThisProcess() {
        try {
            OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
            CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
            if (!(system instanceof com.sun.management.OperatingSystemMXBean)) {
                return Optional.empty();
            }
            long cpu = ((com.sun.management.OperatingSystemMXBean) system).getProcessCpuTime();
            long compilation = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                    ? Math.max(0, compiler.getTotalCompilationTime()) * 1_000_000L
                    : 0;
            return cpu >= 0 ? Optional.of(new long[] {cpu, compilation}) : Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * The body's CPU share: the time the workers ran over the time they did not wait for a CPU,
     * {@code run / (wall - wait)}, clamped to {@code [0, 1]}: 1 for a computing body however many workers
     * share the cores and whatever else runs, 0.5 for one that computes half its time.
     */
    public double share() {
        return Math.min(1, Math.max(0, runNanos / (double) Math.max(1, wallNanos - waitNanos)));
    }
}
