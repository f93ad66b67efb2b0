package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What happened in one parallel run.
 *
 * @param startup from the start of the run (creating threads, starting or taking worker JVMs) until
 *     every worker was ready and the start barrier opened; the whole run when it never opened
 * @param wallTime from the release of the start barrier to the end of the last task
 * @param tasksStarted how many tasks began (each index at most once)
 * @param failures tasks whose body threw, by kind
 * @param aborted tasks whose body failed an assumption, by kind (or, on worker JVMs, a test aborted
 *     outside its tasks, task index {@code -1})
 * @param timedOut whether the run was stopped before every worker finished: its timeout expired, or
 *     the waiting thread was interrupted
 * @param interrupted whether it was stopped because the waiting thread was interrupted (by JUnit's
 *     {@code @Timeout}, for example) rather than by its own timeout
 * @param stuckWorkers the workers still running when the timeout expired
 * @param endedByInterrupt tasks that threw after the timeout interrupted them, in task order
 * @param threadsLeftBehind names of worker threads still alive after being interrupted
 * @param workerFaults failures of whole workers rather than of tasks: a worker JVM that exited,
 *     crashed, or failed outside its tasks
 */
@API(status = INTERNAL, since = "0.1")
public record RunOutcome(
        RunPlan plan,
        Duration startup,
        Duration wallTime,
        int tasksStarted,
        TaskFailures failures,
        TaskFailures aborted,
        boolean timedOut,
        boolean interrupted,
        List<StuckWorker> stuckWorkers,
        List<TaskFailure> endedByInterrupt,
        List<String> threadsLeftBehind,
        List<Throwable> workerFaults) {

    public RunOutcome {
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(aborted, "aborted");
        stuckWorkers = List.copyOf(stuckWorkers);
        endedByInterrupt = List.copyOf(endedByInterrupt);
        threadsLeftBehind = List.copyOf(threadsLeftBehind);
        workerFaults = List.copyOf(workerFaults);
    }

    /** Tasks that never began: after the timeout, or a failure or an aborted assumption with fail-fast. */
    public int tasksNotStarted() {
        return plan.tasks() - tasksStarted;
    }

    public boolean succeeded() {
        return failures.isEmpty() && aborted.isEmpty() && !timedOut && workerFaults.isEmpty();
    }

    /**
     * Tasks that ran to their end without throwing: started, and neither failed nor aborted. Exact when the
     * run did not time out (then tasks still running count as passed).
     */
    public int tasksPassed() {
        int abortedTasks = (int) aborted.kinds().stream()
                .flatMap(kind -> kind.kept().stream())
                .filter(failure -> failure.taskIndex() < 0)
                .count();
        return Math.max(
                0, tasksStarted - failures.count() - (aborted.count() - abortedTasks) - endedByInterrupt.size());
    }
}
