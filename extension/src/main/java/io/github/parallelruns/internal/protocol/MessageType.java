package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import org.apiguardian.api.API;

/** The records of the worker protocol; see {@link Channel}. */
@API(status = INTERNAL, since = "0.1")
public enum MessageType {
    // coordinator -> worker
    /** Run one test: unique id, workers, tasks, this worker's index. */
    RUN(1),
    /** The start barrier opens. */
    GO(2),
    /** A range of task indexes, {@code int from, int to} (exclusive); an empty range means no more. */
    TASKS(3),
    /** Send a thread dump now. */
    DUMP(4),
    /** Shut down. */
    EXIT(5),
    /** Get ready for a test that may come (a prestarted worker): its unique id. */
    PREPARE(6),
    // worker -> coordinator
    /** The worker reached the body and waits at the start barrier. */
    READY(10),
    /** The worker wants more tasks. */
    NEXT(11),
    /** A task threw: {@code int task, byte aborted, throwable}. */
    TASK_FAILED(12),
    /** The worker's task loop ended. */
    DONE(13),
    /**
     * The test's outcome in the worker: {@code byte status} (a {@link ResultStatus}),
     * {@code boolean reachedBody}, then a throwable as {@code ThrowableCodec} writes it (possibly none).
     */
    RESULT(14),
    /** A thread dump, as text. */
    DUMP_REPLY(15);

    final byte code;

    MessageType(int code) {
        this.code = (byte) code;
    }

    static MessageType of(byte code) throws IOException {
        for (MessageType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IOException("unknown record type " + code);
    }
}
