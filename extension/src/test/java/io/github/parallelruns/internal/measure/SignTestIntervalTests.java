package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order-statistic bounds: exact ranks, and coverage that holds for skewed data. */
class SignTestIntervalTests {

    private static final double FAIL_LEVEL = 0.001 / 5;
    private static final double PASS_LEVEL = 0.05 / 5;

    @Test
    void ranksAtTheFailLevelOfEachLook() {
        // 2^-8 and 2^-12 exceed 0.0002: no FAIL can come before 18 pairs.
        assertThat(SignTestInterval.rank(8, FAIL_LEVEL)).isZero();
        assertThat(SignTestInterval.rank(12, FAIL_LEVEL)).isZero();
        // P(X <= 1) = 19 / 2^18 = 0.0000725 <= 0.0002 < P(X <= 2) = 172 / 2^18: a FAIL needs 17 of 18 below.
        assertThat(SignTestInterval.rank(18, FAIL_LEVEL)).isEqualTo(2);
        assertThat(SignTestInterval.rank(27, FAIL_LEVEL)).isEqualTo(5);
        assertThat(SignTestInterval.rank(40, FAIL_LEVEL)).isEqualTo(9);
    }

    @Test
    void ranksAtThePassLevelOfEachLook() {
        assertThat(SignTestInterval.rank(8, PASS_LEVEL)).isEqualTo(1);
        assertThat(SignTestInterval.rank(12, PASS_LEVEL)).isEqualTo(2);
        assertThat(SignTestInterval.rank(18, PASS_LEVEL)).isEqualTo(4);
        assertThat(SignTestInterval.rank(27, PASS_LEVEL)).isEqualTo(8);
        assertThat(SignTestInterval.rank(40, PASS_LEVEL)).isEqualTo(13);
    }

    @Test
    void rankIsTheLargestWhoseTailStaysWithinAlpha() {
        for (int n : new int[] {1, 5, 8, 18, 40, 100}) {
            for (double alpha : new double[] {0.0002, 0.001, 0.01, 0.025, 0.05, 0.2}) {
                int k = SignTestInterval.rank(n, alpha);
                assertThat(binomialCdf(n, k - 1))
                        .as("n %d alpha %s k %d", n, alpha, k)
                        .isLessThanOrEqualTo(alpha);
                assertThat(binomialCdf(n, k))
                        .as("n %d alpha %s k %d", n, alpha, k)
                        .isGreaterThan(alpha);
            }
        }
    }

    @Test
    void aTailExactlyAtAlphaCountsAsWithin() {
        double oneIn256 = 1.0 / 256;

        assertThat(SignTestInterval.rank(8, oneIn256)).isEqualTo(1);
        assertThat(SignTestInterval.rank(8, Math.nextDown(oneIn256))).isZero();
    }

    @Test
    void worksUpToAThousandSamples() {
        int k = SignTestInterval.rank(1000, 0.01);

        // Normal approximation: 500 - 2.326 * sqrt(250) = 463.2.
        assertThat(k).isBetween(460, 466);
        assertThat(SignTestInterval.rank(0, 0.01)).isZero();
    }

    @Test
    void boundsAreOrderStatistics() {
        double[] values = new double[18];
        Arrays.setAll(values, i -> i + 1);

        assertThat(SignTestInterval.lower(values, FAIL_LEVEL)).isEqualTo(2);
        assertThat(SignTestInterval.upper(values, FAIL_LEVEL)).isEqualTo(17);
        assertThat(SignTestInterval.lower(values, PASS_LEVEL)).isEqualTo(4);
        assertThat(SignTestInterval.upper(values, PASS_LEVEL)).isEqualTo(15);
    }

    @Test
    void tooFewSamplesGiveNoBound() {
        double[] values = {1, 2, 3, 4, 5, 6, 7, 8};

        assertThat(SignTestInterval.lower(values, FAIL_LEVEL)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(SignTestInterval.upper(values, FAIL_LEVEL)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SignTestInterval.lower(new double[0], PASS_LEVEL)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void oneSidedBoundsCoverTheMedianOfSkewedData() {
        Random random = new Random(20240611L);
        double logMedian = Math.log(1.7);
        double trueLogMedian = logMedian + 0.3 * inverseNormalOfMixtureMedian();
        int repetitions = 2000;
        for (int n : new int[] {12, 27, 40}) {
            for (double alpha : new double[] {PASS_LEVEL, 0.05}) {
                int lowerMisses = 0;
                int upperMisses = 0;
                for (int repetition = 0; repetition < repetitions; repetition++) {
                    double[] logs = new double[n];
                    for (int i = 0; i < n; i++) {
                        // Log-normal ratios with a heavy right tail from occasional slow baselines.
                        logs[i] = logMedian + 0.3 * random.nextGaussian() + (random.nextDouble() < 0.1 ? 0.8 : 0);
                    }
                    Arrays.sort(logs);
                    if (SignTestInterval.lower(logs, alpha) > trueLogMedian) {
                        lowerMisses++;
                    }
                    if (SignTestInterval.upper(logs, alpha) < trueLogMedian) {
                        upperMisses++;
                    }
                }
                double margin = 0.01;
                assertThat((double) lowerMisses / repetitions)
                        .as("lower, n %d alpha %s", n, alpha)
                        .isLessThanOrEqualTo(alpha + margin);
                assertThat((double) upperMisses / repetitions)
                        .as("upper, n %d alpha %s", n, alpha)
                        .isLessThanOrEqualTo(alpha + margin);
            }
        }
    }

    @Test
    void rejectsWhatIsNotASortedSample() {
        assertThatThrownBy(() -> SignTestInterval.lower(new double[] {2, 1}, PASS_LEVEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "sortedAscending must be sorted ascending, but element 1 (1.0) is smaller than element 0 (2.0)");
        assertThatThrownBy(() -> SignTestInterval.upper(new double[] {1, Double.NaN}, PASS_LEVEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sortedAscending must not contain NaN, but element 1 was NaN");
        assertThatThrownBy(() -> SignTestInterval.rank(8, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be > 0 and < 0.5, but was 0.5");
        assertThatThrownBy(() -> SignTestInterval.rank(1001, 0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be >= 0 and <= 1000, but was 1001");
    }

    /**
     * The median of the mixture 0.9 N(0, 1) + 0.1 N(0.8 / 0.3, 1), in units of the standard deviation,
     * found by bisection so that the test knows the true median it covers.
     */
    private static double inverseNormalOfMixtureMedian() {
        double low = -1;
        double high = 1;
        for (int i = 0; i < 60; i++) {
            double middle = (low + high) / 2;
            double cdf = 0.9 * normalCdf(middle) + 0.1 * normalCdf(middle - 0.8 / 0.3);
            if (cdf < 0.5) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    private static double normalCdf(double x) {
        // Abramowitz and Stegun 26.2.17, accurate to 7.5e-8.
        double t = 1 / (1 + 0.2316419 * Math.abs(x));
        double density = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
        double tail = density
                * t
                * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return x >= 0 ? 1 - tail : tail;
    }

    /** P(Binomial(n, 1/2) <= k) in plain doubles, independent of the exact code under test. */
    private static double binomialCdf(int n, int k) {
        double sum = 0;
        double coefficient = 1;
        for (int j = 0; j <= k && j <= n; j++) {
            sum += coefficient;
            coefficient = coefficient * (n - j) / (j + 1);
        }
        return k < 0 ? 0 : sum / Math.pow(2, n);
    }
}
