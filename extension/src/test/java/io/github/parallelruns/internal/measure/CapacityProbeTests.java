package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Only the range: what the machine delivers right now is not something a test can know. */
class CapacityProbeTests {

    @Test
    void capacityIsBetweenOneAndTheThreads() {
        assertThat(CapacityProbe.measure(2)).isBetween(1.0, 2.0);
        assertThat(CapacityProbe.measure(1)).isEqualTo(1.0);
    }

    @Test
    void needsAThread() {
        assertThatThrownBy(() -> CapacityProbe.measure(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be >= 1, but was 0");
    }
}
