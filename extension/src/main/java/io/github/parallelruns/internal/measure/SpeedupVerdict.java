package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Verdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The verdict of a speedup test and the figures behind it, for the report and the failure message.
 *
 * <p>Speedups are on the ratio scale ({@code baseline / parallel}); they are NaN when no pair was
 * measured.
 *
 * @param verdict PASS, FAIL or INCONCLUSIVE
 * @param reason one sentence with numbers that says why, for someone who has not read this code
 * @param pairs how many measured pairs the figures come from
 * @param speedup {@code exp(median ln(baseline / parallel))}: robust to a few disturbed pairs
 * @param lower the lower end of the displayed interval around {@code speedup}, 0 when there are too
 *     few pairs for one; see {@link #confidence()}
 * @param upper the upper end of the displayed interval, positive infinity when there are too few
 *     pairs for one
 * @param meanSpeedup {@code exp(mean ln(baseline / parallel))}, the geometric mean of the ratios
 * @param minOverMin fastest baseline over fastest parallel run: what the machine gives at best
 * @param baselineMedianNanos median wall time of the baseline side, 0 when no pair was measured
 * @param parallelMedianNanos median wall time of the parallel side, 0 when no pair was measured
 * @param disturbedPairs the indexes, ascending, of the pairs the machine counters marked disturbed
 * @param environment whether the verdict is INCONCLUSIVE because of the machine rather than the code
 */
@API(status = INTERNAL, since = "0.1")
public record SpeedupVerdict(
        Verdict verdict,
        String reason,
        int pairs,
        double speedup,
        double lower,
        double upper,
        double meanSpeedup,
        double minOverMin,
        long baselineMedianNanos,
        long parallelMedianNanos,
        List<Integer> disturbedPairs,
        boolean environment) {

    public SpeedupVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        disturbedPairs = List.copyOf(disturbedPairs);
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
        if (pairs < 0) {
            throw new IllegalArgumentException("pairs must be >= 0, but was " + pairs);
        }
        if (pairs == 0 && verdict != Verdict.INCONCLUSIVE) {
            throw new IllegalArgumentException(
                    "verdict must be INCONCLUSIVE when no pair was measured, but was " + verdict);
        }
        if (lower > upper) {
            throw new IllegalArgumentException("lower must be <= upper (" + upper + "), but was " + lower);
        }
        if (baselineMedianNanos < 0 || parallelMedianNanos < 0) {
            throw new IllegalArgumentException("median times must be >= 0, but were " + baselineMedianNanos
                    + " (baseline) and " + parallelMedianNanos + " (parallel)");
        }
        int previous = -1;
        for (int index : disturbedPairs) {
            if (index <= previous || index >= pairs) {
                throw new IllegalArgumentException("disturbedPairs must be ascending indexes of pairs (0 to "
                        + (pairs - 1) + "), but was " + disturbedPairs);
            }
            previous = index;
        }
        if (environment && verdict != Verdict.INCONCLUSIVE) {
            throw new IllegalArgumentException("environment must be false unless the verdict is INCONCLUSIVE, "
                    + "but the verdict was " + verdict);
        }
    }

    /**
     * Whether more than {@link SequentialSpeedupTest#DISTURBED_SHARE_LIMIT} of the pairs were
     * disturbed by the machine: too many for a failure, or a drop below a baseline, to be trusted.
     */
    public boolean mostlyDisturbed() {
        return disturbedPairs.size() > SequentialSpeedupTest.DISTURBED_SHARE_LIMIT * pairs;
    }

    /**
     * The two-sided confidence of {@code [lower, upper]}: 0.98, or more for the discrete ranks.
     *
     * <p>The interval is the pair of one-sided bounds a PASS is judged on, each at
     * {@link SequentialSpeedupTest#FALSE_PASS} split over the planned looks (0.05 / 5 = 0.01), so
     * it covers the true median with probability at least 1 - 2 * 0.01 at any one look. Showing the
     * tighter interval a PASS uses, rather than the much wider FAIL-level one, says what the data
     * suggest; a FAIL is decided on stricter bounds than the ones shown.
     */
    public double confidence() {
        return SequentialSpeedupTest.INTERVAL_CONFIDENCE;
    }
}
