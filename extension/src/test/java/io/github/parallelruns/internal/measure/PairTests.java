package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.parallelruns.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types a verdict is built from check themselves. */
class PairTests {

    @Test
    void ratioAndItsLogarithm() {
        Pair pair = new Pair(300, 100, false, Disturbance.NONE);

        assertThat(pair.speedup()).isEqualTo(3.0);
        assertThat(pair.logRatio()).isCloseTo(Math.log(3), within(1e-15));
    }

    @Test
    void theDisturbanceSeenIsAddedToTheSameRuns() {
        Disturbance stolen = new Disturbance(0, 40_000_000, 0, true, "steal 40.0 ms");

        assertThat(new Pair(300, 100, false, Disturbance.NONE).withDisturbance(stolen))
                .isEqualTo(new Pair(300, 100, false, stolen));
    }

    @Test
    void timesMustBePositive() {
        assertThatThrownBy(() -> new Pair(0, 100, true, Disturbance.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baselineNanos must be > 0, but was 0");
        assertThatThrownBy(() -> new Pair(100, -5, true, Disturbance.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelNanos must be > 0, but was -5");
    }

    @Test
    void aDisturbanceHasAReasonExactlyWhenDisturbed() {
        assertThat(Disturbance.NONE.reason()).isEmpty();
        assertThatThrownBy(() -> new Disturbance(0, 0, 1, true, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reason must be given exactly when disturbed (true), but was ''");
        assertThatThrownBy(() -> new Disturbance(0, 0, 0, false, "steal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reason must be given exactly when disturbed (false), but was 'steal'");
        assertThatThrownBy(() -> new Disturbance(-1, 0, 0, false, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runQueueWaitNanos must be >= 0, but was -1");
    }

    @Test
    void aVerdictIsConsistent() {
        assertThatThrownBy(() -> verdict(Verdict.PASS, 0, List.of(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verdict must be INCONCLUSIVE when no pair was measured, but was PASS");
        assertThatThrownBy(() -> verdict(Verdict.FAIL, 8, List.of(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment must be false unless the verdict is INCONCLUSIVE, but the verdict was FAIL");
        assertThatThrownBy(() -> verdict(Verdict.FAIL, 8, List.of(3, 3), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("disturbedPairs must be ascending indexes of pairs (0 to 7), but was [3, 3]");
        assertThatThrownBy(() -> verdict(Verdict.FAIL, 8, List.of(8), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("disturbedPairs must be ascending indexes of pairs (0 to 7), but was [8]");
        assertThat(verdict(Verdict.INCONCLUSIVE, 8, List.of(0, 7), true).disturbedPairs())
                .containsExactly(0, 7);
    }

    private static SpeedupVerdict verdict(Verdict verdict, int pairs, List<Integer> disturbed, boolean environment) {
        return new SpeedupVerdict(verdict, "why", pairs, 2, 1.5, 2.5, 2, 2, 100, 50, disturbed, environment);
    }
}
