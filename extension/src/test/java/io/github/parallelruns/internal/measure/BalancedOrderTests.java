package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancedOrderTests {

    @Test
    void everyBlockOfFourHasTwoOfEachInRandomOrder() {
        BalancedOrder order = new BalancedOrder(new Random(11L));
        Set<List<Boolean>> patterns = new HashSet<>();

        for (int block = 0; block < 20; block++) {
            List<Boolean> firsts = new ArrayList<>();
            for (int i = 0; i < BalancedOrder.BLOCK; i++) {
                firsts.add(order.nextBaselineFirst());
            }
            assertThat(firsts).as("block %d", block).containsExactlyInAnyOrder(true, true, false, false);
            patterns.add(firsts);
        }
        assertThat(patterns).hasSizeGreaterThan(1);
    }

    @Test
    void anOrderHandedBackComesNextAndKeepsTheBlockBalanced() {
        BalancedOrder order = new BalancedOrder(new Random(11L));
        BalancedOrder same = new BalancedOrder(new Random(11L));
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.add(same.nextBaselineFirst());
        }

        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean first = order.nextBaselineFirst();
            if (i == 1 || i == 3) {
                // Set aside: the same order again.
                order.again(first);
                assertThat(order.nextBaselineFirst()).isEqualTo(first);
            }
            taken.add(first);
        }

        assertThat(taken).isEqualTo(expected);
    }
}
