package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * {@link MessageType#TASKS}: the task indexes {@code [from, to)} handed to a worker; empty means no more.
 *
 * @param from the first task index
 * @param to one past the last
 */
@API(status = INTERNAL, since = "0.1")
public record TaskRangeMessage(int from, int to) {

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(from);
        out.writeInt(to);
    }

    public static TaskRangeMessage read(DataInputStream in) throws IOException {
        return new TaskRangeMessage(in.readInt(), in.readInt());
    }
}
