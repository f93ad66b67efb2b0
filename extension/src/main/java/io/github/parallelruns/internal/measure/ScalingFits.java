package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The scaling models fitted to a sweep's speedups: Karp-Flatt's experimentally determined serial
 * fraction per point, Amdahl's law and the Universal Scalability Law.
 *
 * <p>Both laws are fitted by least squares on their linear forms, each point weighted alike:
 * Amdahl's {@code 1/S - 1/p = f (1 - 1/p)} and the USL's {@code p/S - 1 = σ (p - 1) + κ p (p - 1)},
 * with the coefficients kept at or above 0 (a negative serial fraction or contention has no
 * meaning; superlinear points fit to 0).
 */
@API(status = INTERNAL, since = "0.1")
public final class ScalingFits {

    /** Worker counts above 1 an Amdahl fit needs: with one, it would only repeat Karp-Flatt's figure. */
    public static final int AMDAHL_MIN_POINTS = 2;

    /** Worker counts above 1 a USL fit needs: two coefficients and at least one point to spare. */
    public static final int USL_MIN_POINTS = 3;

    /** Coefficients below this are rounding noise and count as 0. */
    private static final double NEGLIGIBLE = 1e-12;

    private ScalingFits() {}

    /** One measured point: the speedup on {@code workers} workers. */
    public record Point(int workers, double speedup) {}

    /**
     * Amdahl's law fitted: {@code S(p) = 1 / (f + (1 - f) / p)}.
     *
     * @param serialFraction f in [0, 1]
     * @param maxSpeedup {@code 1 / f}, the speedup no number of workers exceeds; infinite when f is 0
     * @param rmsError the root mean square of {@code S_measured / S_fitted - 1} over the points
     */
    public record Amdahl(double serialFraction, double maxSpeedup, double rmsError) {

        public double speedup(double workers) {
            return 1 / (serialFraction + (1 - serialFraction) / workers);
        }
    }

    /**
     * The Universal Scalability Law fitted: {@code S(p) = p / (1 + σ (p - 1) + κ p (p - 1))}.
     *
     * @param contention σ >= 0, the share of work serialized by waiting on shared resources
     * @param coherency κ >= 0, the cost of keeping shared data consistent, growing with pairs of workers
     * @param peakWorkers {@code sqrt((1 - σ) / κ)}, the worker count where the speedup is highest;
     *     infinite when κ is 0 (the speedup never falls)
     * @param peakSpeedup the speedup at {@code peakWorkers}; infinite when κ is 0 and σ is 0
     * @param rmsError the root mean square of {@code S_measured / S_fitted - 1} over the points
     */
    public record Usl(double contention, double coherency, double peakWorkers, double peakSpeedup, double rmsError) {

        public double speedup(double workers) {
            return workers / (1 + contention * (workers - 1) + coherency * workers * (workers - 1));
        }
    }

    /**
     * Karp-Flatt's serial fraction {@code e = (1/S - 1/p) / (1 - 1/p)} of one point: Amdahl's f
     * solved for the measured speedup. Rising with p, it points at overhead rather than serial code.
     *
     * @return NaN for {@code workers <= 1}; infinite for a speedup of 0
     */
    public static double karpFlatt(int workers, double speedup) {
        if (workers <= 1 || Double.isNaN(speedup)) {
            return Double.NaN;
        }
        double p = workers;
        return (1 / speedup - 1 / p) / (1 - 1 / p);
    }

