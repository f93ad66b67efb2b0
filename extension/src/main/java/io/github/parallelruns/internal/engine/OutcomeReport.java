package io.github.parallelruns.internal.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.MultipleTaskFailuresError;
import io.github.parallelruns.TaskFailedError;
import io.github.parallelruns.internal.execution.FailureKind;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.StuckWorker;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.execution.TaskFailures;
import io.github.parallelruns.internal.execution.ThreadedRun;
import io.github.parallelruns.internal.protocol.RemoteThrowable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;

/**
 * Turns a {@link RunOutcome} into what a run reports: its figures as report entries, and the failure it
 * ends with if any, for a {@code @ParallelRuns} test and {@code Parallel} alike.
 */
@API(status = INTERNAL, since = "0.1")
public final class OutcomeReport {

    private static final String PREFIX = "parallelruns.";

    private OutcomeReport() {}

    /** The figures of every run, failed or not, as one JUnit report entry. */
    public static Map<String, String> reportEntry(RunOutcome outcome) {
        RunPlan plan = outcome.plan();
        double seconds = outcome.wallTime().toNanos() / 1e9;
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put(PREFIX + "mode", plan.mode().name());
        entry.put(PREFIX + "workers", String.valueOf(plan.workers()));
        entry.put(PREFIX + "tasks", String.valueOf(plan.tasks()));
        entry.put(PREFIX + "tasksStarted", String.valueOf(outcome.tasksStarted()));
        entry.put(PREFIX + "wallTimeMs", String.format(Locale.ROOT, "%.3f", seconds * 1e3));
        entry.put(
                PREFIX + "startupMs",
                String.format(Locale.ROOT, "%.3f", outcome.startup().toNanos() / 1e6));
        entry.put(
                PREFIX + "tasksPerSecond",
                String.format(Locale.ROOT, "%.1f", seconds > 0 ? outcome.tasksStarted() / seconds : 0.0));
        entry.put(PREFIX + "failures", String.valueOf(outcome.failures().count()));
        entry.put(
                PREFIX + "failureKinds",
                String.valueOf(outcome.failures().kinds().size()));
        entry.put(PREFIX + "aborted", String.valueOf(outcome.aborted().count()));
        entry.put(PREFIX + "timedOut", String.valueOf(outcome.timedOut()));
        return entry;
    }

    /** The failure that ends the test, or {@code null} when every task passed. */
    public static Throwable failureOf(RunOutcome outcome) {
        if (outcome.timedOut()) {
            return timeout(outcome);
        }
        if (!outcome.workerFaults().isEmpty()) {
            return workerFaults(outcome);
        }
        if (!outcome.failures().isEmpty()) {
            return failures(outcome);
        }
        if (!outcome.aborted().isEmpty()) {
            return aborted(outcome);
        }
        return null;
    }

    /**
     * One kind of failure: the first failure's {@link TaskFailedError}, with the count of its kind and the
     * other kept failures of the kind attached; several kinds: a {@link MultipleTaskFailuresError} with
     * the first failure of each kind.
     */
    private static Throwable failures(RunOutcome outcome) {
        TaskFailures failures = outcome.failures();
        String summary = summary(outcome);
        if (failures.kinds().size() == 1) {
            FailureKind kind = failures.kinds().get(0);
            TaskFailure first = kind.first();
            // A run of one task that failed needs no count.
            boolean alone = outcome.plan().tasks() == 1 && outcome.aborted().isEmpty();
            String line = alone
                    ? ""
                    : failures.count() == 1 ? "(" + summary + ")" : "(" + summary + ": " + kind.describe() + ")";
            TaskFailedError error = taskFailedError(first, line, kind.count());
            kind.kept().stream().skip(1).forEach(other -> error.addSuppressed(taskFailedError(other, kind.count())));
            return error;
        }
        String nl = System.lineSeparator();
        StringBuilder heading = new StringBuilder(summary)
                .append(", ")
                .append(failures.kinds().size())
                .append(" kinds:");
        List<TaskFailedError> firsts = new ArrayList<>();
        List<TaskFailedError> others = new ArrayList<>();
        for (FailureKind kind : failures.kinds()) {
            heading.append(nl).append('\t').append(kind.describe());
            firsts.add(taskFailedError(kind.first(), kind.count()));
            kind.kept().stream().skip(1).forEach(other -> others.add(taskFailedError(other, kind.count())));
        }
        MultipleTaskFailuresError error = new MultipleTaskFailuresError(heading.toString(), firsts, failures.count());
        others.forEach(error::addSuppressed);
        return error;
    }

