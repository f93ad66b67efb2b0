package io.github.parallelruns.internal.process;

import java.util.BitSet;

/**
 * The ranges of task indexes handed out in one side of a run (a run without a measurement is one side).
 * Each worker's first range is its own task, {@code [w, w + 1)}, so that with one task per worker every
 * worker runs the body once, all at the same time; then ranges of the other indexes come from one counter
 * starting at the number of workers, {@code max(1, remaining / (4 * workers))} each (guided
 * self-scheduling: large ranges while many tasks remain, single tasks at the end, so that a round trip
 * per task does not dominate short bodies); empty ones once none remain or the run stopped.
 *
 * <p>Not thread-safe: the run's lock guards it.
 */
final class TaskRanges {

    private final int workers;
    private final int tasks;
    private final BitSet ownTaskGiven = new BitSet();
    private int next;

    TaskRanges(int workers, int tasks) {
        this.workers = workers;
        this.tasks = tasks;
        // Tasks 0 to workers - 1 are the workers' own first ranges.
        this.next = workers;
    }

    /** The next range for the worker of index {@code worker}; an empty one when {@code stopped}. */
    Range next(int worker, boolean stopped) {
        if (!stopped && worker < workers && !ownTaskGiven.get(worker)) {
            ownTaskGiven.set(worker);
            return new Range(worker, worker + 1);
        }
        int from = next;
        int remaining = tasks - from;
        int size = stopped || remaining <= 0 ? 0 : Math.max(1, remaining / (4 * workers));
        next += size;
        return new Range(from, from + size);
    }

    /** The task indexes {@code from} (inclusive) to {@code to} (exclusive). */
    record Range(int from, int to) {
        int size() {
            return to - from;
        }
    }
}
