package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One parallel run made by {@link Parallel#run()}: its timings and every task's failure.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunResult {

    private final Mode mode;
    private final int workers;
    private final int tasks;
    private final Duration wallTime;
    private final Duration startup;
    private final int tasksStarted;
    private final List<TaskFailedError> failures;
    private final Throwable failure;
    private final boolean timedOut;

    RunResult(Mode mode, int workers, int tasks, Duration wallTime, Duration startup, int tasksStarted,
            List<TaskFailedError> failures, Throwable failure, boolean timedOut) {
        this.mode = mode;
        this.workers = workers;
        this.tasks = tasks;
        this.wallTime = Objects.requireNonNull(wallTime, "wallTime");
        this.startup = Objects.requireNonNull(startup, "startup");
        this.tasksStarted = tasksStarted;
        this.failures = List.copyOf(failures);
        this.failure = failure;
        this.timedOut = timedOut;
    }

    public Mode mode() {
        return mode;
    }

    public int workers() {
        return workers;
    }

    public int tasks() {
        return tasks;
    }

    /** From the release of the start barrier to the end of the last task; creating workers is outside it. */
    public Duration wallTime() {
        return wallTime;
    }

    /** The time it took to create the workers and bring them to the start barrier. */
    public Duration startup() {
        return startup;
    }

    /** How many tasks began; fewer than {@link #tasks()} after a failure or the timeout. */
    public int tasksStarted() {
        return tasksStarted;
    }

    /** Each failed task's failure, naming its worker and task; empty when every task passed. */
    public List<TaskFailedError> failures() {
        return failures;
    }

    /**
     * The failure a {@link ParallelRuns} test would have thrown: one task's {@link TaskFailedError},
     * a {@link MultipleTaskFailuresError}, a timeout or aborted tasks; empty when the run succeeded.
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the run ended without any failure, aborted task or timeout. */
    public boolean succeeded() {
        return failure == null;
    }

    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public String toString() {
        return "RunResult[" + mode + ", " + workers + " workers, " + tasks + " tasks, " + tasksStarted + " started, "
                + "wall " + wallTime.toNanos() / 1e6 + " ms, " + (succeeded() ? "succeeded" : failures.size()
                        + " failed" + (timedOut ? ", timed out" : "")) + "]";
    }
}
