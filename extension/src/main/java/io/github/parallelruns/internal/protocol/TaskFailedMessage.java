package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * {@link MessageType#TASK_FAILED}: a task failed or was aborted in a worker; the failure follows as
 * {@link ThrowableCodec} writes it ({@link Channel#sendFailure}).
 *
 * @param task the task's index
 * @param aborted whether it was aborted (an assumption) rather than failed
 * @param failure what it threw, rebuilt on the coordinator's side
 */
@API(status = INTERNAL, since = "0.1")
public record TaskFailedMessage(int task, boolean aborted, Throwable failure) {

    /** The fields before the failure. */
    public void writeHeader(DataOutputStream out) throws IOException {
        out.writeInt(task);
        out.writeBoolean(aborted);
    }

    public static TaskFailedMessage read(DataInputStream in) throws IOException {
        int task = in.readInt();
        boolean aborted = in.readBoolean();
        return new TaskFailedMessage(task, aborted, ThrowableCodec.read(in));
    }
}
