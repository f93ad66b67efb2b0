package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apiguardian.api.API;

/**
 * Distribution-free one-sided confidence bounds on a median from order statistics (the sign test).
 *
 * <p>Each sample falls below the true median with probability 1/2 whatever the distribution, so the
 * number below is Binomial(n, 1/2) and {@code P(r(k) > median) = P(Binomial(n, 1/2) <= k-1)}. Unlike
 * a t-interval this needs no normality, which log ratios with outlier pairs do not have, and unlike a
 * bootstrap of the median it keeps its coverage for the small n a test can afford. The binomial
 * tail is computed exactly, because a rank that is off by one changes how many pairs a FAIL needs.
 */
@API(status = INTERNAL, since = "0.1")
public final class SignTestInterval {

    /** Above this the exact tail gets slow, and no test takes that many pairs. */
    static final int MAX_N = 1000;

    private SignTestInterval() {}

    /**
     * The largest k with {@code P(Binomial(n, 1/2) <= k-1) <= alpha}, or 0 when even the smallest
     * sample is not a bound at that level.
     *
     * @param n the number of samples, 0 to {@value #MAX_N}
     * @param alpha the allowed probability that the bound is on the wrong side, {@code 0 < alpha < 0.5}
     */
    static int rank(int n, double alpha) {
        if (n < 0 || n > MAX_N) {
            throw new IllegalArgumentException("n must be >= 0 and <= " + MAX_N + ", but was " + n);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be > 0 and < 0.5, but was " + alpha);
        }
        // P(X <= j) <= alpha  <=>  sum_{i <= j} C(n, i) <= alpha * 2^n, compared exactly.
        BigDecimal limit = new BigDecimal(alpha).multiply(new BigDecimal(BigInteger.TWO.pow(n)));
        BigInteger coefficient = BigInteger.ONE;
        BigInteger cumulative = BigInteger.ZERO;
        int k = 0;
        for (int j = 0; j < n; j++) {
            cumulative = cumulative.add(coefficient);
            if (new BigDecimal(cumulative).compareTo(limit) > 0) {
                break;
            }
            k = j + 1;
            coefficient = coefficient.multiply(BigInteger.valueOf(n - j)).divide(BigInteger.valueOf(j + 1));
        }
        return k;
    }

    /**
     * A lower bound on the median that is above it with probability at most {@code alpha}: the k-th
     * smallest sample, or negative infinity when there are too few samples for one.
     */
    static double lower(double[] sortedAscending, double alpha) {
        checkSorted(sortedAscending);
        int k = rank(sortedAscending.length, alpha);
        return k == 0 ? Double.NEGATIVE_INFINITY : sortedAscending[k - 1];
    }

    /**
     * An upper bound on the median that is below it with probability at most {@code alpha}: the k-th
     * largest sample, or positive infinity when there are too few samples for one.
     */
    static double upper(double[] sortedAscending, double alpha) {
        checkSorted(sortedAscending);
        int n = sortedAscending.length;
        int k = rank(n, alpha);
        return k == 0 ? Double.POSITIVE_INFINITY : sortedAscending[n - k];
    }

    private static void checkSorted(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(
                        "sortedAscending must not contain NaN, but element " + i + " was NaN");
            }
            if (i > 0 && values[i] < values[i - 1]) {
                throw new IllegalArgumentException("sortedAscending must be sorted ascending, but element " + i + " ("
                        + values[i] + ") is smaller than element " + (i - 1) + " (" + values[i - 1] + ")");
            }
        }
    }
}
