package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.parallelruns.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every path to a verdict, on hand-made pairs. */
class SequentialSpeedupTestTests {

    private static final SpeedupBounds AT_LEAST_1_8 = SpeedupBounds.atLeast(1.8);
    private static final Disturbance STOLEN = new Disturbance(0, 40_000_000, 0, true, "steal 40.0 ms");

    @Test
    void passesAtTheFirstLookWhenEveryPairIsClearlyAboveTheBound() {
        SpeedupVerdict verdict =
                decide(SpeedupBounds.atLeast(1.6), around(2.0, 8)).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
        assertThat(verdict.reason())
                .isEqualTo(
                        "speedup 1.96x [1.84x, 2.16x] meets the bound of at least 1.60x (with 5% tolerance: 1.52x) after 8 pairs");
        assertThat(verdict.pairs()).isEqualTo(8);
        assertThat(verdict.environment()).isFalse();
    }

    @Test
    void failsNoEarlierThanEighteenPairs() {
        List<Pair> pairs = around(1.2, 18);
        SequentialSpeedupTest test = new SequentialSpeedupTest(AT_LEAST_1_8);

        assertThat(test.decide(pairs.subList(0, 8))).isEmpty();
        assertThat(test.decide(pairs.subList(0, 12))).isEmpty();
        SpeedupVerdict verdict = test.decide(pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.reason())
                .isEqualTo(
                        "speedup 1.20x [1.10x, 1.25x] is below the bound 1.80x (with 5% tolerance: 1.71x) after 18 pairs");
        assertThat(verdict.speedup()).isCloseTo(1.2, within(1e-9));
        assertThat(verdict.lower()).isCloseTo(1.2 * 0.92, within(1e-9));
        assertThat(verdict.upper()).isCloseTo(1.2 * 1.04, within(1e-9));
    }

    @Test
    void seventeenOfEighteenBelowFailButSixteenDoNot() {
        List<Pair> seventeen = new ArrayList<>(constant(1.2, 17));
        seventeen.add(pair(2.0));
        List<Pair> sixteen = new ArrayList<>(constant(1.2, 16));
        sixteen.addAll(constant(2.0, 2));

        assertThat(decide(AT_LEAST_1_8, seventeen))
                .hasValueSatisfying(v -> assertThat(v.verdict()).isEqualTo(Verdict.FAIL));
        assertThat(decide(AT_LEAST_1_8, sixteen)).isEmpty();
    }

