package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apiguardian.api.API;

/**
 * A speedup measured by {@link Parallel#measureSpeedup()} or {@link Parallel#measureSpeedup(double, double)}:
 * sequential baseline against the parallel run in interleaved pairs, with the protocol of
 * {@link ExpectSpeedup}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SpeedupEstimate {

    private final Mode mode;
    private final int workers;
    private final int tasks;
    private final Verdict verdict;
    private final String reason;
    private final double speedup;
    private final double lower;
    private final double upper;
    private final double confidence;
    private final int pairs;
    private final List<Integer> disturbedPairs;
    private final boolean environment;
    private final Duration baselineMedian;
    private final Duration parallelMedian;
    private final Duration spent;
    /** Judges the pairs against bounds, which it checks as {@link Parallel#measureSpeedup(double, double)} does. */
    private final BiFunction<Double, Double, Verdict> judge;

    SpeedupEstimate(
            Mode mode,
            int workers,
            int tasks,
            Verdict verdict,
            String reason,
            double speedup,
            double lower,
            double upper,
            double confidence,
            int pairs,
            List<Integer> disturbedPairs,
            boolean environment,
            Duration baselineMedian,
            Duration parallelMedian,
            Duration spent,
            BiFunction<Double, Double, Verdict> judge) {
        this.mode = mode;
        this.workers = workers;
        this.tasks = tasks;
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.reason = reason;
        this.speedup = speedup;
        this.lower = lower;
        this.upper = upper;
        this.confidence = confidence;
        this.pairs = pairs;
        this.disturbedPairs = List.copyOf(disturbedPairs);
        this.environment = environment;
        this.baselineMedian = baselineMedian;
        this.parallelMedian = parallelMedian;
        this.spent = spent;
        this.judge = judge;
    }

    /**
     * The kind of worker the parallel runs used.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * How many workers the parallel runs had; the baseline has one.
     *
     * @return the number of workers
     */
    public int workers() {
        return workers;
    }

    /**
     * How many tasks each run had, the baseline and the parallel run alike.
     *
     * @return the number of tasks
     */
    public int tasks() {
        return tasks;
    }

    /**
     * {@link Verdict#MEASURED} without bounds, else the verdict on the bounds given.
     *
     * @return the verdict
     */
    public Verdict verdict() {
        return verdict;
    }

    /**
     * One sentence with numbers that says why.
     *
     * @return the reason for the verdict
     */
    public String reason() {
        return reason;
    }

    /**
     * The median of the pairs' speedups {@code T_baseline / T_parallel}; NaN when no pair was measured.
     *
     * @return the speedup
     */
    public double speedup() {
        return speedup;
    }

    /**
     * The lower end of the {@link #confidence()} interval around {@link #speedup()}; 0 with too few pairs.
     *
     * @return the interval's lower end
     */
    public double lower() {
        return lower;
    }

    /**
     * The upper end of the interval; positive infinity with too few pairs.
     *
     * @return the interval's upper end
     */
    public double upper() {
        return upper;
    }

    /**
     * The two-sided confidence of {@code [lower, upper]}: 0.98.
     *
     * @return the confidence level, between 0 and 1
     */
    public double confidence() {
        return confidence;
    }

    /**
     * {@link #speedup()} divided by the workers.
     *
     * @return the efficiency
     */
    public double efficiency() {
        return speedup / workers;
    }

    /**
     * How many measured pairs the figures come from, warm-up excluded.
     *
     * @return the number of pairs
     */
    public int pairs() {
        return pairs;
    }

    /**
     * The indexes of the pairs other load, steal or throttling disturbed.
     *
     * @return the disturbed pairs' indexes, empty when none was
     */
    public List<Integer> disturbedPairs() {
        return disturbedPairs;
    }

    /**
     * Whether an INCONCLUSIVE verdict is the machine's doing rather than the code's.
     *
     * @return {@code true} when the machine made the measurement inconclusive
     */
    public boolean environmentInconclusive() {
        return environment;
    }

    /**
     * The median time of the sequential baseline, all tasks on one worker.
     *
     * @return the baseline's median time
     */
    public Duration baselineMedian() {
        return baselineMedian;
    }

    /**
     * The median time of the parallel run, all tasks on the workers.
     *
     * @return the parallel run's median time
     */
    public Duration parallelMedian() {
        return parallelMedian;
    }

    /**
     * The wall time the measurement took, calibration and warm-up included.
     *
     * @return the time spent measuring
     */
    public Duration spent() {
        return spent;
    }

    /**
     * Judges these pairs against bounds after the fact: PASS when the {@link #confidence()} interval
     * lies within {@code [min × 0.95, max × 1.05]}; FAIL when bounds at 99.9% one-sided exclude a
     * bound (a speedup exactly on the bound fails with probability at most 0.1%); INCONCLUSIVE
     * otherwise, or when more than a quarter of the pairs were disturbed.
     *
     * @param min the lowest acceptable speedup, 0 for none
     * @param max the highest acceptable speedup, {@code Double.POSITIVE_INFINITY} for none
     * @return the verdict on those bounds
     * @throws IllegalArgumentException for bounds that are not valid (as for
     *     {@link Parallel#measureSpeedup(double, double)}), naming them and the rule they break
     */
    public Verdict verdictFor(double min, double max) {
        return judge.apply(min, max);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "SpeedupEstimate[%s %.2fx [%.2f, %s] on %d %s workers, %d tasks, %d pairs: %s]",
                verdict,
                speedup,
                lower,
                Double.isInfinite(upper) ? "∞" : String.format(Locale.ROOT, "%.2f", upper),
                workers,
                mode,
                tasks,
                pairs,
                reason);
    }
}
