package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import org.apiguardian.api.API;

/**
 * The failures of a run's tasks: how many, grouped by kind (in the order of each kind's first task),
 * with a bounded number of throwables kept, and the indexes of all failed tasks.
 *
 * @param count how many tasks failed
 * @param kinds the kinds, the first few failures of each kept whole
 */
@API(status = INTERNAL, since = "0.1")
public record TaskFailures(int count, List<FailureKind> kinds, BitSet taskIndexes) {

    /** No failures. */
    public static final TaskFailures NONE = new TaskFailures(0, List.of(), new BitSet());

    public TaskFailures {
        kinds = List.copyOf(kinds);
        taskIndexes =
                (BitSet) Objects.requireNonNull(taskIndexes, "taskIndexes").clone();
        int counted = kinds.stream().mapToInt(FailureKind::count).sum();
        if (counted != count) {
            throw new IllegalArgumentException(
                    "count must be the sum over the kinds (" + counted + "), but was " + count);
        }
    }

    /** All of {@code failures}, each its own kind's first or not as {@link FailureTally} groups them. */
    public static TaskFailures of(List<TaskFailure> failures) {
        FailureTally tally = new FailureTally();
        failures.forEach(tally::add);
        return tally.snapshot();
    }

    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public BitSet taskIndexes() {
        return (BitSet) taskIndexes.clone();
    }

    /** Every kept failure, in task order. */
    public List<TaskFailure> kept() {
        List<TaskFailure> all = new ArrayList<>();
        kinds.forEach(kind -> all.addAll(kind.kept()));
        all.sort(Comparator.comparingInt(TaskFailure::taskIndex));
        return all;
    }

    /** The failure of the lowest task index. */
    public TaskFailure first() {
        return kept().get(0);
    }

    /** The same failures with their task indexes mapped by {@code index} (a measurement's runs to one task set). */
    public TaskFailures remap(IntUnaryOperator index) {
        List<FailureKind> mapped = new ArrayList<>();
        for (FailureKind kind : kinds) {
            List<TaskFailure> kept = new ArrayList<>();
            for (TaskFailure failure : kind.kept()) {
                kept.add(new TaskFailure(
                        failure.workerIndex(),
                        failure.taskIndex() < 0 ? failure.taskIndex() : index.applyAsInt(failure.taskIndex()),
                        failure.error()));
            }
            kept.sort(Comparator.comparingInt(TaskFailure::taskIndex));
            mapped.add(new FailureKind(kind.className(), kind.pattern(), kind.frame(), kind.count(), kept));
        }
        BitSet indexes = new BitSet();
        taskIndexes.stream().forEach(task -> indexes.set(index.applyAsInt(task)));
        return new TaskFailures(count, mapped, indexes);
    }
}
