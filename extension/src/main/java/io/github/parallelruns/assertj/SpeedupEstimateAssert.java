package io.github.parallelruns.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.parallelruns.SpeedupEstimate;
import io.github.parallelruns.Verdict;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractObjectAssert;
import org.opentest4j.TestAbortedException;

/**
 * Assertions on a {@link SpeedupEstimate}; start with
 * {@link ParallelRunsAssertions#assertThat(SpeedupEstimate)}.
 *
 * <p>Bounds are judged on the measured pairs as {@link SpeedupEstimate#verdictFor(double, double)}
 * does, with a 5% tolerance: an assertion passes when the 98% interval lies within the bound, fails
 * when the speedup is clearly outside it, and otherwise aborts the test with
 * {@link TestAbortedException} (reported as skipped, with the figures), as an INCONCLUSIVE
 * {@code @ExpectSpeedup} does by default: noise never decides.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SpeedupEstimateAssert extends AbstractObjectAssert<SpeedupEstimateAssert, SpeedupEstimate> {

    SpeedupEstimateAssert(SpeedupEstimate actual) {
        super(actual, SpeedupEstimateAssert.class);
    }

    /**
     * Verifies that the speedup is at least {@code min}.
     *
     * @param min the lowest acceptable speedup
     * @return {@code this} assertion object
     * @throws TestAbortedException when the pairs cannot tell whether it is
     */
    public SpeedupEstimateAssert hasSpeedupAtLeast(double min) {
        return judged(min, Double.POSITIVE_INFINITY, String.format(Locale.ROOT, "at least %.2fx", min));
    }

    /**
     * Verifies that the speedup is at most {@code max}, e.g. that a lock serializes the body.
     *
     * @param max the highest acceptable speedup
     * @return {@code this} assertion object
     * @throws TestAbortedException when the pairs cannot tell whether it is
     */
    public SpeedupEstimateAssert hasSpeedupAtMost(double max) {
        return judged(0, max, String.format(Locale.ROOT, "at most %.2fx", max));
    }

    /**
     * Verifies that the speedup is within {@code [min, max]}.
     *
     * @param min the lowest acceptable speedup
     * @param max the highest acceptable speedup
     * @return {@code this} assertion object
     * @throws TestAbortedException when the pairs cannot tell whether it is
     */
    public SpeedupEstimateAssert hasSpeedupBetween(double min, double max) {
        return judged(min, max, String.format(Locale.ROOT, "between %.2fx and %.2fx", min, max));
    }

    /**
     * Verifies that the efficiency, speedup per worker, is at least {@code min} (in {@code (0, 1]}).
     *
     * @param min the lowest acceptable efficiency
     * @return {@code this} assertion object
     * @throws IllegalArgumentException when {@code min} is not in {@code (0, 1]}
     * @throws TestAbortedException when the pairs cannot tell whether it is
     */
    public SpeedupEstimateAssert hasEfficiencyAtLeast(double min) {
        isNotNull();
        if (!(min > 0 && min <= 1)) {
            throw new IllegalArgumentException("min efficiency must be in (0, 1], but was " + min);
        }
        return judged(
                min * actual.workers(),
                Double.POSITIVE_INFINITY,
                String.format(
                        Locale.ROOT,
                        "an efficiency of at least %.0f%% (a speedup of at least %.2fx on %d workers)",
                        min * 100,
                        min * actual.workers(),
                        actual.workers()));
    }

    /**
     * Verifies the verdict the measurement itself reached.
     *
     * @param expected the verdict expected
     * @return {@code this} assertion object
     */
    public SpeedupEstimateAssert hasVerdict(Verdict expected) {
        isNotNull();
        if (actual.verdict() != expected) {
            failWithMessage(
                    "%nExpecting speedup:%n  %s%nto have verdict %s, but it was %s: %s",
                    actual, expected, actual.verdict(), actual.reason());
        }
        return this;
    }

    private SpeedupEstimateAssert judged(double min, double max, String expectation) {
        isNotNull();
        Verdict verdict = actual.verdictFor(min, max);
        if (verdict == Verdict.FAIL) {
            failWithMessage(
                    "%nExpecting speedup:%n  %s%nto be %s (with the 5%% tolerance),%nbut it is clearly "
                            + "outside: %s [%s, %s] over %s pairs",
                    actual,
                    expectation,
                    times(actual.speedup()),
                    times(actual.lower()),
                    times(actual.upper()),
                    actual.pairs());
        }
        if (verdict == Verdict.INCONCLUSIVE && actual.pairs() == 0) {
            throw new TestAbortedException("INCONCLUSIVE: no pair was measured, so the speedup cannot be shown to be "
                    + expectation + ": " + actual.reason());
        }
        if (verdict == Verdict.INCONCLUSIVE) {
            throw new TestAbortedException(String.format(
                    Locale.ROOT,
                    "INCONCLUSIVE: the speedup %s [%s, %s] over "
                            + "%d pairs is neither clearly %s nor clearly not%s; measure against the bound with "
                            + "Parallel.measureSpeedup(min, max), which takes pairs until it can decide, on a quieter "
                            + "machine, or with a bound further from what the workers can give",
                    times(actual.speedup()),
                    times(actual.lower()),
                    times(actual.upper()),
                    actual.pairs(),
                    expectation,
                    actual.disturbedPairs().isEmpty()
                            ? ""
                            : " (" + actual.disturbedPairs().size() + " pairs disturbed by other load)"));
        }
        return this;
    }

    private static String times(double speedup) {
        return Double.isInfinite(speedup) ? "∞" : String.format(Locale.ROOT, "%.2fx", speedup);
    }
}
