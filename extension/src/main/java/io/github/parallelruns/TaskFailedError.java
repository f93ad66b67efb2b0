package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * The failure of one task of a parallel run, naming the worker and the task.
 *
 * <p>When a run's tasks all failed the same way (see {@link MultipleTaskFailuresError} for what makes
 * failures the same kind), the run fails with the {@code TaskFailedError} of the first of them, whose
 * message ends with a line counting them and showing how their messages varied; a few of the others
 * of the kind are attached as suppressed exceptions, and {@link #failuresOfThisKind()} tells how many
 * there were.
 *
 * <p>The original throwable is the {@linkplain #getCause() cause}, unchanged: its class, message,
 * stack trace, causes and suppressed exceptions. This error carries the same stack trace, so an IDE
 * jumps to the line that failed, and the expected and actual values of an opentest4j
 * {@link AssertionFailedError} when the original has them, so an IDE can show the difference.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class TaskFailedError extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    /** The worker the failed task ran on. */
    private final int workerIndex;

    /** The task that failed. */
    private final int taskIndex;

    /** How many tasks of the run failed this way. */
    private final int failuresOfThisKind;

    private TaskFailedError(int workerIndex, int taskIndex, Throwable failure, String message, int kindCount) {
        super(message, failure);
        this.workerIndex = workerIndex;
        this.taskIndex = taskIndex;
        this.failuresOfThisKind = kindCount;
        setStackTrace(failure.getStackTrace());
    }

    private TaskFailedError(
            int workerIndex, int taskIndex, AssertionFailedError failure, String message, int kindCount) {
        super(
                message,
                failure.isExpectedDefined() ? failure.getExpected().getValue() : null,
                failure.isActualDefined() ? failure.getActual().getValue() : null,
                failure);
        this.workerIndex = workerIndex;
        this.taskIndex = taskIndex;
        this.failuresOfThisKind = kindCount;
        setStackTrace(failure.getStackTrace());
    }

    /**
     * Wraps {@code failure}, thrown by task {@code taskIndex} on worker {@code workerIndex} as an
     * instance of {@code failureClassName} (its own class, or for a failure from a worker JVM the class
     * it had there, which this JVM may not have), of a kind {@code kindCount} tasks of the run failed
     * with; a non-empty {@code runSummary} (what else happened in the run) follows the message on a
     * line of its own. Used by ParallelRuns itself.
     *
     * @param workerIndex the worker the task ran on
     * @param taskIndex the task that failed
     * @param failure what the task threw, which becomes the cause
     * @param failureClassName the class name the message gives for {@code failure}
     * @param runSummary what else happened in the run, or {@code ""}
     * @param kindCount how many tasks failed this way, at least {@code 1}
     * @return the error to report
     */
    @API(status = INTERNAL, since = "0.1")
    public static TaskFailedError of(
            int workerIndex,
            int taskIndex,
            Throwable failure,
            String failureClassName,
            String runSummary,
            int kindCount) {
        if (kindCount < 1) {
            throw new IllegalArgumentException("kindCount must be >= 1, but was " + kindCount);
        }
        String message = "worker " + workerIndex + ", task " + taskIndex + ": " + describe(failure, failureClassName)
                + (runSummary.isEmpty() ? "" : System.lineSeparator() + runSummary);
        if (failure instanceof AssertionFailedError) {
            AssertionFailedError withValues = (AssertionFailedError) failure;
            if (withValues.isExpectedDefined() || withValues.isActualDefined()) {
                return new TaskFailedError(workerIndex, taskIndex, withValues, message, kindCount);
            }
        }
        return new TaskFailedError(workerIndex, taskIndex, failure, message, kindCount);
    }

    /**
     * The index of the worker the failed task ran on.
     *
     * @return the worker index, from {@code 0}
     */
    public int workerIndex() {
        return workerIndex;
    }

    /**
     * The index of the task that failed.
     *
     * @return the task index, from {@code 0}
     */
    public int taskIndex() {
        return taskIndex;
    }

    /**
     * How many tasks of the run failed the same way as this one, this one included: {@code 1} when it was
     * the only one of its kind.
     *
     * @return the number of tasks that failed this way, at least {@code 1}
     * @since 0.1
     */
    public int failuresOfThisKind() {
        return failuresOfThisKind;
    }

    /** An assertion's own message; for anything else its class, then its message. */
    private static String describe(Throwable failure, String className) {
        String message = failure.getMessage();
        if (failure instanceof AssertionError && message != null && !message.isBlank()) {
            return message;
        }
        return message == null || message.isBlank() ? className : className + ": " + message;
    }
}
