package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * {@link MessageType#RUN}: the coordinator asks a worker JVM to run a test's part.
 *
 * @param uniqueId the test's JUnit unique id
 * @param workers the run's workers
 * @param tasks the run's tasks
 * @param workerIndex this worker's index
 * @param failFast whether the worker stops its tasks at the first failure
 */
@API(status = INTERNAL, since = "0.1")
public record RunMessage(String uniqueId, int workers, int tasks, int workerIndex, boolean failFast) {

    public void write(DataOutputStream out) throws IOException {
        Channel.writeString(out, uniqueId);
        out.writeInt(workers);
        out.writeInt(tasks);
        out.writeInt(workerIndex);
        out.writeBoolean(failFast);
    }

    public static RunMessage read(DataInputStream in) throws IOException {
        return new RunMessage(Channel.readString(in), in.readInt(), in.readInt(), in.readInt(), in.readBoolean());
    }
}
