package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A finished speedup measurement: the verdict and the raw pairs behind it, for the report.
 *
 * @param verdict the verdict and its figures
 * @param pairs the measured pairs in the order they ran, warm-up excluded; each side's time covers
 *     {@code repetitions} repetitions of the tasks
 * @param warmUpPairs how many pairs were run and discarded before measuring, {@code >= 0}
 * @param steadyState false when warm-up stopped at its cap before the times settled ("no steady
 *     state"): the pairs may include JIT compilation or cache warming
 * @param repetitions how often each run repeated the tasks, {@code >= 1}
 * @param spent the wall time the measurement took, calibration and warm-up included
 */
@API(status = INTERNAL, since = "0.1")
public record SpeedupResult(SpeedupVerdict verdict, List<Pair> pairs, int warmUpPairs, boolean steadyState,
        int repetitions, Duration spent) {

    public SpeedupResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(spent, "spent");
        pairs = List.copyOf(pairs);
        if (verdict.pairs() != pairs.size()) {
            throw new IllegalArgumentException("pairs must be the " + verdict.pairs()
                    + " pairs the verdict counts, but were " + pairs.size());
        }
        if (warmUpPairs < 0) {
            throw new IllegalArgumentException("warmUpPairs must be >= 0, but was " + warmUpPairs);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, but was " + repetitions);
        }
        if (spent.isNegative()) {
            throw new IllegalArgumentException("spent must be >= 0, but was " + spent);
        }
    }
}
