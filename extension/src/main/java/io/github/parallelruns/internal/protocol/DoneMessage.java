package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * {@link MessageType#DONE}: a worker has no more tasks in the current order.
 *
 * @param tasksStarted how many tasks it started in it
 * @param threadTimes the worker thread's run time, run-queue wait and wall time over the order, and the
 *     JVM's CPU time outside that thread and the JIT compiler ({@code -1} where not read), in nanoseconds;
 *     {@code null} where the thread's could not be read
 */
@API(status = INTERNAL, since = "0.1")
public record DoneMessage(int tasksStarted, long[] threadTimes) {

    public DoneMessage {
        if (threadTimes != null && threadTimes.length != 4) {
            throw new IllegalArgumentException("threadTimes must hold 4 figures, but held " + threadTimes.length);
        }
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(tasksStarted);
        out.writeBoolean(threadTimes != null);
        if (threadTimes != null) {
            for (long figure : threadTimes) {
                out.writeLong(figure);
            }
        }
    }

    public static DoneMessage read(DataInputStream in) throws IOException {
        int started = in.readInt();
        long[] threadTimes =
                in.readBoolean() ? new long[] {in.readLong(), in.readLong(), in.readLong(), in.readLong()} : null;
        return new DoneMessage(started, threadTimes);
    }
}
