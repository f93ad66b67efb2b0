package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.RunResult;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Counts the failures of a run's tasks by kind while the workers add them, keeping a bounded number
 * of throwables: for each kind the {@value #KEPT_PER_KIND} with the lowest task indexes, so that what
 * is kept does not depend on the order in which the scheduler let the tasks fail.
 *
 * <p>Thread-safe. At most {@value #MAX_KINDS} kinds are told apart; failures of further kinds are
 * counted in one last group, {@link FailureKind#OTHER_KINDS}.
 */
@API(status = INTERNAL, since = "0.1")
public final class FailureTally {

    /** Throwables kept per kind: the first whole, and a few others to compare it with. */
    public static final int KEPT_PER_KIND = RunResult.KEPT_PER_KIND;

    /** Kinds told apart before further failures are grouped together. */
    public static final int MAX_KINDS = 50;

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final BitSet tasks = new BitSet();
    private Group others;
    private int count;

    /** Adds the failure of one task. */
    public void add(TaskFailure failure) {
        // Outside the lock: walking the stack trace and the message is the costly part.
        FailureKinds.Key key = FailureKinds.keyOf(failure.error());
        synchronized (this) {
            count++;
            if (failure.taskIndex() >= 0) {
                tasks.set(failure.taskIndex());
            }
            Group group = groups.get(key.id());
            if (group == null) {
                if (groups.size() < MAX_KINDS) {
                    group = new Group(key);
                    groups.put(key.id(), group);
                } else {
                    if (others == null) {
                        others = new Group(null);
                    }
                    group = others;
                }
            }
            group.add(failure, key);
        }
    }

    /** How many failures were added so far. */
    public synchronized int count() {
        return count;
    }

    /** What was added so far. */
    public synchronized TaskFailures snapshot() {
        List<FailureKind> kinds = new ArrayList<>();
        for (Group group : groups.values()) {
            kinds.add(group.kind());
        }
        kinds.sort(Comparator.comparingInt(kind -> kind.first().taskIndex()));
        if (others != null) {
            kinds.add(others.kind());
        }
        return new TaskFailures(count, kinds, (BitSet) tasks.clone());
    }

    private static final class Group {

        private final FailureKinds.Key key;
        private final FailureKinds.MessagePattern pattern;
        private final PriorityQueue<TaskFailure> kept = new PriorityQueue<>(
                Comparator.comparingInt(TaskFailure::taskIndex).reversed());
        private int count;
        private int distinctKeys;
        private final Set<String> keys = new HashSet<>();

        /** @param key null for the group of kinds beyond {@link #MAX_KINDS} */
        Group(FailureKinds.Key key) {
            this.key = key;
            this.pattern = key == null ? null : new FailureKinds.MessagePattern(key);
        }

        void add(TaskFailure failure, FailureKinds.Key failureKey) {
            count++;
            if (pattern != null) {
                pattern.add(failureKey);
            } else if (keys.size() < 1000 && keys.add(failureKey.id())) {
                distinctKeys++;
            }
            kept.add(failure);
            if (kept.size() > KEPT_PER_KIND) {
                kept.poll();
            }
        }

        FailureKind kind() {
            List<TaskFailure> inTaskOrder = new ArrayList<>(kept);
            inTaskOrder.sort(Comparator.comparingInt(TaskFailure::taskIndex));
            if (key == null) {
                return new FailureKind(
                        FailureKind.OTHER_KINDS,
                        distinctKeys + (keys.size() >= 1000 ? "+" : "") + " more kinds",
                        "",
                        count,
                        inTaskOrder);
            }
            return new FailureKind(key.className(), pattern.render(), key.frame(), count, inTaskOrder);
        }
    }
}
