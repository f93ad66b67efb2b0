package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * {@link MessageType#RESULT}: the test's outcome in a worker JVM; its failure, if any, follows as
 * {@link ThrowableCodec} writes it ({@link Channel#sendFailure}).
 *
 * @param status how the test ended in the worker
 * @param reachedBody whether the worker reached the test's body
 * @param failure what the test ended with, or {@code null}
 */
@API(status = INTERNAL, since = "0.1")
public record ResultMessage(ResultStatus status, boolean reachedBody, Throwable failure) {

    /** The fields before the failure. */
    public void writeHeader(DataOutputStream out) throws IOException {
        status.write(out);
        out.writeBoolean(reachedBody);
    }

    public static ResultMessage read(DataInputStream in) throws IOException {
        ResultStatus status = ResultStatus.read(in);
        boolean reachedBody = in.readBoolean();
        return new ResultMessage(status, reachedBody, ThrowableCodec.read(in));
    }
}
