package io.github.parallelruns.internal.worker;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.DoneMessage;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.RunOrder;
import io.github.parallelruns.internal.protocol.TaskFailedMessage;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apiguardian.api.API;

/**
 * The worker JVM's side of one test run: what the coordinator asked for, and the calls the
 * extension makes from inside the test (ready, next tasks, a failed task, done).
 *
 * <p>This is the one piece of static state in ParallelRuns, and it exists only in a worker JVM,
 * which serves one coordinator and runs one test at a time.
 */
@API(status = INTERNAL, since = "0.1")
public final class WorkerSession implements WorkerTasks {

    private static volatile WorkerSession current;

    private final Channel channel;
    private final RunRequest request;
    private final BlockingQueue<int[]> ranges = new LinkedBlockingQueue<>();
    private final BlockingQueue<RunOrder> orders = new LinkedBlockingQueue<>();
    private volatile boolean reachedBody;

    WorkerSession(Channel channel, RunRequest request) {
        this.channel = channel;
        this.request = request;
    }

    /** The run this worker JVM is serving, if this is a worker JVM and the test is the one requested. */
    public static Optional<WorkerSession> forTest(String uniqueId) {
        WorkerSession session = current;
        return session != null && session.request.uniqueId().equals(uniqueId) ? Optional.of(session) : Optional.empty();
    }

    static void begin(WorkerSession session) {
        current = session;
    }

    static void end() {
        current = null;
    }

    @Override
    public RunRequest request() {
        return request;
    }

    boolean reachedBody() {
        return reachedBody;
    }

    @Override
    public RunOrder awaitStart() throws IOException, InterruptedException {
        reachedBody = true;
        channel.send(MessageType.READY);
        return orders.take();
    }

    @Override
    public RunOrder awaitOrder() throws InterruptedException {
        return orders.take();
    }

    @Override
    public int[] nextTasks() throws IOException, InterruptedException {
        channel.send(MessageType.NEXT);
        return ranges.take();
    }

    @Override
    public void taskFailed(int task, Throwable failure, boolean aborted) throws IOException {
        channel.sendFailure(
                MessageType.TASK_FAILED, new TaskFailedMessage(task, aborted, failure)::writeHeader, failure);
    }

    @Override
    public void done(int tasksStarted, long[] threadTimes) throws IOException {
        channel.send(MessageType.DONE, new DoneMessage(tasksStarted, threadTimes)::write);
    }

    void released(RunOrder order) {
        orders.add(order);
    }

    void tasks(int from, int to) {
        ranges.add(new int[] {from, to});
    }
}
