package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * Decides PASS, FAIL or "take more pairs" at a few planned sample sizes, with error rates that hold
 * however often it looks.
 *
 * <p>At each look the median log ratio gets sign-test bounds ({@link SignTestInterval}). A FAIL needs
 * bounds at {@link #FALSE_FAIL} / K to exclude the tolerated bound, a PASS needs bounds at
 * {@link #FALSE_PASS} / K inside it, K being the number of looks: by the union bound a true speedup
 * on the bound fails with probability at most {@value #FALSE_FAIL} over all looks together, without
 * modelling how the looks depend on each other. The tiny false-FAIL rate is what keeps a shared CI
 * machine from failing builds; the price is that a FAIL cannot come before 18 pairs, and there
 * needs 17 of them below the bound, so a few disturbed pairs never fail a test.
 *
 * <p>Disturbed pairs (see {@link MachineCounters}) can only save a test from failing: a FAIL must
 * also hold on the undisturbed pairs alone, and is not trusted at all when more than a quarter of the
 * pairs were disturbed. A PASS stands: other load takes cores from the parallel side more than from
 * the single-threaded baseline, so it hides speedup rather than inventing it.
 */
@API(status = INTERNAL, since = "0.1")
public final class SequentialSpeedupTest implements PairDecider {

    /** The numbers of pairs at which the test decides; do not modify. Growing by about 1.5x each. */
    public static final int[] LOOKS = {8, 12, 18, 27, 40};

    /** The probability, over all looks together, of failing a test whose true speedup is on the bound. */
    public static final double FALSE_FAIL = 0.001;

    /** The probability, over all looks together, of passing a test whose true speedup is on the bound. */
    public static final double FALSE_PASS = 0.05;

    /** Above this share of disturbed pairs a FAIL is not trusted. */
    static final double DISTURBED_SHARE_LIMIT = 0.25;

    /** See {@link SpeedupVerdict#confidence()}. */
    static final double INTERVAL_CONFIDENCE = 1 - 2 * FALSE_PASS / LOOKS.length;

    private static final int[] PLANNED = LOOKS.clone();
    private static final double FAIL_ALPHA = FALSE_FAIL / PLANNED.length;

    /** The level of each one-sided bound a PASS is judged on, and of the displayed interval. */
    static final double PASS_ALPHA = FALSE_PASS / PLANNED.length;

    private final SpeedupBounds bounds;

    public SequentialSpeedupTest(SpeedupBounds bounds) {
        this.bounds = Objects.requireNonNull(bounds, "bounds");
    }

    /**
     * The verdict at a planned look, or empty to take pairs up to the next look.
     *
     * @param pairs all measured pairs so far; their number must be one of {@link #LOOKS}
     * @return PASS or FAIL as soon as the evidence is strong enough; INCONCLUSIVE at the last look, or
     *     earlier when a FAIL is not trusted because too many pairs were disturbed
     */
    @Override
    public Optional<SpeedupVerdict> decide(List<Pair> pairs) {
        Objects.requireNonNull(pairs, "pairs");
        int n = pairs.size();
        if (Arrays.binarySearch(PLANNED, n) < 0) {
            throw new IllegalArgumentException(
                    "pairs must number one of the planned looks " + Arrays.toString(PLANNED) + ", but was " + n);
        }
        boolean lastLook = n == PLANNED[PLANNED.length - 1];
        PairStatistics statistics = PairStatistics.of(pairs);
        Miss miss = miss(statistics.logRatios());
        if (miss != Miss.NONE) {
            return judgeMiss(pairs, statistics, miss, lastLook);
        }
        if (meets(statistics.logRatios())) {
            return Optional.of(statistics.verdict(Verdict.PASS, SpeedupReasons.meets(statistics, bounds), false));
        }
        if (lastLook) {
            List<Integer> disturbed = statistics.disturbedPairs();
            if (disturbed.size() > DISTURBED_SHARE_LIMIT * pairs.size()) {
                // Undecided on pairs the machine mostly disturbed: the machine's doing, not the code's.
                return Optional.of(statistics.verdict(
                        Verdict.INCONCLUSIVE,
                        SpeedupReasons.undecidedOnDisturbed(
                                statistics,
                                bounds,
                                disturbed.size(),
                                pairs.get(disturbed.get(0)).disturbance().reason()),
                        true));
            }
            return Optional.of(
                    statistics.verdict(Verdict.INCONCLUSIVE, SpeedupReasons.undecided(statistics, bounds), false));
        }
        return Optional.empty();
    }

    /**
     * An INCONCLUSIVE verdict for a test stopped before it could decide, with the figures so far.
     *
     * @param pairs the pairs measured, possibly none
     * @param why why it stopped, fit to start a sentence: "the time budget of 10 s would be exceeded..."
     * @param environment whether the machine rather than the code stopped it
     */
    @Override
    public SpeedupVerdict inconclusive(List<Pair> pairs, String why, boolean environment) {
        Objects.requireNonNull(pairs, "pairs");
        Objects.requireNonNull(why, "why");
        if (why.isBlank()) {
            throw new IllegalArgumentException("why must not be blank");
        }
        PairStatistics statistics = PairStatistics.of(pairs);
        return statistics.verdict(
                Verdict.INCONCLUSIVE, SpeedupReasons.stoppedEarly(why, statistics, bounds), environment);
    }

    /** {@link #nextLook}, empty after the last planned look. */
    @Override
    public OptionalInt lookAfter(int pairsSoFar) {
        int look = nextLook(pairsSoFar);
        return look < 0 ? OptionalInt.empty() : OptionalInt.of(look);
    }

    /** The planned look after {@code pairsSoFar} pairs, or -1 after the last one. */
    public static int nextLook(int pairsSoFar) {
        for (int look : PLANNED) {
            if (look > pairsSoFar) {
                return look;
            }
        }
        return -1;
    }

    private Optional<SpeedupVerdict> judgeMiss(
            List<Pair> pairs, PairStatistics statistics, Miss miss, boolean lastLook) {
        String missed = miss == Miss.BELOW
                ? SpeedupReasons.below(statistics, bounds)
                : SpeedupReasons.above(statistics, bounds);
        List<Integer> disturbed = statistics.disturbedPairs();
        if (disturbed.isEmpty()) {
            return Optional.of(statistics.verdict(Verdict.FAIL, missed, false));
        }
        String firstReason = pairs.get(disturbed.get(0)).disturbance().reason();
        if (disturbed.size() > DISTURBED_SHARE_LIMIT * pairs.size()) {
            return Optional.of(statistics.verdict(
                    Verdict.INCONCLUSIVE,
                    SpeedupReasons.tooManyDisturbed(missed, disturbed.size(), pairs.size(), firstReason),
                    true));
        }
        List<Pair> undisturbed = new ArrayList<>();
        for (Pair pair : pairs) {
            if (!pair.disturbance().disturbed()) {
                undisturbed.add(pair);
            }
        }
        if (miss(PairStatistics.of(undisturbed).logRatios()) == miss) {
            return Optional.of(statistics.verdict(
                    Verdict.FAIL, SpeedupReasons.alsoWithoutDisturbed(missed, disturbed.size()), false));
        }
        if (lastLook) {
            return Optional.of(statistics.verdict(
                    Verdict.INCONCLUSIVE,
                    SpeedupReasons.notWithoutDisturbed(missed, disturbed.size(), firstReason),
                    true));
        }
        return Optional.empty();
    }

    private Miss miss(double[] sortedLogRatios) {
        if (SignTestInterval.upper(sortedLogRatios, FAIL_ALPHA) < bounds.thetaLow()) {
            return Miss.BELOW;
        }
        if (SignTestInterval.lower(sortedLogRatios, FAIL_ALPHA) > bounds.thetaHigh()) {
            return Miss.ABOVE;
        }
        return Miss.NONE;
    }

    private boolean meets(double[] sortedLogRatios) {
        return SignTestInterval.lower(sortedLogRatios, PASS_ALPHA) >= bounds.thetaLow()
                && SignTestInterval.upper(sortedLogRatios, PASS_ALPHA) <= bounds.thetaHigh();
    }

    private enum Miss {
        NONE,
        BELOW,
        ABOVE
    }
}
