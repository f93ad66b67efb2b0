package io.github.parallelruns.internal.measure;

import static io.github.parallelruns.internal.measure.SequentialSpeedupTestTests.around;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Judging measured pairs after the fact, as the AssertJ assertions and SpeedupEstimate.verdictFor do. */
class PairJudgeTests {

    private static final Disturbance STOLEN = new Disturbance(0, 40_000_000, 0, true, "steal 40.0 ms");

    @Test
    void passesFailsOrCannotTell() {
        List<Pair> pairs = around(2.0, 12);

        assertThat(PairJudge.judge(pairs, SpeedupBounds.atLeast(1.5))).isEqualTo(Verdict.PASS);
        assertThat(PairJudge.judge(pairs, SpeedupBounds.atLeast(4))).isEqualTo(Verdict.FAIL);
        assertThat(PairJudge.judge(pairs, new SpeedupBounds(0, 1.2, 0.05))).isEqualTo(Verdict.FAIL);
        assertThat(PairJudge.judge(pairs, SpeedupBounds.atLeast(2.0))).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(PairJudge.judge(List.of(), SpeedupBounds.atLeast(1.5))).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aFailMustHoldWithoutTheDisturbedPairs() {
        // 18 pairs far below 4x, 4 of them disturbed: the 14 others exclude the bound on their own.
        List<Pair> stillFails = disturbFirst(around(2.0, 18), 4);
        // 10 pairs, the fewest that can exclude a bound at 99.9 %; without 2 disturbed ones, 8 cannot.
        List<Pair> notWithout = disturbFirst(around(2.0, 10), 2);
        // More than a quarter disturbed: never a FAIL.
        List<Pair> tooMany = disturbFirst(around(2.0, 18), 5);

        assertThat(PairJudge.judge(stillFails, SpeedupBounds.atLeast(4))).isEqualTo(Verdict.FAIL);
        assertThat(PairJudge.judge(notWithout, SpeedupBounds.atLeast(4))).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(PairJudge.judge(tooMany, SpeedupBounds.atLeast(4))).isEqualTo(Verdict.INCONCLUSIVE);
    }

    private static List<Pair> disturbFirst(List<Pair> pairs, int count) {
        List<Pair> result = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair pair = pairs.get(i);
            result.add(i < count ? new Pair(pair.baselineNanos(), pair.parallelNanos(), true, STOLEN) : pair);
        }
        return result;
    }
}
