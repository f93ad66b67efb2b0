package io.github.parallelruns.internal.measure;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides when a speedup measurement has taken enough pairs and what they show. It looks only at
 * numbers of pairs it names in advance, so that the measurement can estimate the time to the next
 * look and stop before a batch the budget cannot hold.
 */
interface PairDecider {

    /**
     * The decider of a measurement with {@code settings}: the {@link SequentialSpeedupTest} on their
     * bounds, or {@value SpeedupMeasurement#ESTIMATE_PAIRS} {@link FixedPairs} without bounds.
     */
    static PairDecider of(MeasurementSettings settings) {
        return settings.bounds() == null
                ? new FixedPairs(SpeedupMeasurement.ESTIMATE_PAIRS)
                : new SequentialSpeedupTest(settings.bounds());
    }

    /** How many pairs, all told, the decider looks at next after {@code pairsSoFar}; empty after its last look. */
    OptionalInt lookAfter(int pairsSoFar);

    /**
     * The verdict at a look, or empty to take pairs up to the next look.
     *
     * @param pairs all measured pairs so far; their number must be one of the looks
     */
    Optional<SpeedupVerdict> decide(List<Pair> pairs);

    /**
     * An INCONCLUSIVE verdict for a measurement stopped before the decider could decide, with the
     * figures so far.
     *
     * @param pairs the pairs measured, possibly none
     * @param why why it stopped, fit to start a sentence: "the time budget of 10 s would be exceeded..."
     * @param environment whether the machine rather than the code stopped it (the budget went on waiting
     *     for quiet, or most pairs were disturbed)
     */
    SpeedupVerdict inconclusive(List<Pair> pairs, String why, boolean environment);
}
