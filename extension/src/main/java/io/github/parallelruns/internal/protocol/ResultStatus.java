package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apiguardian.api.API;

/** The test's outcome in a worker JVM, the first field of a {@link MessageType#RESULT} record. */
@API(status = INTERNAL, since = "0.1")
public enum ResultStatus {
    /** The test passed in the worker (its tasks' failures travel as {@code TASK_FAILED}, not here). */
    SUCCESSFUL(0),
    /** The test failed in the worker, outside its tasks, or the Launcher itself failed. */
    FAILED(1),
    /** An assumption failed in the worker's lifecycle. */
    ABORTED(2),
    /** The worker's Launcher did not find the test. */
    NOT_FOUND(3),
    /** The test was skipped in the worker (a condition disabled it, say). */
    SKIPPED(4);

    private final byte code;

    ResultStatus(int code) {
        this.code = (byte) code;
    }

    public void write(DataOutput out) throws IOException {
        out.writeByte(code);
    }

    /**
     * Reads a status written by {@link #write}.
     *
     * @throws MalformedRecordException when the byte is no status's code: the worker speaks another
     *     protocol, or the record is corrupt
     */
    public static ResultStatus read(DataInput in) throws IOException {
        byte code = in.readByte();
        for (ResultStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new MalformedRecordException(
                "unknown result status " + code + " (known: " + SUCCESSFUL.code + " to " + SKIPPED.code + ")");
    }
}
