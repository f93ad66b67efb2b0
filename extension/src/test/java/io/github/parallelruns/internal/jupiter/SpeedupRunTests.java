package io.github.parallelruns.internal.jupiter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Verdict;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.Disturbance;
import io.github.parallelruns.internal.measure.Pair;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict when the CPU share of {@code AUTO} could not be measured and was taken as 1. */
class SpeedupRunTests {

    private static final CpuShare STARVED =
            CpuShare.assumedComputing(90_000_000L, 100_000_000L, 1, 2, CpuShare.SATURATED);
    private static final CpuShare MEASURED = CpuShare.of(2_000_000L, 100_000_000L, 1, 2);

    @Test
    void aFailBelowABoundAboveTheAssumedCeilingIsInconclusiveForTheMachine() {
        SpeedupResult result = SpeedupRun.withUnknownCeiling(result(Verdict.FAIL, 1.9), STARVED, 2.5, 2.0);

        SpeedupVerdict verdict = result.verdict();
        assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.environment()).isTrue();
        assertThat(verdict.reason())
                .startsWith("the speedup 1.90x is below the bound, but the body's CPU share "
                        + "could not be measured: CPU share taken as 1 (measured 0.90, ")
                .contains("; with a share of 1 this machine gives at most 2.00x, so whether the body or the machine "
                        + "falls short is not known")
                .endsWith("(the FAIL would have been: below 2.5)");
        // The figures are the measurement's.
        assertThat(verdict.speedup()).isEqualTo(1.9);
        assertThat(verdict.pairs()).isEqualTo(12);
    }

    @Test
    void aPassWithAnAssumedShareStands() {
        SpeedupResult pass = result(Verdict.PASS, 3.8);

        assertThat(SpeedupRun.withUnknownCeiling(pass, STARVED, 2.5, 2.0)).isSameAs(pass);
    }

    @Test
    void aFailWithAMeasuredShareOrABoundWithinTheAssumedCeilingStands() {
        SpeedupResult fail = result(Verdict.FAIL, 1.2);

        assertThat(SpeedupRun.withUnknownCeiling(fail, MEASURED, 2.5, 50.0)).isSameAs(fail);
        // 1.5 is within the 2 cores even for a computing body: the FAIL holds whatever the share.
        assertThat(SpeedupRun.withUnknownCeiling(fail, STARVED, 1.5, 2.0)).isSameAs(fail);
        assertThat(SpeedupRun.withUnknownCeiling(fail, null, 2.5, 2.0)).isSameAs(fail);
    }

    private static SpeedupResult result(Verdict verdict, double speedup) {
        String reason = verdict == Verdict.FAIL ? "below 2.5" : "above 2.5";
        return new SpeedupResult(
                new SpeedupVerdict(
                        verdict,
                        reason,
                        12,
                        speedup,
                        speedup * 0.9,
                        speedup * 1.1,
                        speedup,
                        speedup,
                        400_000_000L,
                        (long) (400_000_000L / speedup),
                        List.of(),
                        false),
                Collections.nCopies(
                        12, new Pair(400_000_000L, (long) (400_000_000L / speedup), true, Disturbance.NONE)),
                4,
                true,
                1,
                Duration.ofSeconds(3));
    }
}