    @Test
    void aSpeedupStraddlingTheBoundIsInconclusiveAfterFortyPairs() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add(pair(i % 2 == 0 ? 1.5 : 2.0));
        }
        SequentialSpeedupTest test = new SequentialSpeedupTest(AT_LEAST_1_8);

        for (int look : new int[] {8, 12, 18, 27}) {
            assertThat(test.decide(pairs.subList(0, look))).as("look %d", look).isEmpty();
        }
        SpeedupVerdict verdict = test.decide(pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isFalse();
        assertThat(verdict.reason())
                .isEqualTo(
                        "speedup 1.73x [1.50x, 2.00x] neither clearly meets nor clearly misses "
                                + "the bound of at least 1.80x (with 5% tolerance: 1.71x) after 40 pairs, the most the test takes");
    }

    @Test
    void failsASpeedupAboveTheMaximum() {
        SpeedupVerdict verdict =
                decide(new SpeedupBounds(0, 2.0, 0.05), around(3.0, 18)).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.reason())
                .isEqualTo(
                        "speedup 3.00x [2.76x, 3.12x] is above the bound 2.00x (with 5% tolerance: 2.10x) after 18 pairs");
    }

    @Test
    void passesWithinBothBounds() {
        SpeedupVerdict verdict =
                decide(new SpeedupBounds(1.6, 3.0, 0.05), around(2.0, 8)).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
        assertThat(verdict.reason())
                .isEqualTo("speedup 1.96x [1.84x, 2.16x] meets the bounds of at least 1.60x and "
                        + "at most 3.00x (with 5% tolerance: 1.52x and 3.15x) after 8 pairs");
    }

    @Test
    void passesUnderAMaximumAlone() {
        SpeedupVerdict verdict =
                decide(new SpeedupBounds(0, 2.0, 0.05), around(1.0, 8)).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
        assertThat(verdict.reason())
                .isEqualTo(
                        "speedup 0.98x [0.92x, 1.08x] meets the bound of at most 2.00x (with 5% tolerance: 2.10x) after 8 pairs");
    }

    @Test
    void anEfficiencyBoundIsAMinimumWithNoCeiling() {
        // Efficiency 75% on 2 workers: at least 1.5x; a superlinear 5x (caches) is no reason to fail.
        SpeedupBounds efficiency = new SpeedupBounds(0.75 * 2, Double.POSITIVE_INFINITY, 0.05);

        assertThat(decide(efficiency, around(5.0, 8)))
                .hasValueSatisfying(v -> assertThat(v.verdict()).isEqualTo(Verdict.PASS));
        assertThat(decide(efficiency, around(1.0, 18)))
                .hasValueSatisfying(v -> assertThat(v.verdict()).isEqualTo(Verdict.FAIL));
    }

    @Test
    void withoutToleranceTheReasonShowsTheBoundAlone() {
        SpeedupVerdict verdict = decide(new SpeedupBounds(1.8, Double.POSITIVE_INFINITY, 0), around(1.2, 18))
                .orElseThrow();

        assertThat(verdict.reason()).isEqualTo("speedup 1.20x [1.10x, 1.25x] is below the bound 1.80x after 18 pairs");
    }

    @Test
    void aFailThatHoldsWithoutTheDisturbedPairsStands() {
        List<Pair> pairs = new ArrayList<>(constant(1.2, 18));
        pairs.set(3, pair(1.2, STOLEN));
        pairs.set(7, pair(1.2, STOLEN));

        SpeedupVerdict verdict = decide(AT_LEAST_1_8, pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.disturbedPairs()).containsExactly(3, 7);
        assertThat(verdict.reason())
                .isEqualTo("speedup 1.20x [1.20x, 1.20x] is below the bound 1.80x (with 5% "
                        + "tolerance: 1.71x) after 18 pairs, also without the 2 pairs the machine disturbed");
    }

    @Test
    void aFailThatNeedsTheDisturbedPairsWaitsForMorePairs() {
        // 17 of 18 below fails, but of the 14 undisturbed pairs one is above, and 14 pairs need all 14.
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            pairs.add(pair(1.2, i < 4 ? STOLEN : Disturbance.NONE));
        }
        pairs.add(pair(2.0));

        assertThat(decide(AT_LEAST_1_8, pairs)).isEmpty();
    }

    @Test
    void aFailThatNeedsTheDisturbedPairsIsInconclusiveAtTheLastLook() {
        // 8 of 40 above the bound fails (9 would not); without the 10 disturbed pairs, 8 of 30 is too many.
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            pairs.add(pair(1.2, i < 10 ? STOLEN : Disturbance.NONE));
        }
        pairs.addAll(constant(2.0, 8));

        SpeedupVerdict verdict = decide(AT_LEAST_1_8, pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isTrue();
        assertThat(verdict.disturbedPairs()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(verdict.reason())
                .isEqualTo("speedup 1.20x [1.20x, 1.20x] is below the bound 1.80x (with 5% "
                        + "tolerance: 1.71x) after 40 pairs, but not without the 10 pairs the machine disturbed "
                        + "(first: steal 40.0 ms), so the machine rather than the code may be to blame");
    }

    @Test
    void moreThanAQuarterDisturbedMakesAFailInconclusive() {
        List<Pair> pairs = new ArrayList<>(constant(1.2, 18));
        for (int i = 0; i < 5; i++) {
            pairs.set(i * 3, pair(1.2, STOLEN));
        }

        SpeedupVerdict verdict = decide(AT_LEAST_1_8, pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isTrue();
        assertThat(verdict.reason())
                .isEqualTo("speedup 1.20x [1.20x, 1.20x] is below the bound 1.80x (with 5% "
                        + "tolerance: 1.71x) after 18 pairs, but the machine disturbed 5 of the 18 pairs (first: steal 40.0 ms), "
                        + "too many to trust a failure");
    }

    @Test
    void undecidedAtTheLastLookOnMostlyDisturbedPairsIsInconclusiveForTheMachine() {
        List<Pair> pairs = new ArrayList<>();
        List<Pair> spread = around(1.75, 40);
        for (int i = 0; i < spread.size(); i++) {
            Pair pair = spread.get(i);
            pairs.add(i < 11 ? new Pair(pair.baselineNanos(), pair.parallelNanos(), true, STOLEN) : pair);
        }

        SpeedupVerdict verdict = decide(AT_LEAST_1_8, pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isTrue();
        assertThat(verdict.reason())
                .endsWith("neither clearly meets nor clearly misses the bound of at least 1.80x (with 5% tolerance: "
                        + "1.71x) after 40 pairs, the most the test takes, and the machine disturbed 11 of the 40 pairs "
                        + "(first: steal 40.0 ms)");
    }

    @Test
    void undecidedAtTheLastLookOnAQuarterDisturbedIsInconclusiveForTheCode() {
        List<Pair> pairs = new ArrayList<>();
        List<Pair> spread = around(1.75, 40);
        for (int i = 0; i < spread.size(); i++) {
            Pair pair = spread.get(i);
            pairs.add(i < 10 ? new Pair(pair.baselineNanos(), pair.parallelNanos(), true, STOLEN) : pair);
        }

        SpeedupVerdict verdict = decide(AT_LEAST_1_8, pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isFalse();
        assertThat(verdict.reason()).doesNotContain("the machine disturbed");
    }

    @Test
    void aQuarterDisturbedStillFails() {
        List<Pair> pairs = new ArrayList<>(constant(1.2, 40));
        for (int i = 0; i < 10; i++) {
            pairs.set(i, pair(1.2, STOLEN));
        }

        assertThat(decide(AT_LEAST_1_8, pairs))
                .hasValueSatisfying(v -> assertThat(v.verdict()).isEqualTo(Verdict.FAIL));
    }

    @Test
    void disturbanceNeverDowngradesAPass() {
        List<Pair> pairs = new ArrayList<>();
        for (Pair pair : around(2.0, 8)) {
            pairs.add(new Pair(pair.baselineNanos(), pair.parallelNanos(), pair.baselineFirst(), STOLEN));
        }

        SpeedupVerdict verdict = decide(SpeedupBounds.atLeast(1.6), pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
        assertThat(verdict.environment()).isFalse();
        assertThat(verdict.disturbedPairs()).hasSize(8);
    }

    @Test
    void reportsTheOtherFigures() {
        List<Pair> pairs = List.of(
                new Pair(100, 50, true, Disturbance.NONE), new Pair(90, 60, false, Disturbance.NONE),
                new Pair(120, 40, true, Disturbance.NONE), new Pair(110, 55, false, Disturbance.NONE),
                new Pair(100, 50, true, Disturbance.NONE), new Pair(95, 45, false, Disturbance.NONE),
                new Pair(105, 52, true, Disturbance.NONE), new Pair(98, 49, false, Disturbance.NONE));

        SpeedupVerdict verdict = decide(SpeedupBounds.atLeast(1.2), pairs).orElseThrow();

        double meanLog = pairs.stream().mapToDouble(Pair::logRatio).average().orElseThrow();
        assertThat(verdict.meanSpeedup()).isCloseTo(Math.exp(meanLog), within(1e-12));
        assertThat(verdict.minOverMin()).isCloseTo(90.0 / 40, within(1e-12));
        // Sorted baselines 90 95 98 100 100 105 110 120, parallels 40 45 49 50 50 52 55 60.
        assertThat(verdict.baselineMedianNanos()).isEqualTo(100);
        assertThat(verdict.parallelMedianNanos()).isEqualTo(50);
        assertThat(verdict.confidence()).isEqualTo(0.98, within(1e-12));
    }

    @Test
    void stoppingEarlyKeepsTheFiguresSoFar() {
        SequentialSpeedupTest test = new SequentialSpeedupTest(AT_LEAST_1_8);

        SpeedupVerdict verdict =
                test.inconclusive(around(1.75, 12), "the time budget of 10 s would be exceeded", false);

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isFalse();
        assertThat(verdict.pairs()).isEqualTo(12);
        assertThat(verdict.reason())
                .isEqualTo("the time budget of 10 s would be exceeded; after 12 pairs, speedup "
                        + "1.71x [1.61x, 1.89x] could not yet be judged against the bound of at least 1.80x "
                        + "(with 5% tolerance: 1.71x)");
    }

    @Test
    void stoppingBeforeAnyPairSaysWhyAlone() {
        SpeedupVerdict verdict = new SequentialSpeedupTest(AT_LEAST_1_8).inconclusive(List.of(), "interrupted", false);

        assertThat(verdict.reason()).isEqualTo("interrupted");
        assertThat(verdict.pairs()).isZero();
        assertThat(verdict.speedup()).isNaN();
        assertThat(verdict.baselineMedianNanos()).isZero();
    }

    @Test
    void aShortSampleHasNoInterval() {
        SpeedupVerdict verdict =
                new SequentialSpeedupTest(AT_LEAST_1_8).inconclusive(constant(1.5, 3), "stopped", false);

        assertThat(verdict.reason())
                .isEqualTo("stopped; after 3 pairs, speedup 1.50x (too few pairs for an interval) "
                        + "could not yet be judged against the bound of at least 1.80x (with 5% tolerance: 1.71x)");
        assertThat(verdict.lower()).isZero();
        assertThat(verdict.upper()).isInfinite();
    }

    @Test
    void decidesOnlyAtPlannedLooks() {
        assertThatThrownBy(() -> decide(AT_LEAST_1_8, constant(2.0, 9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pairs must number one of the planned looks [8, 12, 18, 27, 40], but was 9");
    }

    @Test
    void nextLookFollowsThePlan() {
        assertThat(SequentialSpeedupTest.nextLook(0)).isEqualTo(8);
        assertThat(SequentialSpeedupTest.nextLook(8)).isEqualTo(12);
        assertThat(SequentialSpeedupTest.nextLook(13)).isEqualTo(18);
        assertThat(SequentialSpeedupTest.nextLook(39)).isEqualTo(40);
        assertThat(SequentialSpeedupTest.nextLook(40)).isEqualTo(-1);
    }

    private static Optional<SpeedupVerdict> decide(SpeedupBounds bounds, List<Pair> pairs) {
        return new SequentialSpeedupTest(bounds).decide(pairs);
    }

    /** {@code n} speedups spread evenly from 8% below to 8% above {@code center}, cycling every 5 pairs. */
    static List<Pair> around(double center, int n) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(pair(center * (1 + 0.04 * (i % 5 - 2))));
        }
        return pairs;
    }

    private static List<Pair> constant(double speedup, int n) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(pair(speedup));
        }
        return pairs;
    }

    static Pair pair(double speedup) {
        return pair(speedup, Disturbance.NONE);
    }

    private static Pair pair(double speedup, Disturbance disturbance) {
        return new Pair(Math.round(speedup * 100_000_000), 100_000_000, true, disturbance);
    }
}
