package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which decider a measurement gets, and how the sequential test looks through the common interface. */
class PairDeciderTests {

    private static final SpeedupBounds AT_LEAST_1_8 = SpeedupBounds.atLeast(1.8);

    @Test
    void withoutBoundsTwelveFixedPairs() {
        PairDecider decider = PairDecider.of(settings(null));

        assertThat(decider).isEqualTo(new FixedPairs(SpeedupMeasurement.ESTIMATE_PAIRS));
    }

    @Test
    void withBoundsTheSequentialTest() {
        PairDecider decider = PairDecider.of(settings(AT_LEAST_1_8));

        assertThat(decider).isInstanceOf(SequentialSpeedupTest.class);
        assertThat(decider.decide(speedups(1.2, 18)).map(SpeedupVerdict::verdict))
                .contains(Verdict.FAIL);
    }

    @Test
    void theSequentialTestLooksAtItsPlannedLooksThenNoMore() {
        PairDecider decider = new SequentialSpeedupTest(AT_LEAST_1_8);
        List<Integer> looks = new ArrayList<>();
        OptionalInt look = decider.lookAfter(0);
        while (look.isPresent()) {
            looks.add(look.getAsInt());
            look = decider.lookAfter(look.getAsInt());
        }

        assertThat(looks).containsExactly(8, 12, 18, 27, 40);
        assertThat(decider.lookAfter(13)).isEqualTo(OptionalInt.of(18));
    }

    @Test
    void theSequentialTestTakesMorePairsWhenUndecidedAndIsInconclusiveAtItsLastLook() {
        PairDecider decider = new SequentialSpeedupTest(AT_LEAST_1_8);
        List<Pair> straddling = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            straddling.add(SequentialSpeedupTestTests.pair(i % 2 == 0 ? 1.5 : 2.0));
        }

        assertThat(decider.decide(straddling.subList(0, 27))).isEmpty();
        Optional<SpeedupVerdict> last = decider.decide(straddling);
        assertThat(last.map(SpeedupVerdict::verdict)).contains(Verdict.INCONCLUSIVE);
        assertThat(last.map(SpeedupVerdict::reason))
                .contains("speedup 1.73x [1.50x, 2.00x] neither clearly meets "
                        + "nor clearly misses the bound of at least 1.80x (with 5% tolerance: 1.71x) after 40 pairs, "
                        + "the most the test takes");
    }

    @Test
    void bothDecidersStopWithTheSameWhy() {
        String why = "the time budget of 3 s would be exceeded by the next 6 pairs (about 1 s)";
        List<Pair> pairs = speedups(1.6, 12);

        assertThat(new FixedPairs(12).inconclusive(pairs, why, false).reason())
                .isEqualTo(why + "; after 12 pairs, speedup 1.60x [1.60x, 1.60x]");
        assertThat(new SequentialSpeedupTest(AT_LEAST_1_8)
                        .inconclusive(pairs, why, false)
                        .reason())
                .isEqualTo(why
                        + "; after 12 pairs, speedup 1.60x [1.60x, 1.60x] could not yet be judged against the bound of "
                        + "at least 1.80x (with 5% tolerance: 1.71x)");
    }

    private static MeasurementSettings settings(SpeedupBounds bounds) {
        return new MeasurementSettings(bounds, Duration.ofSeconds(10), 0, 2, 2);
    }

    private static List<Pair> speedups(double speedup, int n) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(SequentialSpeedupTestTests.pair(speedup));
        }
        return pairs;
    }
}
