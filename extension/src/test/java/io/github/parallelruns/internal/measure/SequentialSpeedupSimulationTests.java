package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Simulated noisy machines: the error rates the sequential test promises, checked on 2000 tests at a
 * time with realistic timings (each side log-normal with a coefficient of variation of 10-30%, and
 * 5% of pairs with one side 2-3x slower).
 */
class SequentialSpeedupSimulationTests {

    private static final int TESTS = 2000;
    private static final SpeedupBounds AT_LEAST_2 = SpeedupBounds.atLeast(2.0);

    @Test
    void aSpeedupExactlyAtTheBoundNeverFails() {
        // Worst case for false failures: every outlier slows the parallel side.
        Map<Verdict, Integer> verdicts = simulate(new Random(1L), 2.0, OutlierSide.PARALLEL);

        assertThat(verdicts.get(Verdict.FAIL)).isZero();
    }

    @Test
    void halfTheBoundAlwaysFails() {
        Map<Verdict, Integer> verdicts = simulate(new Random(2L), 1.0, OutlierSide.EITHER);

        assertThat(verdicts.get(Verdict.FAIL)).isEqualTo(TESTS);
    }

    @Test
    void halfTheBoundNeverPassesEvenWhenOutliersFavourIt() {
        // Outliers that slow only the baseline push ratios up; the few tests they save end inconclusive.
        Map<Verdict, Integer> verdicts = simulate(new Random(3L), 1.0, OutlierSide.BASELINE);

        assertThat(verdicts.get(Verdict.PASS)).isZero();
        assertThat(verdicts.get(Verdict.FAIL)).isGreaterThanOrEqualTo(TESTS * 99 / 100);
    }

    private static Map<Verdict, Integer> simulate(Random random, double trueSpeedup, OutlierSide outliers) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        SequentialSpeedupTest test = new SequentialSpeedupTest(AT_LEAST_2);
        for (int i = 0; i < TESTS; i++) {
            counts.merge(oneTest(random, test, trueSpeedup, outliers).verdict(), 1, Integer::sum);
        }
        return counts;
    }

    private static SpeedupVerdict oneTest(
            Random random, SequentialSpeedupTest test, double trueSpeedup, OutlierSide outliers) {
        double cv = 0.10 + 0.20 * random.nextDouble();
        double sigma = Math.sqrt(Math.log(1 + cv * cv));
        List<Pair> pairs = new ArrayList<>();
        for (int look : SequentialSpeedupTest.LOOKS) {
            while (pairs.size() < look) {
                double baseline = 100_000_000 * Math.exp(sigma * random.nextGaussian());
                double parallel = 100_000_000 / trueSpeedup * Math.exp(sigma * random.nextGaussian());
                if (random.nextDouble() < 0.05) {
                    double slower = 2 + random.nextDouble();
                    boolean parallelSide =
                            outliers == OutlierSide.PARALLEL || outliers == OutlierSide.EITHER && random.nextBoolean();
                    if (parallelSide) {
                        parallel *= slower;
                    } else {
                        baseline *= slower;
                    }
                }
                pairs.add(
                        new Pair(Math.round(baseline), Math.round(parallel), pairs.size() % 2 == 0, Disturbance.NONE));
            }
            Optional<SpeedupVerdict> verdict = test.decide(pairs);
            if (verdict.isPresent()) {
                return verdict.get();
            }
        }
        throw new AssertionError("no verdict after the last look");
    }

    private enum OutlierSide {
        PARALLEL,
        BASELINE,
        EITHER
    }
}
