package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * The failure of one task of a parallel run, naming the worker and the task.
 *
 * <p>The original throwable is the {@linkplain #getCause() cause}, unchanged: its class, message,
 * stack trace, causes and suppressed exceptions. This error carries the same stack trace, so an IDE
 * jumps to the line that failed, and the expected and actual values of an opentest4j
 * {@link AssertionFailedError}, so an IDE can show the difference.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class TaskFailedError extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    private final int workerIndex;
    private final int taskIndex;

    /**
     * Wraps {@code failure}, thrown by task {@code taskIndex} on worker {@code workerIndex}.
     *
     * @param workerIndex the index of the worker the task ran on
     * @param taskIndex the index of the task that failed
     * @param failure what the task threw
     */
    public TaskFailedError(int workerIndex, int taskIndex, Throwable failure) {
        this(workerIndex, taskIndex, failure, "");
    }

    /**
     * Wraps {@code failure}, thrown by task {@code taskIndex} on worker {@code workerIndex}, and adds
     * what else happened in the run (for example how many tasks did not start) on a line of its own.
     *
     * @param workerIndex the index of the worker the task ran on
     * @param taskIndex the index of the task that failed
     * @param failure what the task threw
     * @param runSummary appended to the message on a new line; empty for nothing
     */
    public TaskFailedError(int workerIndex, int taskIndex, Throwable failure, String runSummary) {
        super(describe(workerIndex, taskIndex, failure)
                        + (runSummary.isEmpty() ? "" : System.lineSeparator() + runSummary),
                expectedOf(failure), actualOf(failure), failure);
        this.workerIndex = workerIndex;
        this.taskIndex = taskIndex;
        setStackTrace(failure.getStackTrace());
    }

    /** The index of the worker the failed task ran on. */
    public int workerIndex() {
        return workerIndex;
    }

    /** The index of the task that failed. */
    public int taskIndex() {
        return taskIndex;
    }

    /** {@code worker W, task T: } and the failure: its message for an assertion, else class and message. */
    static String describe(int workerIndex, int taskIndex, Throwable failure) {
        return "worker " + workerIndex + ", task " + taskIndex + ": " + describe(failure);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof AssertionError && message != null && !message.isBlank()) {
            return message;
        }
        return message == null || message.isBlank()
                ? failure.getClass().getName()
                : failure.getClass().getName() + ": " + message;
    }

    private static Object expectedOf(Throwable failure) {
        return failure instanceof AssertionFailedError && ((AssertionFailedError) failure).isExpectedDefined()
                ? ((AssertionFailedError) failure).getExpected().getValue()
                : null;
    }

    private static Object actualOf(Throwable failure) {
        return failure instanceof AssertionFailedError && ((AssertionFailedError) failure).isActualDefined()
                ? ((AssertionFailedError) failure).getActual().getValue()
                : null;
    }
}
