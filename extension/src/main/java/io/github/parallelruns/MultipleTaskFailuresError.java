package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;
import org.opentest4j.MultipleFailuresError;

/**
 * The failure of a parallel run whose tasks failed in more than one way.
 *
 * <p>Failures are of the same kind when they have the same exception class, the same message apart
 * from numbers and identity hash codes, and the same top frame of the user's code. The message counts
 * each kind on a line of its own, with its message as it varied ({@code expected: <4000> but was:
 * <39xx>}) and where its first failure happened; {@link #taskFailures()} holds the first failure of
 * each kind, whole, as a {@link TaskFailedError} whose {@link TaskFailedError#failuresOfThisKind()}
 * counts its kind. Those and a few other failures of each kind are attached as suppressed exceptions,
 * so every report prints their stack traces.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MultipleTaskFailuresError extends MultipleFailuresError {

    private static final long serialVersionUID = 1L;

    /** The whole message: how many tasks failed, and one line per kind. */
    private final String message;

    /** The first failure of each kind, in task order. */
    @SuppressWarnings("serial") // an immutable List.copyOf of serializable errors
    private final List<TaskFailedError> taskFailures;

    /** How many tasks failed, of every kind. */
    private final int failedTasks;

    /**
     * A failure with {@code message}, listing the first failure of each kind. Used by ParallelRuns itself.
     *
     * @param message the whole message: how many tasks failed, and one line per kind
     * @param firstOfEachKind the first failure of each kind, at least two
     * @param failedTasks how many tasks failed in all
     */
    @API(status = INTERNAL, since = "0.1")
    public MultipleTaskFailuresError(String message, List<TaskFailedError> firstOfEachKind, int failedTasks) {
        super(message, firstOfEachKind);
        this.message = message;
        this.taskFailures = List.copyOf(firstOfEachKind);
        this.failedTasks = failedTasks;
        // So that every report, not only those that know MultipleFailuresError, prints each stack trace.
        taskFailures.forEach(this::addSuppressed);
    }

    /**
     * The first failure of each kind, in the order of their task indexes.
     *
     * @return one failure per kind, at least two
     */
    public List<TaskFailedError> taskFailures() {
        return taskFailures;
    }

    /**
     * How many tasks failed in all, of every kind.
     *
     * @return the number of failed tasks
     */
    public int failedTasks() {
        return failedTasks;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
