package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpeedupBoundsTests {

    @Test
    void thetasAreTheTolerantBoundsOnTheLogScale() {
        SpeedupBounds bounds = new SpeedupBounds(1.8, 3.0, 0.05);

        assertThat(bounds.thetaLow()).isCloseTo(Math.log(1.71), within(1e-12));
        assertThat(bounds.thetaHigh()).isCloseTo(Math.log(3.15), within(1e-12));
    }

    @Test
    void anUnsetBoundIsAnInfiniteTheta() {
        assertThat(SpeedupBounds.atLeast(2).thetaHigh()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SpeedupBounds.atLeast(2).tolerance()).isEqualTo(SpeedupBounds.DEFAULT_TOLERANCE);
        assertThat(new SpeedupBounds(0, 2, 0.05).thetaLow()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void rejectsBoundsThatMeanNothing() {
        assertThatThrownBy(() -> new SpeedupBounds(-1, 2, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("min must be a finite number >= 0 (0 for no lower bound), but was -1.0");
        assertThatThrownBy(() -> new SpeedupBounds(2, 1, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be > 0 and >= min (2.0), or Infinity for no upper bound, but was 1.0");
        assertThatThrownBy(() -> new SpeedupBounds(0, Double.NaN, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be > 0 and >= min (0.0), or Infinity for no upper bound, but was NaN");
        assertThatThrownBy(() -> new SpeedupBounds(1, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tolerance must be >= 0 and < 1, but was 1.0");
        assertThatThrownBy(() -> new SpeedupBounds(0, Double.POSITIVE_INFINITY, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "min and max must not both be unset (min 0, max Infinity): a speedup test needs at least one bound");
    }
}
