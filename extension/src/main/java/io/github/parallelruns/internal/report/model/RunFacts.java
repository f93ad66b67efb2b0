package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * What a plain run did: its times, its tasks and its failures.
 *
 * @param wallMs from releasing the workers to the last task's end, NaN when not known
 * @param startupMs from starting the workers to releasing them, NaN when not known
 * @param tasksStarted the tasks that began
 * @param failedTasks the tasks that failed
 * @param tasksPassed the tasks that ran to their end without throwing
 * @param failureKinds the failures grouped by kind
 * @param failures the failures kept, then the failures of whole workers (which have no worker or task)
 * @param timedOut whether the run timed out
 */
@API(status = INTERNAL, since = "0.1")
public record RunFacts(
        double wallMs,
        double startupMs,
        OptionalInt tasksStarted,
        OptionalInt failedTasks,
        OptionalInt tasksPassed,
        List<Kind> failureKinds,
        List<Failure> failures,
        boolean timedOut) {

    public RunFacts {
        Objects.requireNonNull(tasksStarted, "tasksStarted");
        Objects.requireNonNull(failedTasks, "failedTasks");
        Objects.requireNonNull(tasksPassed, "tasksPassed");
        failureKinds = List.copyOf(failureKinds);
        failures = List.copyOf(failures);
    }

    /**
     * Task failures of one kind.
     *
     * @param count how many tasks failed so
     * @param exception the exception's class
     * @param message the message with its varying parts marked
     * @param frame the top frame of the user's code, or empty
     * @param firstWorker the worker of the kind's failure with the lowest task index
     * @param firstTask that failure's task
     */
    @API(status = INTERNAL, since = "0.1")
    public record Kind(
            OptionalInt count,
            String exception,
            String message,
            String frame,
            OptionalInt firstWorker,
            OptionalInt firstTask) {

        /** A kind with nothing known, as an item of the list that is not an object reads. */
        public static final Kind UNKNOWN =
                new Kind(OptionalInt.empty(), "", "", "", OptionalInt.empty(), OptionalInt.empty());

        public Kind {
            Objects.requireNonNull(count, "count");
            Objects.requireNonNull(exception, "exception");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(firstWorker, "firstWorker");
            Objects.requireNonNull(firstTask, "firstTask");
        }
    }

    /**
     * One failure, by the first line of its throwable.
     *
     * @param worker the worker it happened on; empty for the failure of a whole worker
     * @param task the task; empty for the failure of a whole worker
     * @param error the first line of the throwable
     */
    @API(status = INTERNAL, since = "0.1")
    public record Failure(OptionalInt worker, OptionalInt task, String error) {

        /** A failure with nothing known, as an item of the list that is not an object reads. */
        public static final Failure UNKNOWN = new Failure(OptionalInt.empty(), OptionalInt.empty(), "");

        public Failure {
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(error, "error");
        }
    }
}
