package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * What the coordinator's {@code GO} tells a worker waiting in the body: run the tasks once (a test
 * without a speedup measurement), run one side of a speedup measurement and then wait for the next
 * order, or leave the body (the measurement is over).
 *
 * @param kind {@link #ONLY}, {@link #MEASURED} or {@link #FINISH}
 * @param workers how many workers take part in this run: 1 for a sequential baseline
 * @param firstRun the run index of the first repetition of the task set
 * @param repetitions how many times the task set is handed out in this run
 * @param baseline whether this run is a sequential baseline
 * @param warmUp whether this run's time is discarded
 * @param readThreads whether the worker reads what its thread did with its time over the run (run time, run-queue
 *     wait, wall time) and sends it with {@code DONE}: only for the run that measures the body's CPU share, so that
 *     the readings cost the timed runs nothing
 */
@API(status = INTERNAL, since = "0.1")
public record RunOrder(
        byte kind, int workers, int firstRun, int repetitions, boolean baseline, boolean warmUp, boolean readThreads) {

    public static final byte ONLY = 0;
    public static final byte MEASURED = 1;
    public static final byte FINISH = 2;

    public static RunOrder only(int workers) {
        return new RunOrder(ONLY, workers, 0, 1, false, false, false);
    }

    public static RunOrder finish() {
        return new RunOrder(FINISH, 0, 0, 0, false, false, false);
    }

    public void write(DataOutput out) throws IOException {
        out.writeByte(kind);
        out.writeInt(workers);
        out.writeInt(firstRun);
        out.writeInt(repetitions);
        out.writeBoolean(baseline);
        out.writeBoolean(warmUp);
        out.writeBoolean(readThreads);
    }

    public static RunOrder read(DataInput in) throws IOException {
        byte kind = in.readByte();
        if (kind != ONLY && kind != MEASURED && kind != FINISH) {
            throw new IOException("unknown run order " + kind);
        }
        return new RunOrder(
                kind, in.readInt(), in.readInt(), in.readInt(), in.readBoolean(), in.readBoolean(), in.readBoolean());
    }
}