    /**
     * {@code 37 of 1000 tasks failed on 4 THREADS workers of 'add()'; 963 passed}, with what did not run or
     * aborted.
     */
    private static String summary(RunOutcome outcome) {
        RunPlan plan = outcome.plan();
        int failed = outcome.failures().count();
        return failed + " of " + plan.tasks() + " task" + (plan.tasks() == 1 ? "" : "s") + " failed on "
                + plan.workers() + " " + plan.mode() + " worker" + (plan.workers() == 1 ? "" : "s") + " of '"
                + plan.name() + "'; " + outcome.tasksPassed() + " passed" + abortedNote(outcome)
                + notStartedNote(outcome, failed == 1 ? "this failure" : "the first failure");
    }

    private static Throwable workerFaults(RunOutcome outcome) {
        List<Throwable> all = new ArrayList<>(outcome.workerFaults());
        outcome.failures().kinds().forEach(kind -> all.add(taskFailedError(kind.first(), kind.count())));
        if (all.size() == 1) {
            return all.get(0);
        }
        RunPlan plan = outcome.plan();
        String heading = outcome.workerFaults().size() + " of " + plan.workers() + " " + plan.mode()
                + " workers of '" + plan.name() + "' failed"
                + (outcome.failures().isEmpty()
                        ? ""
                        : ", and " + outcome.failures().count() + " task(s)"
                                + (outcome.failures().kinds().size() > 1
                                        ? " (" + outcome.failures().kinds().size()
                                                + " kinds, the first of each attached)"
                                        : ""))
                + notStartedNote(outcome, "the failures") + ":";
        MultipleFailuresError error = new MultipleFailuresError(heading, all);
        all.forEach(error::addSuppressed);
        return error;
    }

    private static Throwable aborted(RunOutcome outcome) {
        TaskFailures abortedTasks = outcome.aborted();
        TaskFailure first = abortedTasks.first();
        String others = abortedTasks.count() > 1 ? " (" + abortedTasks.count() + " tasks aborted in all)" : "";
        String where = first.taskIndex() >= 0 ? "task " + first.taskIndex() : "outside its tasks";
        TestAbortedException aborted = new TestAbortedException(
                "worker " + first.workerIndex() + ", " + where + ": "
                        + first.error().getMessage() + others
                        + notStartedNote(outcome, "the aborted assumption"),
                first.error());
        abortedTasks.kept().stream().skip(1).forEach(other -> aborted.addSuppressed(other.error()));
        return aborted;
    }

