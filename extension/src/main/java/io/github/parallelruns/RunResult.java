package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One parallel run made by {@link Parallel#run()}: its timings, how many tasks failed and which, and
 * their failures (the first few of each kind, whole).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunResult {

    /** Failures kept of each kind: the first whole, and a few others to compare it with. */
    public static final int KEPT_PER_KIND = 4;

    private final Mode mode;
    private final int workers;
    private final int tasks;
    private final Duration wallTime;
    private final Duration startup;
    private final int tasksStarted;
    private final int failedTasks;
    private final BitSet failedTaskIndexes;
    private final List<TaskFailedError> failures;
    private final Throwable failure;
    private final boolean timedOut;

    RunResult(
            Mode mode,
            int workers,
            int tasks,
            Duration wallTime,
            Duration startup,
            int tasksStarted,
            int failedTasks,
            BitSet failedTaskIndexes,
            List<TaskFailedError> failures,
            Throwable failure,
            boolean timedOut) {
        this.mode = mode;
        this.workers = workers;
        this.tasks = tasks;
        this.wallTime = Objects.requireNonNull(wallTime, "wallTime");
        this.startup = Objects.requireNonNull(startup, "startup");
        this.tasksStarted = tasksStarted;
        this.failedTasks = failedTasks;
        this.failedTaskIndexes = (BitSet) failedTaskIndexes.clone();
        this.failures = List.copyOf(failures);
        this.failure = failure;
        this.timedOut = timedOut;
    }

    /**
     * The kind of worker the run used.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * How many workers ran the tasks.
     *
     * @return the number of workers
     */
    public int workers() {
        return workers;
    }

    /**
     * How many tasks the run had, started or not.
     *
     * @return the number of tasks
     */
    public int tasks() {
        return tasks;
    }

    /**
     * From the release of the start barrier to the end of the last task; creating workers is outside it.
     *
     * @return the run's wall time
     */
    public Duration wallTime() {
        return wallTime;
    }

    /**
     * The time it took to create the workers and bring them to the start barrier.
     *
     * @return the start-up time
     */
    public Duration startup() {
        return startup;
    }

    /**
     * How many tasks began: all of them, unless the run timed out or failed fast.
     *
     * @return the number of tasks started
     */
    public int tasksStarted() {
        return tasksStarted;
    }

    /**
     * How many tasks failed (threw anything but a failed assumption).
     *
     * @return the number of failed tasks
     */
    public int failedTasks() {
        return failedTasks;
    }

    /**
     * Whether task {@code taskIndex} failed.
     *
     * @param taskIndex the task, from {@code 0}
     * @return {@code true} when it failed; {@code false} when it passed, did not start or does not exist
     */
    public boolean taskFailed(int taskIndex) {
        return taskIndex >= 0 && failedTaskIndexes.get(taskIndex);
    }

    /**
     * The indexes of the failed tasks, ascending.
     *
     * @return the failed tasks' indexes, empty when none failed
     */
    public List<Integer> failedTaskIndexes() {
        return failedTaskIndexes.stream().boxed().collect(Collectors.toUnmodifiableList());
    }

    /**
     * The failures kept, in task order, each naming its worker and task: the first
     * {@value io.github.parallelruns.RunResult#KEPT_PER_KIND} of each kind (see
     * {@link MultipleTaskFailuresError}), whole, each telling how many of its kind there were
     * ({@link TaskFailedError#failuresOfThisKind()}); empty when every task passed. All of them when no
     * kind failed more than {@value io.github.parallelruns.RunResult#KEPT_PER_KIND} times.
     *
     * @return the failures kept, in task order
     */
    public List<TaskFailedError> failures() {
        return failures;
    }

    /**
     * The failure a {@link ParallelRuns} test would have thrown: one task's {@link TaskFailedError},
     * a {@link MultipleTaskFailuresError}, a timeout or aborted tasks; empty when the run succeeded.
     *
     * @return the run's failure, if any
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Whether the run ended without any failure, aborted task or timeout.
     *
     * @return {@code true} when the run succeeded
     */
    public boolean succeeded() {
        return failure == null;
    }

    /**
     * Whether the run was stopped because it took longer than its {@link Parallel#timeout(Duration) timeout}.
     *
     * @return {@code true} when it timed out
     */
    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public String toString() {
        return "RunResult[" + mode + ", " + workers + " workers, " + tasks + " tasks, " + tasksStarted + " started, "
                + "wall " + wallTime.toNanos() / 1e6 + " ms, "
                + (succeeded() ? "succeeded" : failedTasks + " failed" + (timedOut ? ", timed out" : "")) + "]";
    }
}
