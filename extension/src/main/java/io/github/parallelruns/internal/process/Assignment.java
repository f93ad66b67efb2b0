package io.github.parallelruns.internal.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One worker JVM's part in one {@link ProcessRun}: its index in the run, what it said and was handed
 * there, and the thread dump asked of it. The pool makes one when it hands the worker to the run
 * ({@link Worker#assignIfUsable}); from then on the worker's reader thread reports its records to this
 * assignment's run. A reused worker gets a new assignment for each run, so nothing of one run is left
 * for the next to reset.
 *
 * <p>Threads: {@link #run}, {@link #worker}, {@link #index} and the thread dump's future are final; the
 * future is completed by the worker's reader thread and awaited by the test thread. Every other field is
 * guarded by the run's lock (the {@link ProcessRun}'s monitor): only the run's synchronized methods and
 * its strategies, holding that lock, read or write them, on the test thread or the worker's reader thread.
 */
final class Assignment {

    final ProcessRun run;
    final Worker worker;
    /** The worker's index in the run: its own first task, and its name in messages. */
    final int index;

    private final CompletableFuture<String> threadDump = new CompletableFuture<>();

    // Guarded by the run's lock.
    /** The worker reached the body and waits at the start barrier. */
    boolean ready;
    /** The worker's RESULT came: its test ended in the worker JVM. */
    boolean resultReceived;
    /** Counted on the run's latch of finished workers. */
    boolean finished;
    /** Tasks handed to the worker in the run. */
    int handedOut;
    /** Whether the worker said how many tasks it started (its DONE). */
    boolean reportedDone;

    Assignment(ProcessRun run, Worker worker, int index) {
        this.run = run;
        this.worker = worker;
        this.index = index;
    }

    /** The worker's reply to {@link Worker#requestThreadDump}. */
    void threadDumpReceived(String dump) {
        threadDump.complete(dump);
    }

    /** The thread dump asked for, waiting until {@code deadline} at most. */
    String awaitThreadDump(long deadline) {
        if (!worker.connected()) {
            return "(the worker was still starting: it had not connected, so it could not be asked for a thread dump)";
        }
        try {
            return threadDump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return "(the worker sent no thread dump within " + Worker.DUMP_GRACE.toSeconds() + " s)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while waiting for the thread dump)";
        }
    }
}