    private static Throwable timeout(RunOutcome outcome) {
        RunPlan plan = outcome.plan();
        StringBuilder message = new StringBuilder()
                .append("@ParallelRuns run of '")
                .append(plan.name())
                .append(
                        outcome.interrupted()
                                ? "' was interrupted after " + format(outcome.wallTime())
                                        + " (its test thread was interrupted, by JUnit's @Timeout for example): "
                                : "' timed out after " + format(plan.timeout()) + ": ")
                .append(outcome.stuckWorkers().size())
                .append(" of ")
                .append(plan.workers())
                .append(" workers were still running (")
                .append(firstFew(outcome.stuckWorkers().stream()
                        .map(OutcomeReport::describe)
                        .collect(Collectors.toList())))
                .append(")");
        if (outcome.tasksNotStarted() > 0) {
            message.append("; ")
                    .append(outcome.tasksNotStarted())
                    .append(" of ")
                    .append(plan.tasks())
                    .append(" tasks were not started");
        }
        message.append(
                outcome.stuckWorkers().size() > StuckWorker.STACKS_KEPT
                        ? ". The stack traces of the first " + StuckWorker.STACKS_KEPT + " at the timeout are attached."
                        : ". Their stack traces at the timeout are attached.");
        if (!outcome.failures().isEmpty()) {
            message.append(" Before the timeout, ")
                    .append(outcome.failures().count())
                    .append(" task(s) failed")
                    .append(
                            outcome.failures().kinds().size() > 1
                                    ? " (" + outcome.failures().kinds().size() + " kinds)"
                                    : "")
                    .append(": ")
                    .append(outcome.failures().kinds().stream()
                            .map(FailureKind::describe)
                            .collect(Collectors.joining("; ")))
                    .append("; the first of each kind attached.");
        }
        if (!outcome.endedByInterrupt().isEmpty()) {
            message.append(" When interrupted, ")
                    .append(outcome.endedByInterrupt().size())
                    .append(" task(s) ended with an exception; attached.");
        }
        if (!outcome.threadsLeftBehind().isEmpty()) {
            message.append(System.lineSeparator())
                    .append("Still alive ")
                    .append(format(ThreadedRun.INTERRUPT_GRACE))
                    .append(" after being interrupted (they ignore interruption and are left running): ")
                    .append(firstFew(outcome.threadsLeftBehind()));
        }
        TimeoutException timeout = new TimeoutException(message.toString());
        outcome.stuckWorkers().stream()
                .filter(stuck ->
                        !stuck.stackTrace().isEmpty() || !stuck.threadDump().isEmpty())
                .forEach(stuck -> timeout.addSuppressed(new StuckWorkerStackTrace(stuck)));
        outcome.workerFaults().forEach(timeout::addSuppressed);
        outcome.failures().kinds().forEach(kind -> timeout.addSuppressed(taskFailedError(kind.first(), kind.count())));
        outcome.endedByInterrupt().forEach(failure -> timeout.addSuppressed(taskFailedError(failure, 1)));
        return timeout;
    }

    static String describe(StuckWorker stuck) {
        return "worker " + stuck.workerIndex() + " " + where(stuck);
    }

    static String where(StuckWorker stuck) {
        switch (stuck.taskIndex()) {
            case StuckWorker.AT_START_BARRIER:
                return "waiting at the start barrier";
            case StuckWorker.BETWEEN_TASKS:
                return "between tasks";
            case StuckWorker.IN_WORKER_JVM:
                return "in its worker JVM (" + stuck.threadName() + ")";
            default:
                return "in task " + stuck.taskIndex();
        }
    }

    /** At most ten items, then how many more: a timeout of 100000 workers stays one readable line. */
    private static String firstFew(List<String> items) {
        int shown = 10;
        return items.size() <= shown
                ? String.join(", ", items)
                : String.join(", ", items.subList(0, shown)) + " and " + (items.size() - shown) + " more";
    }

    /** The {@link TaskFailedError} of {@code failure}, of a kind {@code kindCount} tasks failed with. */
    public static TaskFailedError taskFailedError(TaskFailure failure, int kindCount) {
        return taskFailedError(failure, "", kindCount);
    }

    private static TaskFailedError taskFailedError(TaskFailure failure, String runSummary, int kindCount) {
        return TaskFailedError.of(
                failure.workerIndex(),
                failure.taskIndex(),
                failure.error(),
                RemoteThrowable.classNameOf(failure.error()),
                runSummary,
                kindCount);
    }

    private static String notStartedNote(RunOutcome outcome, String cause) {
        int notStarted = outcome.tasksNotStarted();
        return notStarted == 0
                ? ""
                : "; " + notStarted + " of " + outcome.plan().tasks() + " tasks were not started because of " + cause
                        + (outcome.plan().failFast() ? " (failFast)" : "");
    }

    private static String abortedNote(RunOutcome outcome) {
        return outcome.aborted().isEmpty()
                ? ""
                : "; " + outcome.aborted().count() + " task(s) aborted on a failed assumption";
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return duration.toNanos() + " ns";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
