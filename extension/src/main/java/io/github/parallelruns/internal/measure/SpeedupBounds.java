package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The speedups a test accepts: at least {@code min}, at most {@code max}, each widened by
 * {@code tolerance} so that a speedup exactly at a bound does not fail on noise.
 *
 * <p>An efficiency bound E on N workers is a {@code min} of E * N.
 *
 * @param min the least speedup, {@code >= 0}; 0 means no lower bound
 * @param max the greatest speedup, {@code > 0} and {@code >= min};
 *     {@link Double#POSITIVE_INFINITY} means no upper bound
 * @param tolerance the relative slack on both bounds, {@code 0 <= tolerance < 1}; usually
 *     {@link #DEFAULT_TOLERANCE}
 */
@API(status = INTERNAL, since = "0.1")
public record SpeedupBounds(double min, double max, double tolerance) {

    /** The slack on both bounds unless the test says otherwise: 5%. */
    public static final double DEFAULT_TOLERANCE = 0.05;

    public SpeedupBounds {
        if (!(min >= 0) || Double.isInfinite(min)) {
            throw new IllegalArgumentException(
                    "min must be a finite number >= 0 (0 for no lower bound), but was " + min);
        }
        if (!(max > 0) || max < min) {
            throw new IllegalArgumentException(
                    "max must be > 0 and >= min (" + min + "), or Infinity for no upper bound, but was " + max);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be >= 0 and < 1, but was " + tolerance);
        }
        if (min == 0 && Double.isInfinite(max)) {
            throw new IllegalArgumentException("min and max must not both be unset (min 0, max Infinity): "
                    + "a speedup test needs at least one bound");
        }
    }

    /** A lower bound only, with the default tolerance. */
    public static SpeedupBounds atLeast(double min) {
        return new SpeedupBounds(min, Double.POSITIVE_INFINITY, DEFAULT_TOLERANCE);
    }

    /** Whether there is a lower bound. */
    public boolean hasMin() {
        return min > 0;
    }

    /** Whether there is an upper bound. */
    public boolean hasMax() {
        return Double.isFinite(max);
    }

    /** The lower bound with the tolerance applied, on the log scale the test works on. */
    public double thetaLow() {
        return hasMin() ? Math.log(min * (1 - tolerance)) : Double.NEGATIVE_INFINITY;
    }

    /** The upper bound with the tolerance applied, on the log scale the test works on. */
    public double thetaHigh() {
        return hasMax() ? Math.log(max * (1 + tolerance)) : Double.POSITIVE_INFINITY;
    }
}
