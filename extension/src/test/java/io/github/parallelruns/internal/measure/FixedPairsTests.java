package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.parallelruns.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The decider without bounds, on hand-made pairs. */
class FixedPairsTests {

    private static final FixedPairs TWELVE = new FixedPairs(12);

    @Test
    void looksOnceAtItsCount() {
        assertThat(TWELVE.lookAfter(0)).isEqualTo(OptionalInt.of(12));
        assertThat(TWELVE.lookAfter(11)).isEqualTo(OptionalInt.of(12));
        assertThat(TWELVE.lookAfter(12)).isEmpty();
    }

    @Test
    void itsCountOfPairsIsAnEstimate() {
        SpeedupVerdict verdict = TWELVE.decide(speedups(2.0, 12)).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.MEASURED);
        assertThat(verdict.reason()).isEqualTo("measured without a bound: speedup 2.00x [2.00x, 2.00x] after 12 pairs");
        assertThat(verdict.pairs()).isEqualTo(12);
        assertThat(verdict.speedup()).isEqualTo(2.0);
        assertThat(verdict.environment()).isFalse();
    }

    @Test
    void disturbedPairsCountInTheEstimate() {
        List<Pair> pairs = speedups(1.5, 12);
        pairs.set(
                3, new Pair(300_000_000, 100_000_000, false, new Disturbance(0, 40_000_000, 0, true, "steal 40.0 ms")));

        SpeedupVerdict verdict = TWELVE.decide(pairs).orElseThrow();

        assertThat(verdict.verdict()).isEqualTo(Verdict.MEASURED);
        assertThat(verdict.disturbedPairs()).containsExactly(3);
        assertThat(verdict.environment()).isFalse();
    }

    @Test
    void decidesOnlyAtItsCount() {
        assertThatThrownBy(() -> TWELVE.decide(speedups(2.0, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pairs must number 12, but was 8");
    }

    @Test
    void stoppingEarlyKeepsTheFiguresSoFar() {
        SpeedupVerdict verdict =
                TWELVE.inconclusive(speedups(1.5, 3), "the time budget of 1 s would be exceeded", false);

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isFalse();
        assertThat(verdict.pairs()).isEqualTo(3);
        assertThat(verdict.reason())
                .isEqualTo("the time budget of 1 s would be exceeded; after 3 pairs, "
                        + "speedup 1.50x (too few pairs for an interval)");
    }

    @Test
    void stoppingBeforeAnyPairSaysWhyAlone() {
        SpeedupVerdict verdict = TWELVE.inconclusive(List.of(), "interrupted", false);

        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.reason()).isEqualTo("interrupted");
        assertThat(verdict.pairs()).isZero();
        assertThat(verdict.speedup()).isNaN();
    }

    @Test
    void takesAtLeastOnePairAndSaysWhyItStopped() {
        assertThatThrownBy(() -> new FixedPairs(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be >= 1, but was 0");
        assertThatThrownBy(() -> TWELVE.inconclusive(List.of(), " ", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("why must not be blank");
    }

    private static List<Pair> speedups(double speedup, int n) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(SequentialSpeedupTestTests.pair(speedup));
        }
        return pairs;
    }
}
