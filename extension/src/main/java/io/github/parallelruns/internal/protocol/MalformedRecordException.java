package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import org.apiguardian.api.API;

/** A record that does not hold what its type says: cut short, or with a count or length it cannot hold. */
@API(status = INTERNAL, since = "0.1")
public final class MalformedRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
