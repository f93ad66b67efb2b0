package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Task failures of one kind (see {@link FailureKinds}): how many, and the first few whole.
 *
 * @param className the exception's class, or {@link #OTHER_KINDS} for the failures beyond the kinds told apart
 * @param pattern the message with its varying parts marked ({@code expected: <4000> but was: <39xx>})
 * @param frame the top frame of the user's code, {@code Class.method(File.java:42)}, or empty
 * @param count how many tasks failed so, {@code >= 1}
 * @param kept the failures kept, at most {@link FailureTally#KEPT_PER_KIND}, those of the lowest task
 *     indexes, in task order
 */
@API(status = INTERNAL, since = "0.1")
public record FailureKind(String className, String pattern, String frame, int count, List<TaskFailure> kept) {

    /** The class name of the group of failures beyond {@link FailureTally#MAX_KINDS} kinds. */
    public static final String OTHER_KINDS = "(other kinds)";

    public FailureKind {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(frame, "frame");
        kept = List.copyOf(kept);
        if (count < 1 || kept.isEmpty() || kept.size() > count) {
            throw new IllegalArgumentException("a kind has at least one failure, all of the kept ones counted, but "
                    + "count was " + count + " and " + kept.size() + " were kept");
        }
    }

    /** The failure of the lowest task index of this kind. */
    public TaskFailure first() {
        return kept.get(0);
    }

    /**
     * One line: {@code 35 × AssertionFailedError: expected: <4000> but was: <39xx> at
     * CounterTest.add(CounterTest.java:42) (first: worker 2, task 7)}.
     */
    public String describe() {
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        String what =
                className.equals(OTHER_KINDS) ? pattern : pattern.isEmpty() ? simpleName : simpleName + ": " + pattern;
        return count + " × " + what + (frame.isEmpty() ? "" : " at " + frame) + " (first: worker "
                + first().workerIndex() + ", "
                + (first().taskIndex() >= 0 ? "task " + first().taskIndex() : "outside its tasks") + ")";
    }
}
