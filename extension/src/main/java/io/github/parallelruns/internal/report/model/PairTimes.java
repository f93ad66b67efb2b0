package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One measured pair: a sequential baseline run and a parallel run of the same tasks.
 *
 * @param baselineMs the baseline side's wall time, NaN when not known
 * @param parallelMs the parallel side's wall time, NaN when not known
 * @param baselineFirst whether the baseline side ran first
 * @param disturbed whether other load on the machine disturbed the pair
 * @param disturbance why it was disturbed; only for a disturbed pair
 */
@API(status = INTERNAL, since = "0.1")
public record PairTimes(
        double baselineMs, double parallelMs, boolean baselineFirst, boolean disturbed, Optional<String> disturbance) {

    /** A pair with nothing known, as an item of a list that is not a pair reads. */
    public static final PairTimes UNKNOWN = new PairTimes(Double.NaN, Double.NaN, false, false, Optional.empty());

    public PairTimes {
        Objects.requireNonNull(disturbance, "disturbance");
        if (disturbance.isPresent() && !disturbed) {
            throw new IllegalArgumentException(
                    "only a disturbed pair has a disturbance, but this one has '" + disturbance.get() + "'");
        }
    }
}
