package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * The failure of a whole worker rather than of one task: a worker JVM that exited, crashed or was
 * killed before its test ended, or whose test failed outside its tasks (in {@code @BeforeEach}, say).
 * The message names the worker, its process id and exit code, says what the exit code means, and
 * shows the last lines the worker wrote and its command line.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class WorkerFailedError extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    /** The worker that failed. */
    private final int workerIndex;

    /**
     * The failure of worker {@code workerIndex}. Used by ParallelRuns itself.
     *
     * @param workerIndex the worker that failed
     * @param message the whole message, naming the worker and saying what happened to it
     * @param cause what made it fail, or {@code null} when nothing was thrown
     */
    @API(status = INTERNAL, since = "0.1")
    public WorkerFailedError(int workerIndex, String message, Throwable cause) {
        super(message, cause);
        this.workerIndex = workerIndex;
    }

    /**
     * The index of the worker that failed.
     *
     * @return the worker index, from {@code 0}
     */
    public int workerIndex() {
        return workerIndex;
    }
}
