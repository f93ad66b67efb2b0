package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Judges a scaling sweep from its measured points: the serial-fraction bound (each point's own
 * speedup test against the speedup Amdahl's law allows with that fraction), "the speedup does not
 * fall as workers grow", and the fits.
 *
 * <p>A fall counts only when it is clear of both points' intervals: the later point's upper bound
 * below the earlier point's lower bound, less the 5% tolerance, each bound one-sided at
 * {@link #FALL_FALSE_FAIL} / (2 × comparisons), so that a sweep whose speedup does not fall fails
 * this check with probability at most {@value #FALL_FALSE_FAIL}. A fall beyond the tolerance that is
 * not that clear leaves the check INCONCLUSIVE.
 */
@API(status = INTERNAL, since = "0.1")
public final class SweepAnalysis {

    /** The probability, per sweep, that "does not fall" fails a sweep whose speedup does not fall. */
    public static final double FALL_FALSE_FAIL = 0.01;

    private SweepAnalysis() {}

    /**
     * One worker count of a sweep.
     *
     * @param workers the worker count, {@code >= 1}
     * @param result the measurement; null for the 1-worker point, which is the baseline itself
     *     (speedup exactly 1) and is not measured
     * @param minSpeedup the speedup a serial-fraction bound asks for at this point, NaN when the point
     *     is not judged on one
     * @param notJudged why the point is not judged on the serial-fraction bound although one is set
     *     (unattainable on this machine), null otherwise
     */
    public record Point(int workers, SpeedupResult result, double minSpeedup, String notJudged) {

        public Point {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, but was " + workers);
            }
            if (result == null && workers != 1) {
                throw new IllegalArgumentException(
                        "only the 1-worker point may be unmeasured, but " + workers + " workers had no result");
            }
        }

        public boolean reference() {
            return result == null;
        }

        public double speedup() {
            return reference() ? 1 : result.verdict().speedup();
        }

        public double lower() {
            return reference() ? 1 : result.verdict().lower();
        }

        public double upper() {
            return reference() ? 1 : result.verdict().upper();
        }

        /** Karp-Flatt's serial fraction at the estimate; NaN on 1 worker. */
        public double karpFlatt() {
            return ScalingFits.karpFlatt(workers, speedup());
        }

        /**
         * The serial fraction at the interval's upper end (the lowest fraction the data allow); NaN
         * when the interval has no upper end (too few pairs).
         */
        public double karpFlattLower() {
            return Double.isInfinite(upper()) ? Double.NaN : ScalingFits.karpFlatt(workers, upper());
        }

        /** The serial fraction at the interval's lower end (the highest fraction the data allow). */
        public double karpFlattUpper() {
            return ScalingFits.karpFlatt(workers, lower());
        }

        boolean mostlyDisturbed() {
            return !reference() && result.verdict().mostlyDisturbed();
        }
    }

    /**
     * What a sweep shows.
     *
     * @param verdict FAIL when a check failed, else INCONCLUSIVE when one could not decide, else PASS;
     *     MEASURED when nothing was asserted
     * @param reason one paragraph, a sentence per check
     * @param environment whether an INCONCLUSIVE verdict is the machine's doing
     * @param amdahl the Amdahl fit, empty with {@code amdahlNote} saying why
     * @param usl the USL fit, empty with {@code uslNote} saying why
     */
    public record Outcome(
            Verdict verdict,
            String reason,
            boolean environment,
            Optional<ScalingFits.Amdahl> amdahl,
            String amdahlNote,
            Optional<ScalingFits.Usl> usl,
            String uslNote) {

        public Outcome {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param points ascending by workers, distinct
     * @param maxSerialFraction the bound, NaN for none
     * @param nonDecreasing whether the speedup must not fall as workers grow
     */
    public static Outcome analyze(List<Point> points, double maxSerialFraction, boolean nonDecreasing) {
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).workers() <= points.get(i - 1).workers()) {
                throw new IllegalArgumentException("points must be ascending and distinct by workers, but "
                        + points.get(i).workers() + " followed "
                        + points.get(i - 1).workers());
            }
        }
        List<Check> checks = new ArrayList<>();
        if (!Double.isNaN(maxSerialFraction)) {
            checks.add(serialFraction(points, maxSerialFraction));
        }
        if (nonDecreasing) {
            checks.add(nonDecreasing(points));
        }
        Verdict verdict = checks.isEmpty() ? Verdict.MEASURED : Verdict.PASS;
        boolean environment = false;
        for (Check check : checks) {
            if (check.verdict == Verdict.FAIL) {
                verdict = Verdict.FAIL;
            } else if (check.verdict == Verdict.INCONCLUSIVE && verdict != Verdict.FAIL) {
                verdict = Verdict.INCONCLUSIVE;
            }
        }
        if (verdict == Verdict.INCONCLUSIVE) {
            environment = checks.stream().anyMatch(check -> check.verdict == Verdict.INCONCLUSIVE && check.environment);
        }
        StringBuilder reason = new StringBuilder();
        for (Check check : checks) {
            reason.append(reason.length() > 0 ? "; and " : "")
                    .append(check.verdict)
                    .append(": ")
                    .append(check.reason);
        }
        if (checks.isEmpty()) {
            reason.append("nothing asserted: maxSerialFraction is not set and nonDecreasing is false");
        }

        List<ScalingFits.Point> fitPoints = new ArrayList<>();
        for (Point point : points) {
            if (point.reference() || Double.isFinite(point.speedup()) && point.speedup() > 0) {
                fitPoints.add(new ScalingFits.Point(point.workers(), point.speedup()));
            }
        }
        long above1 = fitPoints.stream().filter(point -> point.workers() > 1).count();
        Optional<ScalingFits.Amdahl> amdahl = ScalingFits.amdahl(fitPoints);
        Optional<ScalingFits.Usl> usl = ScalingFits.usl(fitPoints);
        String amdahlNote = amdahl.isPresent()
                ? "fitted to " + above1 + " worker counts above 1"
                : tooFew("an Amdahl fit", ScalingFits.AMDAHL_MIN_POINTS, above1);
        String uslNote = usl.isPresent()
                ? "fitted to " + above1 + " worker counts above 1"
                : tooFew("a Universal Scalability Law fit", ScalingFits.USL_MIN_POINTS, above1);
        return new Outcome(verdict, reason.toString(), environment, amdahl, amdahlNote, usl, uslNote);
    }

    private static String tooFew(String fit, int needed, long have) {
        return "too few points for " + fit + ": it needs speedups at " + needed
                + " or more worker counts above 1, this sweep has " + have;
    }

    private static Check serialFraction(List<Point> points, double bound) {
        List<Point> judged = new ArrayList<>();
        List<String> notJudged = new ArrayList<>();
        for (Point point : points) {
            if (point.reference()) {
                continue;
            }
            if (point.notJudged() != null) {
                notJudged.add(point.workers() + " workers (" + point.notJudged() + ")");
            } else if (!Double.isNaN(point.minSpeedup())) {
                judged.add(point);
            }
        }
        String skipped = notJudged.isEmpty() ? "" : "; not judged: " + String.join(", ", notJudged);
        if (judged.isEmpty()) {
            return new Check(
                    Verdict.INCONCLUSIVE,
                    "serial fraction at most " + number(bound) + " could not be judged at any worker count" + skipped,
                    false);
        }
        List<Point> failed = new ArrayList<>();
        for (Point point : judged) {
            if (point.result().verdict().verdict() == Verdict.FAIL) {
                failed.add(point);
            }
        }
        if (!failed.isEmpty()) {
            Point first = failed.get(0);
            String where =
                    failed.stream()
                                    .map(point -> String.valueOf(point.workers()))
                                    .collect(Collectors.joining(", ")) + " workers";
            return new Check(
                    Verdict.FAIL,
                    "serial fraction at most " + number(bound) + " failed on " + where
                            + "; on " + first.workers() + " workers: " + describe(first) + ", below "
                            + times(first.minSpeedup()) + ", the speedup Amdahl's law allows there with that fraction ("
                            + first.result().verdict().reason() + ")" + skipped,
                    false);
        }
        for (Point point : judged) {
            SpeedupVerdict verdict = point.result().verdict();
            if (verdict.verdict() != Verdict.PASS) {
                return new Check(
                        Verdict.INCONCLUSIVE,
                        "serial fraction at most " + number(bound)
                                + " could not be shown on " + point.workers() + " workers (at least "
                                + times(point.minSpeedup()) + " needed): " + verdict.reason() + skipped,
                        verdict.environment());
            }
        }
        StringBuilder shown = new StringBuilder();
        for (Point point : judged) {
            shown.append(shown.length() > 0 ? ", " : "")
                    .append(point.workers())
                    .append(" workers ")
                    .append(describe(point));
        }
        return new Check(
                Verdict.PASS,
                "serial fraction at most " + number(bound) + " on every worker count: " + shown + skipped,
                false);
    }

    private static Check nonDecreasing(List<Point> points) {
        int comparisons = points.size() - 1;
        if (comparisons < 1) {
            return new Check(
                    Verdict.INCONCLUSIVE,
                    "a fall needs two worker counts to compare, the sweep has " + points.size(),
                    false);
        }
        double alpha = FALL_FALSE_FAIL / (2.0 * comparisons);
        double keep = 1 - SpeedupBounds.DEFAULT_TOLERANCE;
        String unclear = null;
        boolean unclearEnvironment = false;
        for (int i = 1; i < points.size(); i++) {
            Point before = points.get(i - 1);
            Point after = points.get(i);
            double beforeLow = strictLower(before, alpha);
            double afterHigh = strictUpper(after, alpha);
            String fell = "the speedup fell from " + times(before.speedup()) + " on " + before.workers()
                    + " workers to " + times(after.speedup()) + " on " + after.workers();
            if (afterHigh < beforeLow * keep) {
                if (before.mostlyDisturbed() || after.mostlyDisturbed()) {
                    unclear = fell + ", but more than a quarter of the pairs were disturbed by the machine";
                    unclearEnvironment = true;
                    continue;
                }
                return new Check(
                        Verdict.FAIL,
                        fell + " (upper bound " + times(afterHigh) + " below " + times(beforeLow)
                                + " less 5%, bounds at " + percent(1 - alpha) + " one-sided)",
                        false);
            }
            if (after.speedup() < before.speedup() * keep && unclear == null) {
                unclear = fell + ", by more than 5%, but not clear of the intervals ("
                        + (Double.isInfinite(afterHigh)
                                ? "too few pairs for bounds at " + percent(1 - alpha)
                                : "upper bound " + times(afterHigh) + " against " + times(beforeLow) + " less 5%")
                        + ")";
            }
        }
        if (unclear != null) {
            return new Check(Verdict.INCONCLUSIVE, unclear, unclearEnvironment);
        }
        return new Check(
                Verdict.PASS,
                "the speedup did not fall as workers grew ("
                        + points.stream()
                                .map(point -> point.workers() + ": " + times(point.speedup()))
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("")
                        + ")",
                false);
    }

    private static double strictLower(Point point, double alpha) {
        if (point.reference()) {
            return 1;
        }
        double[] ratios = PairStatistics.of(point.result().pairs()).logRatios();
        return ratios.length == 0 ? 0 : Math.exp(SignTestInterval.lower(ratios, alpha));
    }

    private static double strictUpper(Point point, double alpha) {
        if (point.reference()) {
            return 1;
        }
        double[] ratios = PairStatistics.of(point.result().pairs()).logRatios();
        return ratios.length == 0 ? Double.POSITIVE_INFINITY : Math.exp(SignTestInterval.upper(ratios, alpha));
    }

    private static String describe(Point point) {
        return times(point.speedup()) + " [" + times(point.lower()) + ", " + times(point.upper())
                + "], Karp-Flatt serial fraction " + number(point.karpFlatt()) + " [" + number(point.karpFlattLower())
                + ", " + number(point.karpFlattUpper()) + "]";
    }

    private static String times(double speedup) {
        return Double.isInfinite(speedup) ? "∞" : String.format(Locale.ROOT, "%.2fx", speedup);
    }

    private static String number(double value) {
        return Double.isInfinite(value) ? "∞" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private record Check(Verdict verdict, String reason, boolean environment) {}
}
