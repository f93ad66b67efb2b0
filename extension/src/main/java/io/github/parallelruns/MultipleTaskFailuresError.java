package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;
import org.opentest4j.MultipleFailuresError;

/**
 * The failure of a parallel run in which more than one task failed: one {@link TaskFailedError} per
 * failed task, in task order, each with its full stack trace (also attached as suppressed
 * exceptions, so every report prints them).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MultipleTaskFailuresError extends MultipleFailuresError {

    private static final long serialVersionUID = 1L;

    private final String heading;
    @SuppressWarnings("serial") // an immutable List.copyOf of serializable errors
    private final List<TaskFailedError> taskFailures;

    /**
     * A failure listing {@code failures} under {@code heading}. Used by ParallelRuns itself.
     *
     * @param heading the first line of the message, saying how many tasks failed and did not start
     * @param failures the failed tasks, at least two
     */
    @API(status = INTERNAL, since = "0.1")
    public MultipleTaskFailuresError(String heading, List<TaskFailedError> failures) {
        super(heading, failures);
        this.heading = heading;
        this.taskFailures = List.copyOf(failures);
        // So that every report, not only those that know MultipleFailuresError, prints each stack trace.
        taskFailures.forEach(this::addSuppressed);
    }

    /** The failed tasks, in task order. */
    public List<TaskFailedError> taskFailures() {
        return taskFailures;
    }

    @Override
    public String getMessage() {
        StringBuilder message = new StringBuilder(heading);
        for (TaskFailedError failure : taskFailures) {
            message.append(System.lineSeparator()).append('\t').append(firstLines(failure.getMessage()));
        }
        return message.toString();
    }

    private static String firstLines(String message) {
        // Keep the listing one line per task; the full message is in the failure's own trace.
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).stripTrailing() + " ...";
    }
}
