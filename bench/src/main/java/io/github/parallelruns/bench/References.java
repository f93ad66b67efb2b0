package io.github.parallelruns.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The same workloads without ParallelRuns and without JUnit, as references measured in the same
 * JVM: what the operating system and the JDK cost by themselves.
 */
final class References {

    /** A task body of a reference run. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private References() {}

    /**
     * The extension's design written by hand: {@code workers} platform threads behind a start latch,
     * taking task numbers from one {@link AtomicInteger}, calling the body directly. Timed like the
     * extension: from the release of the latch to the end of the last task.
     *
     * @return the wall time in nanoseconds
     */
    static long plainThreads(int workers, int tasks, Body body) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger nextTask = new AtomicInteger();
        AtomicLong lastTaskEnd = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[workers];
        for (int worker = 0; worker < workers; worker++) {
            threads[worker] = new Thread(
                    () -> {
                        ready.countDown();
                        try {
                            release.await();
                            while (nextTask.getAndIncrement() < tasks) {
                                body.run();
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            lastTaskEnd.accumulateAndGet(System.nanoTime(), Math::max);
                        }
                    },
                    "reference-worker-" + worker);
            threads[worker].setDaemon(true);
            threads[worker].start();
        }
        ready.await();
        long releasedAt = System.nanoTime();
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("reference run failed", failure.get());
        }
        return lastTaskEnd.get() - releasedAt;
    }

    /**
     * A JDK fixed thread pool ({@link Executors#newFixedThreadPool}) with its threads started
     * beforehand: from the first {@code execute} to the pool's termination after the last task.
     *
     * @return the wall time in nanoseconds
     */
    static long fixedPool(int workers, int tasks, Body body) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        ((ThreadPoolExecutor) pool).prestartAllCoreThreads();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable task = () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            pool.execute(task);
        }
        pool.shutdown();
        if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("reference pool did not finish");
        }
        long wall = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("reference run failed", failure.get());
        }
        return wall;
    }
}
