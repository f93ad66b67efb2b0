package io.github.parallelruns.internal.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Warm-up pairs, run and discarded until the times settle; then, when the warm times call for many
 * more repetitions than the calibration run did, the repetitions raised and a few more warm-up pairs
 * at the new count.
 */
final class WarmUp {

    /** Warm-up pairs discarded at least, even when the times look settled at once. */
    static final int MIN_PAIRS = 2;

    /** Warm-up stops here, settled or not ("no steady state"). */
    static final int MAX_PAIRS = 10;

    /** Warm-up stops after this share of the budget, settled or not. */
    static final double MAX_BUDGET_SHARE = 0.25;

    /** Times count as settled when the median of the last 3 moved less than this from the one before. */
    static final double SETTLED_CHANGE = 0.10;

    /** Repetitions are raised after warm-up when the warm times call for more than this many times as many. */
    static final int RECALIBRATE_FACTOR = 2;

    private final SideRuns runs;
    private final TimeBudget budget;
    private final long minSideNanos;

    WarmUp(SideRuns runs, TimeBudget budget, long minSideNanos) {
        this.runs = runs;
        this.budget = budget;
        this.minSideNanos = minSideNanos;
    }

    /**
     * What warm-up leaves for measuring.
     *
     * @param pairs the warm-up pairs run, {@code >= 0}
     * @param steadyState whether the times settled before warm-up reached its cap
     * @param repetitions the repetitions to measure at, {@code >= 1}
     * @param pacedWallNanos the wall time of the last warm-up pairs at those repetitions
     * @param pacedPairs how many those were, {@code >= 1}
     */
    record Done(int pairs, boolean steadyState, int repetitions, long pacedWallNanos, int pacedPairs) {

        /** The mean wall time of a pair at the final repetitions, for estimating the first batch. */
        double nanosPerPair() {
            return (double) pacedWallNanos / pacedPairs;
        }
    }

    /**
     * At least {@value #MIN_PAIRS} pairs, alternating which side runs first, until the median of the last 3
     * baseline times and that of the last 3 parallel times each moved less than {@link #SETTLED_CHANGE} from
     * the same median one pair earlier; at most {@value #MAX_PAIRS} pairs or {@link #MAX_BUDGET_SHARE} of the
     * budget, and then not a steady state. Then {@link #recalibrate}.
     */
    Done run(int repetitions) throws Throwable {
        List<Pair> pairs = new ArrayList<>();
        long wall = 0;
        boolean steadyState = false;
        while (true) {
            long pairStart = budget.now();
            pairs.add(runs.pair(pairs.size() % 2 == 0, true, repetitions));
            wall += budget.now() - pairStart;
            if (pairs.size() >= MIN_PAIRS
                    && settled(pairs, Pair::baselineNanos)
                    && settled(pairs, Pair::parallelNanos)) {
                steadyState = true;
                break;
            }
            if (pairs.size() >= MAX_PAIRS || budget.elapsed() >= MAX_BUDGET_SHARE * budget.nanos()) {
                break;
            }
        }
        return recalibrate(
                new Done(pairs.size(), steadyState, repetitions, wall, pairs.size()),
                medianOfLastThree(pairs, Pair::parallelNanos));
    }

    /**
     * The calibration run may have been slow for reasons that are gone after warm-up (code not yet
     * compiled): when the warm times say the sides now fall well short of the minimum, repeat more, and
     * warm up again at the new count so that the budget estimate is made at it.
     */
    private Done recalibrate(Done warm, double warmParallelNanos) throws Throwable {
        long warmRun = (long) (warmParallelNanos / warm.repetitions());
        int warmRepetitions = Calibration.repetitions(Math.max(1, warmRun), minSideNanos);
        if (warmRepetitions <= RECALIBRATE_FACTOR * warm.repetitions()) {
            return warm;
        }
        long wall = 0;
        for (int i = 0; i < MIN_PAIRS; i++) {
            long pairStart = budget.now();
            runs.pair(i % 2 == 0, true, warmRepetitions);
            wall += budget.now() - pairStart;
        }
        return new Done(warm.pairs() + MIN_PAIRS, warm.steadyState(), warmRepetitions, wall, MIN_PAIRS);
    }

    /** Whether the median of one side's last 3 times moved less than {@link #SETTLED_CHANGE} with the latest one. */
    static boolean settled(List<Pair> pairs, ToLongFunction<Pair> side) {
        int n = pairs.size();
        if (n < 2) {
            return false;
        }
        double current = medianOfLastThree(pairs.subList(0, n), side);
        double previous = medianOfLastThree(pairs.subList(0, n - 1), side);
        return Math.abs(current - previous) < SETTLED_CHANGE * previous;
    }

    private static double medianOfLastThree(List<Pair> pairs, ToLongFunction<Pair> side) {
        int n = pairs.size();
        long[] last = pairs.subList(Math.max(0, n - 3), n).stream()
                .mapToLong(side)
                .sorted()
                .toArray();
        return last.length % 2 == 1
                ? last[last.length / 2]
                : (last[last.length / 2 - 1] + (double) last[last.length / 2]) / 2;
    }
}
