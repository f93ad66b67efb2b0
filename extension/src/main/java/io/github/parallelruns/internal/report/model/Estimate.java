package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A figure and the interval around it: a speedup, or a Karp-Flatt serial fraction.
 *
 * @param value the figure, NaN when not measured
 * @param lower the interval's lower end, NaN when not known
 * @param upper the interval's upper end, positive infinity when unbounded, NaN when not known
 */
@API(status = INTERNAL, since = "0.1")
public record Estimate(double value, double lower, double upper) {

    /** Nothing known. */
    public static final Estimate UNKNOWN = new Estimate(Double.NaN, Double.NaN, Double.NaN);

    /** Whether neither end of the interval is known (a record may hold a figure without one). */
    public boolean hasNoInterval() {
        return Double.isNaN(lower) && Double.isNaN(upper);
    }
}
