package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/** A task whose body threw: which worker, which task, and the throwable itself, untouched. */
@API(status = INTERNAL, since = "0.1")
public record TaskFailure(int workerIndex, int taskIndex, Throwable error) {

    public TaskFailure {
        Objects.requireNonNull(error, "error");
    }
}
