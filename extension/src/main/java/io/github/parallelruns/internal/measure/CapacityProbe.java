package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.apiguardian.api.API;

/**
 * How many cores' worth of work the machine delivers right now, measured rather than read.
 *
 * <p>On shared virtual machines the vCPUs can deliver much less than their number for minutes while
 * {@code /proc/stat} shows no steal at all; timing the same spinning work on 1 thread and on N
 * threads at once sees what the guest's counters cannot. It takes about 100 ms; the caller decides
 * whether and how long to keep the result.
 */
@API(status = INTERNAL, since = "0.1")
public final class CapacityProbe {

    /** How long one thread's share of work should take: long enough for scheduling noise to average out. */
    private static final long WORK_NANOS = 10_000_000L;

    private static final int ATTEMPTS = 3;

    private CapacityProbe() {}

    /**
     * {@code threads * t1 / tN}, clamped to {@code [1, threads]}: t1 is the best of 3 times for a fixed
     * amount of spinning work on one thread, tN the best of 3 for the same work on each of
     * {@code threads} threads released together.
     *
     * @throws CancellationException when the calling thread is interrupted (its flag is set again)
     */
    public static double measure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
        if (threads == 1) {
            return 1;
        }
        long work = calibrate();
        long single = Long.MAX_VALUE;
        long all = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            single = Math.min(single, time(1, work));
            all = Math.min(all, time(threads, work));
        }
        double capacity = (double) threads * single / Math.max(1, all);
        return Math.max(1, Math.min(threads, capacity));
    }

    /** An amount of work that takes about {@link #WORK_NANOS} on one thread, warming up the JIT on the way. */
    private static long calibrate() {
        long work = 1 << 14;
        while (true) {
            long elapsed = Math.max(1, time(1, work));
            if (elapsed >= WORK_NANOS / 4 || work > Long.MAX_VALUE / 8) {
                return Math.max(1, (long) (work * ((double) WORK_NANOS / elapsed)));
            }
            work *= 2;
        }
    }

    /** The wall time from releasing {@code threads} waiting threads until the last one finished its work. */
    private static long time(int threads, long work) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        // Written by the workers and so visible to this thread: the JIT cannot drop the work as dead code.
        long[] results = new long[threads];
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread = new Thread(
                    () -> {
                        ready.countDown();
                        try {
                            start.await();
                            results[index] = spin(work);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    },
                    "parallelruns-capacity-probe-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        try {
            ready.await();
            long begin = System.nanoTime();
            start.countDown();
            done.await();
            return System.nanoTime() - begin;
        } catch (InterruptedException e) {
            start.countDown();
            Thread.currentThread().interrupt();
            throw new CancellationException("the capacity probe was interrupted");
        }
    }

    /** Integer work the JIT cannot fold away: an xorshift sequence whose end value is returned. */
    private static long spin(long iterations) {
        long x = 0x9E3779B97F4A7C15L;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
