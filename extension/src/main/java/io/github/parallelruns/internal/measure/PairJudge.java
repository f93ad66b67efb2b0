package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Judges measured pairs against bounds once, after the fact, for code that measured without bounds
 * and asserts afterwards. One look, so the levels need no splitting: FAIL when the bound at
 * {@link SequentialSpeedupTest#FALSE_FAIL} one-sided excludes the tolerated bound, PASS when the
 * displayed interval lies within the tolerated bounds, INCONCLUSIVE otherwise.
 */
@API(status = INTERNAL, since = "0.1")
public final class PairJudge {

    private PairJudge() {
    }

    public static Verdict judge(List<Pair> pairs, SpeedupBounds bounds) {
        PairStatistics statistics = PairStatistics.of(pairs);
        double[] ratios = statistics.logRatios();
        if (ratios.length == 0) {
            return Verdict.INCONCLUSIVE;
        }
        boolean below = SignTestInterval.upper(ratios, SequentialSpeedupTest.FALSE_FAIL) < bounds.thetaLow();
        boolean above = SignTestInterval.lower(ratios, SequentialSpeedupTest.FALSE_FAIL) > bounds.thetaHigh();
        if (below || above) {
            boolean disturbed = statistics.disturbedPairs().size()
                    > SequentialSpeedupTest.DISTURBED_SHARE_LIMIT * ratios.length;
            return disturbed ? Verdict.INCONCLUSIVE : Verdict.FAIL;
        }
        if (SignTestInterval.lower(ratios, SequentialSpeedupTest.PASS_ALPHA) >= bounds.thetaLow()
                && SignTestInterval.upper(ratios, SequentialSpeedupTest.PASS_ALPHA) <= bounds.thetaHigh()) {
            return Verdict.PASS;
        }
        return Verdict.INCONCLUSIVE;
    }
}
