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
 * @param busyCores how many cores' worth of CPU the parallel side keeps busy, {@code >= 1}, for judging
 *     other processes' load; replaced by the measured figure when {@code measureShare}
 * @param cores the effective cores of the machine, {@code >= 1}
 * @param minPairs measured pairs to take at least, budget permitting, even when the verdict is
 *     clear earlier ({@code >= 0}): for figures that must also bear comparisons of their own, such as
 *     a sweep's "does not fall"
 * @param activeWorkers {@code min(workers, tasks)} of the parallel side, {@code >= 1}
 * @param measureShare whether to measure the body's {@link CpuShare} before warming up (the
 *     {@code AUTO} workload), which then sets the busy cores
 */
@API(status = INTERNAL, since = "0.1")
public record MeasurementSettings(
        SpeedupBounds bounds,
        Duration budget,
        long minSideNanos,
        double busyCores,
        int cores,
        int minPairs,
        int activeWorkers,
        boolean measureShare) {

    /** Settings without a least number of pairs: a verdict may come at the first look. */
    public MeasurementSettings(SpeedupBounds bounds, Duration budget, long minSideNanos, int busyThreads, int cores) {
        this(bounds, budget, minSideNanos, busyThreads, cores, 0);
    }

    /** Settings for a body whose busy threads are declared, not measured. */
    public MeasurementSettings(
            SpeedupBounds bounds, Duration budget, long minSideNanos, int busyThreads, int cores, int minPairs) {
        this(bounds, budget, minSideNanos, busyThreads, cores, minPairs, busyThreads, false);
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
        if (!(busyCores >= 1) || Double.isInfinite(busyCores)) {
            throw new IllegalArgumentException("busyCores must be >= 1 and finite, but was " + busyCores);
        }
        if (activeWorkers < 1) {
            throw new IllegalArgumentException("activeWorkers must be >= 1, but was " + activeWorkers);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, but was " + cores);
        }
        if (minPairs < 0) {
            throw new IllegalArgumentException("minPairs must be >= 0, but was " + minPairs);
        }
    }
}
