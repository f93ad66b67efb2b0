package io.github.parallelruns.internal.measure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Which side of each measured pair runs first: random, balanced in blocks of {@value #BLOCK} (two
 * baseline-first, two parallel-first), because the second run of a pair may profit from the first.
 */
final class BalancedOrder {

    static final int BLOCK = 4;

    private final Random random;
    private final Deque<Boolean> orders = new ArrayDeque<>();

    BalancedOrder(Random random) {
        this.random = random;
    }

    /** Whether the next pair runs its baseline first; a new block is shuffled when the last one is used up. */
    boolean nextBaselineFirst() {
        if (orders.isEmpty()) {
            List<Boolean> block = new ArrayList<>(BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                block.add(i < BLOCK / 2);
            }
            Collections.shuffle(block, random);
            orders.addAll(block);
        }
        return orders.remove();
    }

    /** Hands out {@code baselineFirst} next again: a pair taken again keeps its order, so its block stays balanced. */
    void again(boolean baselineFirst) {
        orders.addFirst(baselineFirst);
    }
}
