package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * One worker count of a speedup or sweep: its speedup measured in pairs against the sequential
 * baseline, or, for a sweep's 1-worker point, the baseline itself ({@link #reference}), of which
 * only the worker count, the speedup and the efficiency are recorded.
 *
 * @param workers the worker count
 * @param reference whether this is a sweep's unmeasured 1-worker point
 * @param speedup the median speedup and its interval
 * @param confidence the interval's two-sided confidence, NaN when not known
 * @param efficiency the speedup over the workers, NaN when not known
 * @param karpFlatt the Karp-Flatt serial fraction and its interval
 * @param judgement the bound, the ceiling and the verdict
 * @param meanSpeedup the geometric mean of the pairs' speedups, NaN when not known
 * @param minOverMin the fastest baseline over the fastest parallel run, NaN when not known
 * @param timing the sides' medians and the effort
 * @param waits what the measurement waited for
 * @param cpuShare the CPU share the ceiling and the busy cores followed from, with {@code AUTO}
 * @param setAsidePairs disturbed pairs taken again once the machine was quiet, not part of the verdict
 * @param peakWorkers the most workers that ran the body at once
 * @param disturbedPairs the indexes into {@code pairs} of the disturbed pairs kept
 * @param pairs the measured pairs
 * @param sweep what a sweep records beside the point; empty for a speedup's point
 */
@API(status = INTERNAL, since = "0.1")
public record Point(
        OptionalInt workers,
        boolean reference,
        Estimate speedup,
        double confidence,
        double efficiency,
        Estimate karpFlatt,
        Judgement judgement,
        double meanSpeedup,
        double minOverMin,
        Timing timing,
        Waits waits,
        Optional<ShareFacts> cpuShare,
        List<PairTimes> setAsidePairs,
        OptionalInt peakWorkers,
        List<Integer> disturbedPairs,
        List<PairTimes> pairs,
        Optional<SweepCheck> sweep) {

    public Point {
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(speedup, "speedup");
        Objects.requireNonNull(karpFlatt, "karpFlatt");
        Objects.requireNonNull(judgement, "judgement");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(waits, "waits");
        Objects.requireNonNull(cpuShare, "cpuShare");
        Objects.requireNonNull(peakWorkers, "peakWorkers");
        Objects.requireNonNull(sweep, "sweep");
        setAsidePairs = List.copyOf(setAsidePairs);
        disturbedPairs = List.copyOf(disturbedPairs);
        pairs = List.copyOf(pairs);
        if (reference
                && (!pairs.isEmpty()
                        || !setAsidePairs.isEmpty()
                        || judgement.verdict().isPresent()
                        || cpuShare.isPresent()
                        || sweep.isPresent())) {
            throw new IllegalArgumentException("a reference point is not measured: it has no pairs, verdict, CPU "
                    + "share or sweep check, but this one has " + pairs.size() + " pairs, verdict "
                    + judgement.verdict() + ", CPU share " + cpuShare + " and sweep check " + sweep);
        }
    }

    /** A sweep's 1-worker point: the baseline, whose speedup is 1 by definition. */
    public static Point reference(OptionalInt workers, Estimate speedup, double efficiency) {
        return new Point(
                workers,
                true,
                speedup,
                Double.NaN,
                efficiency,
                Estimate.UNKNOWN,
                Judgement.NONE,
                Double.NaN,
                Double.NaN,
                Timing.UNKNOWN,
                Waits.UNKNOWN,
                Optional.empty(),
                List.of(),
                OptionalInt.empty(),
                List.of(),
                List.of(),
                Optional.empty());
    }
}
