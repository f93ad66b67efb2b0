package io.github.parallelruns.internal.execution;

import java.util.Objects;

/** A task whose body threw: which worker, which task, and the throwable itself, untouched. */
public record TaskFailure(int workerIndex, int taskIndex, Throwable error) {

    public TaskFailure {
        Objects.requireNonNull(error, "error");
    }
}
