package io.github.parallelruns.internal.measure;

import java.time.Duration;
import java.util.function.LongSupplier;

/** The clock of one measurement and the wall time it may take, counted from its creation. */
final class TimeBudget {

    private final LongSupplier clock;
    private final Duration budget;
    private final long nanos;
    private final long start;

    TimeBudget(LongSupplier clock, Duration budget) {
        this.clock = clock;
        this.budget = budget;
        long total;
        try {
            total = budget.toNanos();
        } catch (ArithmeticException tooLongToCount) {
            total = Long.MAX_VALUE / 2;
        }
        this.nanos = total;
        this.start = clock.getAsLong();
    }

    long now() {
        return clock.getAsLong();
    }

    long elapsed() {
        return clock.getAsLong() - start;
    }

    /** The budget in nanoseconds, at most {@code Long.MAX_VALUE / 2}. */
    long nanos() {
        return nanos;
    }

    /** The budget as configured, for messages. */
    Duration duration() {
        return budget;
    }
}