    /**
     * The Amdahl fit, or empty when there are fewer than {@link #AMDAHL_MIN_POINTS} points above one
     * worker. Points on 1 worker carry no information on f and are left out.
     */
    public static Optional<Amdahl> amdahl(List<Point> measured) {
        List<Point> points = fitted(measured);
        if (points.size() < AMDAHL_MIN_POINTS) {
            return Optional.empty();
        }
        double xy = 0;
        double xx = 0;
        for (Point point : points) {
            double x = 1 - 1.0 / point.workers();
            double y = 1 / point.speedup() - 1.0 / point.workers();
            xy += x * y;
            xx += x * x;
        }
        double f = Math.min(1, Math.max(0, xy / xx));
        Amdahl fit = new Amdahl(f, f == 0 ? Double.POSITIVE_INFINITY : 1 / f, 0);
        return Optional.of(new Amdahl(f, fit.maxSpeedup(), rms(points, fit::speedup)));
    }

    /**
     * The USL fit, or empty when there are fewer than {@link #USL_MIN_POINTS} points above one
     * worker.
     */
    public static Optional<Usl> usl(List<Point> measured) {
        List<Point> points = fitted(measured);
        if (points.size() < USL_MIN_POINTS) {
            return Optional.empty();
        }
        double aa = 0;
        double ab = 0;
        double bb = 0;
        double ay = 0;
        double by = 0;
        for (Point point : points) {
            double p = point.workers();
            double a = p - 1;
            double b = p * (p - 1);
            double y = p / point.speedup() - 1;
            aa += a * a;
            ab += a * b;
            bb += b * b;
            ay += a * y;
            by += b * y;
        }
        double determinant = aa * bb - ab * ab;
        double sigma = (ay * bb - by * ab) / determinant;
        double kappa = (aa * by - ab * ay) / determinant;
        if (!(sigma >= 0) || !(kappa >= 0)) {
            // The best fit with the offending coefficient held at 0, the other on its own.
            double sigmaAlone = Math.max(0, ay / aa);
            double kappaAlone = Math.max(0, by / bb);
            double errorSigma = squaredError(points, sigmaAlone, 0);
            double errorKappa = squaredError(points, 0, kappaAlone);
            if (errorSigma <= errorKappa) {
                sigma = sigmaAlone;
                kappa = 0;
            } else {
                sigma = 0;
                kappa = kappaAlone;
            }
        }
        // Rounding leaves ~1e-16 where the data hold exactly 0: that is no coherency, not a peak at 10^8 workers.
        sigma = sigma < NEGLIGIBLE ? 0 : sigma;
        kappa = kappa < NEGLIGIBLE ? 0 : kappa;
        if (sigma >= 1) {
            // All contention: no speedup at any count, and no room left for a coherency term.
            sigma = 1;
            kappa = 0;
        }
        // The peak is where adding a worker stops helping; below 1 worker it is 1 worker.
        double peak = kappa > 0 ? Math.max(1, Math.sqrt((1 - sigma) / kappa)) : Double.POSITIVE_INFINITY;
        Usl partial = new Usl(sigma, kappa, peak, 0, 0);
        double peakSpeedup = kappa > 0 ? partial.speedup(peak) : (sigma > 0 ? 1 / sigma : Double.POSITIVE_INFINITY);
        return Optional.of(new Usl(sigma, kappa, peak, peakSpeedup, rms(points, partial::speedup)));
    }

    /** The points a fit uses: above 1 worker (which says nothing about f) and with a positive speedup. */
    private static List<Point> fitted(List<Point> points) {
        return points.stream()
                .filter(point -> point.workers() > 1 && point.speedup() > 0)
                .collect(Collectors.toList());
    }

    private static double squaredError(List<Point> points, double sigma, double kappa) {
        double sum = 0;
        for (Point point : points) {
            double p = point.workers();
            double y = p / point.speedup() - 1;
            double fitted = sigma * (p - 1) + kappa * p * (p - 1);
            sum += (y - fitted) * (y - fitted);
        }
        return sum;
    }

    private static double rms(List<Point> points, DoubleUnaryOperator model) {
        double sum = 0;
        for (Point point : points) {
            double relative = point.speedup() / model.applyAsDouble(point.workers()) - 1;
            sum += relative * relative;
        }
        return Math.sqrt(sum / points.size());
    }
}
