package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import org.apiguardian.api.API;

/** A record over the channel's limit, which was not sent. */
@API(status = INTERNAL, since = "0.1")
public final class RecordTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    RecordTooLargeException(String message) {
        super(message);
    }
}
