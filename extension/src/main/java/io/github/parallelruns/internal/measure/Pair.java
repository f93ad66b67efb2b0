package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One baseline run and one parallel run taken back to back, so that slow drift of the machine
 * affects both alike and cancels in their ratio.
 *
 * @param baselineNanos wall time of the baseline side, {@code > 0}
 * @param parallelNanos wall time of the parallel side, {@code > 0}
 * @param baselineFirst whether the baseline ran first; orders are balanced so that warming up within
 *     a pair does not favour one side
 * @param disturbance what the machine counters saw during the pair
 */
@API(status = INTERNAL, since = "0.1")
public record Pair(long baselineNanos, long parallelNanos, boolean baselineFirst, Disturbance disturbance) {

    public Pair {
        Objects.requireNonNull(disturbance, "disturbance");
        if (baselineNanos <= 0) {
            throw new IllegalArgumentException("baselineNanos must be > 0, but was " + baselineNanos);
        }
        if (parallelNanos <= 0) {
            throw new IllegalArgumentException("parallelNanos must be > 0, but was " + parallelNanos);
        }
    }

    /** This pair with what the machine counters saw during it. */
    public Pair withDisturbance(Disturbance seen) {
        return new Pair(baselineNanos, parallelNanos, baselineFirst, seen);
    }

    /**
     * {@code ln(baseline / parallel)}: the scale the test works on, where a ratio and its inverse are
     * equally far from 1 and the median commutes with {@code exp}.
     */
    public double logRatio() {
        return Math.log((double) baselineNanos / parallelNanos);
    }

    /** {@code baseline / parallel}. */
    public double speedup() {
        return (double) baselineNanos / parallelNanos;
    }
}
