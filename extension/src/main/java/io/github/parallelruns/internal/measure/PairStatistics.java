package io.github.parallelruns.internal.measure;

import io.github.parallelruns.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures a verdict reports about a list of pairs, computed once so the reason and the verdict
 * quote the same numbers.
 *
 * @param logRatios the pairs' {@link Pair#logRatio()}, sorted ascending
 * @param lower the displayed interval's lower end on the ratio scale
 * @param upper the displayed interval's upper end on the ratio scale
 */
record PairStatistics(
        double[] logRatios,
        double speedup,
        double lower,
        double upper,
        double meanSpeedup,
        double minOverMin,
        long baselineMedianNanos,
        long parallelMedianNanos,
        List<Integer> disturbedPairs) {

    PairStatistics {
        logRatios = logRatios.clone();
        disturbedPairs = List.copyOf(disturbedPairs);
    }

    static PairStatistics of(List<Pair> pairs) {
        int n = pairs.size();
        double[] r = new double[n];
        long[] baseline = new long[n];
        long[] parallel = new long[n];
        List<Integer> disturbed = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            Pair pair = pairs.get(i);
            r[i] = pair.logRatio();
            sum += r[i];
            baseline[i] = pair.baselineNanos();
            parallel[i] = pair.parallelNanos();
            if (pair.disturbance().disturbed()) {
                disturbed.add(i);
            }
        }
        Arrays.sort(r);
        Arrays.sort(baseline);
        Arrays.sort(parallel);
        if (n == 0) {
            return new PairStatistics(r, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, disturbed);
        }
        double alpha = SequentialSpeedupTest.PASS_ALPHA;
        return new PairStatistics(
                r,
                Math.exp(median(r)),
                Math.exp(SignTestInterval.lower(r, alpha)),
                Math.exp(SignTestInterval.upper(r, alpha)),
                Math.exp(sum / n),
                (double) baseline[0] / parallel[0],
                median(baseline),
                median(parallel),
                disturbed);
    }

    @Override
    public double[] logRatios() {
        return logRatios.clone();
    }

    int pairs() {
        return logRatios.length;
    }

    SpeedupVerdict verdict(Verdict verdict, String reason, boolean environment) {
        return new SpeedupVerdict(
                verdict,
                reason,
                pairs(),
                speedup,
                lower,
                upper,
                meanSpeedup,
                minOverMin,
                baselineMedianNanos,
                parallelMedianNanos,
                disturbedPairs,
                environment);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        if (n % 2 == 1) {
            return sorted[n / 2];
        }
        long low = sorted[n / 2 - 1];
        return low + (sorted[n / 2] - low) / 2;
    }
}
