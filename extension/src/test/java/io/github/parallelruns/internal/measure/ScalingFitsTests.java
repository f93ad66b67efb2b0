package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fits recover the coefficients of data made from the laws themselves. */
class ScalingFitsTests {

    @Test
    void karpFlattIsAmdahlsFractionSolvedForTheMeasuredSpeedup() {
        assertThat(ScalingFits.karpFlatt(4, 4.0)).isCloseTo(0.0, within(1e-12));
        assertThat(ScalingFits.karpFlatt(4, 1.0)).isCloseTo(1.0, within(1e-12));
        assertThat(ScalingFits.karpFlatt(8, 1 / (0.1 + 0.9 / 8))).isCloseTo(0.1, within(1e-12));
        assertThat(ScalingFits.karpFlatt(1, 1.0)).isNaN();
        assertThat(ScalingFits.karpFlatt(2, 0.0)).isInfinite();
    }

    @Test
    void amdahlFitRecoversTheSerialFraction() {
        List<ScalingFits.Point> points = amdahlPoints(0.1, 1, 2, 4, 8, 16);

        ScalingFits.Amdahl fit = ScalingFits.amdahl(points).orElseThrow();

        assertThat(fit.serialFraction()).isCloseTo(0.1, within(1e-9));
        assertThat(fit.maxSpeedup()).isCloseTo(10, within(1e-6));
        assertThat(fit.rmsError()).isCloseTo(0, within(1e-9));
        assertThat(fit.speedup(4)).isCloseTo(1 / (0.1 + 0.9 / 4), within(1e-9));
    }

    @Test
    void amdahlFitOfPerfectOrSuperlinearScalingHasNoSerialFraction() {
        List<ScalingFits.Point> superlinear = List.of(new ScalingFits.Point(2, 2.2), new ScalingFits.Point(4, 4.5));

        ScalingFits.Amdahl fit = ScalingFits.amdahl(superlinear).orElseThrow();

        assertThat(fit.serialFraction()).isZero();
        assertThat(fit.maxSpeedup()).isInfinite();
    }

    @Test
    void fitsNeedEnoughPointsAboveOneWorker() {
        List<ScalingFits.Point> oneAbove = amdahlPoints(0.1, 1, 2);
        List<ScalingFits.Point> twoAbove = amdahlPoints(0.1, 1, 2, 4);

        assertThat(ScalingFits.amdahl(oneAbove)).isEmpty();
        assertThat(ScalingFits.amdahl(twoAbove)).isPresent();
        assertThat(ScalingFits.usl(twoAbove)).isEmpty();
        assertThat(ScalingFits.usl(amdahlPoints(0.1, 2, 4, 8))).isPresent();
    }

    @Test
    void uslFitRecoversContentionCoherencyAndThePeak() {
        double sigma = 0.05;
        double kappa = 0.001;
        List<ScalingFits.Point> points = new ArrayList<>();
        for (int p : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            points.add(new ScalingFits.Point(p, p / (1 + sigma * (p - 1) + kappa * p * (p - 1))));
        }

        ScalingFits.Usl fit = ScalingFits.usl(points).orElseThrow();

        assertThat(fit.contention()).isCloseTo(sigma, within(1e-9));
        assertThat(fit.coherency()).isCloseTo(kappa, within(1e-9));
        assertThat(fit.peakWorkers()).isCloseTo(Math.sqrt(0.95 / 0.001), within(1e-6));
        assertThat(fit.peakSpeedup()).isCloseTo(fit.speedup(fit.peakWorkers()), within(1e-9));
        assertThat(fit.rmsError()).isCloseTo(0, within(1e-9));
    }

    @Test
    void uslFitOfAmdahlDataHasNoCoherencyAndNeverPeaks() {
        ScalingFits.Usl fit = ScalingFits.usl(amdahlPoints(0.2, 1, 2, 4, 8)).orElseThrow();

        assertThat(fit.contention()).isCloseTo(0.2, within(1e-9));
        assertThat(fit.coherency()).isCloseTo(0, within(1e-12));
        assertThat(fit.peakWorkers()).isInfinite();
        assertThat(fit.peakSpeedup()).isCloseTo(5, within(1e-6));
    }

    @Test
    void uslFitKeepsCoefficientsAtOrAboveZero() {
        List<ScalingFits.Point> superlinear =
                List.of(new ScalingFits.Point(2, 2.1), new ScalingFits.Point(4, 4.4), new ScalingFits.Point(8, 9.0));

        ScalingFits.Usl fit = ScalingFits.usl(superlinear).orElseThrow();

        assertThat(fit.contention()).isGreaterThanOrEqualTo(0);
        assertThat(fit.coherency()).isGreaterThanOrEqualTo(0);
    }

    private static List<ScalingFits.Point> amdahlPoints(double f, int... workers) {
        List<ScalingFits.Point> points = new ArrayList<>();
        for (int p : workers) {
            points.add(new ScalingFits.Point(p, 1 / (f + (1 - f) / p)));
        }
        return points;
    }
}
