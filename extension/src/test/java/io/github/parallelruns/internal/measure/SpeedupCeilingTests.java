package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpeedupCeilingTests {

    @Test
    void aCpuBoundBodyIsLimitedByTheCores() {
        assertThat(SpeedupCeiling.cpuBound(4, 4, 2)).isEqualTo(2.0);
        assertThat(SpeedupCeiling.cpuBound(4, 4, 8)).isEqualTo(4.0);
        // 3 tasks on 2 cores take 2 rounds.
        assertThat(SpeedupCeiling.cpuBound(2, 3, 2)).isEqualTo(1.5);
        assertThat(SpeedupCeiling.cpuBound(4, 10, 8)).isEqualTo(10.0 / 3);
        assertThat(SpeedupCeiling.cpuBound(1, 5, 4)).isEqualTo(1.0);
    }

    @Test
    void aBlockingBodyIsLimitedByTheWorkersAlone() {
        assertThat(SpeedupCeiling.blocking(4, 4)).isEqualTo(4.0);
        assertThat(SpeedupCeiling.blocking(4, 6)).isEqualTo(3.0);
        assertThat(SpeedupCeiling.blocking(8, 3)).isEqualTo(3.0);
    }

    @Test
    void rejectsCountsBelowOne() {
        assertThatThrownBy(() -> SpeedupCeiling.cpuBound(2, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cores must be >= 1, but was 0");
        assertThatThrownBy(() -> SpeedupCeiling.blocking(0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers must be >= 1, but was 0");
    }
}
