package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Verdict;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Judges measured pairs against bounds once, after the fact, for code that measured without bounds
 * and asserts afterwards. One look, so the levels need no splitting: FAIL when the bound at
 * {@link SequentialSpeedupTest#FALSE_FAIL} one-sided excludes the tolerated bound, PASS when the
 * displayed interval lies within the tolerated bounds, INCONCLUSIVE otherwise.
 */
@API(status = INTERNAL, since = "0.1")
public final class PairJudge {

    private PairJudge() {}

    public static Verdict judge(List<Pair> pairs, SpeedupBounds bounds) {
        PairStatistics statistics = PairStatistics.of(pairs);
        double[] ratios = statistics.logRatios();
        if (ratios.length == 0) {
            return Verdict.INCONCLUSIVE;
        }
        if (misses(ratios, bounds)) {
            // As the sequential test: a FAIL must not rest on disturbed pairs.
            int disturbed = statistics.disturbedPairs().size();
            if (disturbed == 0) {
                return Verdict.FAIL;
            }
            if (disturbed > SequentialSpeedupTest.DISTURBED_SHARE_LIMIT * ratios.length) {
                return Verdict.INCONCLUSIVE;
            }
            List<Pair> undisturbed = pairs.stream()
                    .filter(pair -> !pair.disturbance().disturbed())
                    .collect(Collectors.toList());
            return misses(PairStatistics.of(undisturbed).logRatios(), bounds) ? Verdict.FAIL : Verdict.INCONCLUSIVE;
        }
        if (SignTestInterval.lower(ratios, SequentialSpeedupTest.PASS_ALPHA) >= bounds.thetaLow()
                && SignTestInterval.upper(ratios, SequentialSpeedupTest.PASS_ALPHA) <= bounds.thetaHigh()) {
            return Verdict.PASS;
        }
        return Verdict.INCONCLUSIVE;
    }

    private static boolean misses(double[] sortedRatios, SpeedupBounds bounds) {
        return SignTestInterval.upper(sortedRatios, SequentialSpeedupTest.FALSE_FAIL) < bounds.thetaLow()
                || SignTestInterval.lower(sortedRatios, SequentialSpeedupTest.FALSE_FAIL) > bounds.thetaHigh();
    }
}
