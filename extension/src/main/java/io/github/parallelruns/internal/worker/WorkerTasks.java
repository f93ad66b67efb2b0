package io.github.parallelruns.internal.worker;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.protocol.RunOrder;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * What the body's part in a worker JVM asks of its coordinator: the run, the orders, the ranges of tasks, and
 * where failures and the end of an order go. {@link WorkerSession} is the one over the coordinator's connection.
 */
@API(status = INTERNAL, since = "0.1")
public interface WorkerTasks {

    RunRequest request();

    /** Tells the coordinator this worker waits at the start barrier, and waits until it opens. */
    RunOrder awaitStart() throws IOException, InterruptedException;

    /** In a speedup measurement: waits for the coordinator's next order, after this worker said DONE. */
    RunOrder awaitOrder() throws InterruptedException;

    /** The next range of task indexes, {@code [from, to)}; empty when there are no more. */
    int[] nextTasks() throws IOException, InterruptedException;

    void taskFailed(int task, Throwable failure, boolean aborted) throws IOException;

    /**
     * Tells the coordinator this worker has no more tasks in the current order.
     *
     * @param tasksStarted how many tasks this worker started in it
     * @param threadTimes the worker thread's run time, run-queue wait and wall time over the order (each less its
     *     asking for task ranges), and this JVM's CPU time outside that thread and the JIT compiler ({@code -1}
     *     where not read), in nanoseconds; {@code null} where the thread's could not be read or
     *     the order did not ask for them
     */
    void done(int tasksStarted, long[] threadTimes) throws IOException;
}
