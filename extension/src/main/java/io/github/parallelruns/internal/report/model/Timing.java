package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * How a point's measurement went: the sides' median times and the effort behind them.
 *
 * @param baselineMedianMs the median wall time of the baseline side, NaN when not known
 * @param parallelMedianMs the median wall time of the parallel side, NaN when not known
 * @param warmUpPairs the pairs run and discarded before measuring
 * @param steadyState whether the times settled during warm-up
 * @param repetitions how often each run repeated the tasks
 * @param spentMs calibration, warm-up, pairs and waits for quiet, NaN when not known
 */
@API(status = INTERNAL, since = "0.1")
public record Timing(
        double baselineMedianMs,
        double parallelMedianMs,
        OptionalInt warmUpPairs,
        Optional<Boolean> steadyState,
        OptionalInt repetitions,
        double spentMs) {

    /** Nothing recorded. */
    public static final Timing UNKNOWN =
            new Timing(Double.NaN, Double.NaN, OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), Double.NaN);

    public Timing {
        Objects.requireNonNull(warmUpPairs, "warmUpPairs");
        Objects.requireNonNull(steadyState, "steadyState");
        Objects.requireNonNull(repetitions, "repetitions");
    }
}
