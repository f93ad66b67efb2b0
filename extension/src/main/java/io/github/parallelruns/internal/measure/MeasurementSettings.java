package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What one speedup measurement needs besides the runner.
 *
 * @param bounds the speedups the test accepts, or null to estimate the speedup only
 * @param budget the wall time the whole measurement may take, calibration and warm-up included,
 *     {@code > 0}; usually {@link #DEFAULT_BUDGET}
 * @param minSideNanos the least time one side of a pair should take, {@code >= 0}; shorter bodies
 *     are repeated within a run so that timer resolution and barrier overhead stay small; usually
 *     {@link #DEFAULT_MIN_SIDE_NANOS}
 * @param busyThreads how many threads the parallel side keeps busy, {@code >= 1}
 * @param cores the effective cores of the machine, {@code >= 1}
 * @param minPairs measured pairs to take at least, budget permitting, even when the verdict is
 *     clear earlier ({@code >= 0}): for figures that must also bear comparisons of their own, such as
 *     a sweep's "does not fall"
 */
@API(status = INTERNAL, since = "0.1")
public record MeasurementSettings(SpeedupBounds bounds, Duration budget, long minSideNanos, int busyThreads,
        int cores, int minPairs) {

    /** Settings without a least number of pairs: a verdict may come at the first look. */
    public MeasurementSettings(SpeedupBounds bounds, Duration budget, long minSideNanos, int busyThreads, int cores) {
        this(bounds, budget, minSideNanos, busyThreads, cores, 0);
    }

    /** The time a speedup test may take unless configured otherwise: 10 seconds. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

    /** The least time one side should take unless configured otherwise: 20 ms. */
    public static final long DEFAULT_MIN_SIDE_NANOS = 20_000_000L;

    public MeasurementSettings {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be > 0, but was " + budget);
        }
        if (minSideNanos < 0) {
            throw new IllegalArgumentException("minSideNanos must be >= 0, but was " + minSideNanos);
        }
        if (busyThreads < 1) {
            throw new IllegalArgumentException("busyThreads must be >= 1, but was " + busyThreads);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, but was " + cores);
        }
        if (minPairs < 0) {
            throw new IllegalArgumentException("minPairs must be >= 0, but was " + minPairs);
        }
    }
}
