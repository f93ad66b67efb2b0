package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Verdict;
import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.config.SweepPlan;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.CapacityProbe;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.SweepAnalysis;
import io.github.parallelruns.internal.report.BaselineFile;
import io.github.parallelruns.internal.report.model.BaselineStatus;
import io.github.parallelruns.internal.report.model.Bounds;
import io.github.parallelruns.internal.report.model.Findings;
import io.github.parallelruns.internal.report.model.Fits;
import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.ReportVerdict;
import io.github.parallelruns.internal.report.model.SweepCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A {@code @ScalingSweep} test: one speedup measurement per worker count above 1, then the checks,
 * the fits, the report and the test's outcome.
 */
final class SweepRun {

    /** Measures the points of the sweep. */
    interface PointMeasurer {
        /**
         * @param plan the run plan of the point (its worker count)
         * @param bounds the serial-fraction bound as a speedup bound, null to estimate only
         * @param share the body's CPU share when the workload is AUTO, else null
         */
        Measured measure(RunPlan plan, SpeedupBounds bounds, CpuShare share) throws Throwable;

        /** The body's CPU share on the run plan {@code plan} (the sweep's largest point). */
        CpuShare share(RunPlan plan) throws Throwable;

        /** Why nothing of the sweep may be measured (its turn never came), if so. */
        Optional<String> refused();
    }

    /** A measured point and the most workers that ran the body at once in it. */
    record Measured(SpeedupResult result, int peakWorkers) {}

    private SweepRun() {}

    static void run(
            RunPlan base,
            SweepPlan sweep,
            Configuration configuration,
            EffectiveCores cores,
            ReportSink sink,
            PointMeasurer measurer)
            throws Throwable {
        int largest = sweep.workers().get(sweep.workers().size() - 1);
        double capacity = sweep.workload() == Workload.PROBED
                ? Math.min(cores.cores(), CapacityProbe.measure(Math.min(largest, cores.cores())))
                : cores.cores();
        RunPlan overall = sweep.pointPlan(base, largest);
        String title = "@ScalingSweep(" + sweep.describe() + ") on '" + base.name() + "'";
        if (measurer.refused().isPresent()) {
            String message = title + " (environment): INCONCLUSIVE: "
                    + measurer.refused().get();
            sink.write(
                    RecordKind.SWEEP,
                    overall,
                    cores,
                    new Findings(
                            Optional.of(ReportVerdict.INCONCLUSIVE),
                            true,
                            measurer.refused(),
                            Optional.of(bounds(sweep)),
                            List.of(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty()));
            sink.publish(Map.of(
                    "parallelruns.sweep.verdict",
                    ReportVerdict.INCONCLUSIVE.name(),
                    "parallelruns.sweep.reason",
                    measurer.refused().get()));
            System.out.println("[parallel-runs] " + sink.test() + ": sweep INCONCLUSIVE (not measured)");
            SpeedupRun.concludeInconclusive(configuration, message, sink);
            return;
        }
        // One share for all points: every point runs the same body, and the baseline is the same.
        CpuShare share = sweep.workload() == Workload.AUTO ? measurer.share(overall) : null;

        List<Target> targets = new ArrayList<>();
        for (int workers : sweep.workers()) {
            if (workers > 1) {
                RunPlan plan = sweep.pointPlan(base, workers);
                targets.add(new Target(
                        plan,
                        SpeedupRun.ceiling(plan, sweep.workload(), cores.cores(), capacity, share),
                        sweep.minSpeedup(workers)));
            }
        }
        boolean bounded = !Double.isNaN(sweep.maxSerialFraction());
        if (bounded && targets.stream().allMatch(target -> target.notJudged() != null)) {
            String message = title + " is unattainable on this machine: at no worker count of the sweep can "
                    + cores.describe() + " give the speedup a serial fraction of " + sweep.maxSerialFraction()
                    + " needs: "
                    + targets.stream()
                            .map(target -> target.plan().workers() + " workers (needs " + times(target.min())
                                    + ", at most " + times(target.ceiling()) + " here)")
                            .collect(Collectors.joining(", "))
                    + (share == null ? "" : " (" + share.describe() + ")")
                    + ". The test was not measured. Sweep up to the cores"
                    + (share == null ? ", or declare workload = BLOCKING if the body mostly waits." : ".");
            sink.write(
                    RecordKind.SWEEP,
                    overall,
                    cores,
                    Findings.unattainable(
                            message, bounds(sweep), Optional.ofNullable(share).map(ReportRecords::share)));
            sink.publish(Map.of(
                    "parallelruns.sweep.verdict",
                    ReportVerdict.UNATTAINABLE.name(),
                    "parallelruns.sweep.reason",
                    message));
            throw new TestAbortedException(message);
        }

        List<SweepAnalysis.Point> points = new ArrayList<>();
        List<Point> recordPoints = new ArrayList<>();
        List<BaselineFile.Comparison> comparisons = new ArrayList<>();
        if (sweep.workers().get(0) == 1) {
            points.add(new SweepAnalysis.Point(1, null, Double.NaN, null));
            recordPoints.add(ReportRecords.referencePoint());
        }
        for (Target target : targets) {
            int workers = target.plan().workers();
            SpeedupBounds bounds = target.bounds();
            double judgedMin = bounds == null ? Double.NaN : target.min();
            Measured measured = measurer.measure(target.plan(), bounds, share);
            points.add(new SweepAnalysis.Point(workers, measured.result(), judgedMin, target.notJudged()));
            BaselineFile.Comparison comparison = sink.compare(
                    overall,
                    workers,
                    measured.result().verdict(),
                    measured.result().verdict().mostlyDisturbed(),
                    target.ceiling());
            // With AUTO, the share was measured once for the whole sweep, before its first point.
            recordPoints.add(ReportRecords.point(
                    workers,
                    measured.result(),
                    measured.peakWorkers(),
                    target.ceiling(),
                    judgedMin,
                    share != null ? Optional.of(share) : measured.result().share(),
                    Optional.of(new SweepCheck(
                            Optional.ofNullable(target.notJudged()),
                            ReportRecords.baseline(comparison, sink.baselineFile())))));
            if (comparison != null) {
                comparisons.add(comparison);
            }
        }
        SweepAnalysis.Outcome outcome = SweepAnalysis.analyze(points, sweep.maxSerialFraction(), sweep.nonDecreasing());

        BaselineFile.Comparison worst = worst(comparisons);
        sink.write(
                RecordKind.SWEEP,
                overall,
                cores,
                new Findings(
                        Optional.of(ReportRecords.verdict(outcome.verdict())),
                        outcome.environment(),
                        Optional.of(outcome.reason()),
                        Optional.of(bounds(sweep)),
                        recordPoints,
                        Optional.of(fits(outcome)),
                        Optional.empty(),
                        ReportRecords.baseline(worst, sink.baselineFile()),
                        Optional.of(new Findings.RecordShare(
                                Optional.ofNullable(share).map(ReportRecords::share)))));
        sink.publish(entry(outcome, points, worst));
        String table = table(points, outcome);
        System.out.println("[parallel-runs] " + sink.test() + ": sweep " + outcome.verdict() + " "
                + points.stream()
                        .map(point -> point.workers() + ":" + times(point.speedup()))
                        .collect(Collectors.joining(" "))
                + (worst == null ? "" : ", baseline " + worst.status()));

        // The reason names each check's verdict ("FAIL: serial fraction ... PASS: the speedup did not fall ...").
        String message = title + (outcome.environment() ? " (environment)" : "") + ": " + outcome.reason()
                + System.lineSeparator() + table;
        List<String> dropped = comparisons.stream()
                .filter(comparison -> comparison.status() == BaselineStatus.DROPPED)
                .map(BaselineFile.Comparison::message)
                .collect(Collectors.toList());
        if (outcome.verdict() == Verdict.FAIL || !dropped.isEmpty()) {
            String baseline = dropped.isEmpty()
                    ? ""
                    : System.lineSeparator() + "  baseline: "
                            + String.join(System.lineSeparator() + "  baseline: ", dropped);
            throw new AssertionFailedError(message + baseline);
        }
        if (outcome.verdict() == Verdict.INCONCLUSIVE) {
            SpeedupRun.concludeInconclusive(configuration, message, sink);
        }
    }

    /**
     * A worker count above 1: its plan, the most this machine can give there, and the speedup a
     * serial-fraction bound asks for (NaN without one).
     */
    private record Target(RunPlan plan, double ceiling, double min) {

        /** Why the bound is not judged here (the machine cannot reach it), or null. */
        String notJudged() {
            return !Double.isNaN(min) && min * (1 - SpeedupBounds.DEFAULT_TOLERANCE) > ceiling
                    ? "unattainable here: needs " + times(min) + ", this machine gives at most " + times(ceiling)
                    : null;
        }

        /** The bound the point is measured against, or null to estimate only. */
        SpeedupBounds bounds() {
            return Double.isNaN(min) || notJudged() != null ? null : SpeedupBounds.atLeast(min);
        }
    }

    private static Bounds.Sweep bounds(SweepPlan sweep) {
        return new Bounds.Sweep(
                sweep.maxSerialFraction(), sweep.nonDecreasing(), Optional.of(sweep.workload()), sweep.workers());
    }

    private static Fits fits(SweepAnalysis.Outcome outcome) {
        return new Fits(
                outcome.amdahl().map(fit -> new Fits.Amdahl(fit.serialFraction(), fit.maxSpeedup(), fit.rmsError())),
                outcome.amdahlNote(),
                outcome.usl()
                        .map(fit -> new Fits.Usl(
                                fit.contention(),
                                fit.coherency(),
                                fit.peakWorkers(),
                                fit.peakSpeedup(),
                                fit.rmsError())),
                outcome.uslNote());
    }

    private static Map<String, String> entry(
            SweepAnalysis.Outcome outcome, List<SweepAnalysis.Point> points, BaselineFile.Comparison worst) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("parallelruns.sweep.verdict", outcome.verdict().name());
        entry.put("parallelruns.sweep.reason", outcome.reason());
        entry.put(
                "parallelruns.sweep.points",
                points.stream()
                        .map(point -> point.workers() + ":" + number(point.speedup()) + "[" + number(point.lower())
                                + "," + number(point.upper()) + "]")
                        .collect(Collectors.joining(";")));
        outcome.amdahl()
                .ifPresentOrElse(
                        fit -> {
                            entry.put("parallelruns.sweep.amdahl.serialFraction", number(fit.serialFraction()));
                            entry.put("parallelruns.sweep.amdahl.maxSpeedup", number(fit.maxSpeedup()));
                        },
                        () -> entry.put("parallelruns.sweep.amdahl", outcome.amdahlNote()));
        outcome.usl()
                .ifPresentOrElse(
                        fit -> {
                            entry.put("parallelruns.sweep.usl.contention", number(fit.contention()));
                            entry.put("parallelruns.sweep.usl.coherency", number(fit.coherency()));
                            entry.put("parallelruns.sweep.usl.peakWorkers", number(fit.peakWorkers()));
                        },
                        () -> entry.put("parallelruns.sweep.usl", outcome.uslNote()));
        if (worst != null) {
            entry.put("parallelruns.baseline.status", worst.status().name());
            entry.put("parallelruns.baseline.message", worst.message());
        }
        return entry;
    }

    /** The comparison that matters most: DROPPED, then UNCLEAR, CHANGED, NEW, PASS. */
    private static BaselineFile.Comparison worst(List<BaselineFile.Comparison> comparisons) {
        List<BaselineStatus> order = List.of(
                BaselineStatus.DROPPED,
                BaselineStatus.UNCLEAR,
                BaselineStatus.CHANGED,
                BaselineStatus.NEW,
                BaselineStatus.PASS);
        for (BaselineStatus status : order) {
            for (BaselineFile.Comparison comparison : comparisons) {
                if (comparison.status() == status) {
                    return comparison;
                }
            }
        }
        return null;
    }

    /** The points as a small table, and the fits. */
    static String table(List<SweepAnalysis.Point> points, SweepAnalysis.Outcome outcome) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "  %7s  %8s  %-18s  %10s  %s",
                "workers",
                "speedup",
                "98% interval",
                "efficiency",
                "Karp-Flatt serial fraction"));
        for (SweepAnalysis.Point point : points) {
            text.append(nl);
            if (point.reference()) {
                text.append(
                        String.format(Locale.ROOT, "  %7d  %8s  %-18s  %10s", 1, "1.00x", "(the baseline)", "100%"));
                continue;
            }
            text.append(String.format(
                    Locale.ROOT,
                    "  %7d  %8s  %-18s  %9.0f%%  %s",
                    point.workers(),
                    times(point.speedup()),
                    "[" + times(point.lower()) + ", " + times(point.upper()) + "]",
                    100 * point.speedup() / point.workers(),
                    fraction(point.karpFlatt()) + " [" + fraction(point.karpFlattLower()) + ", "
                            + fraction(point.karpFlattUpper()) + "]"));
        }
        text.append(nl)
                .append("  Amdahl: ")
                .append(outcome.amdahl()
                        .map(fit -> "serial fraction " + fraction(fit.serialFraction()) + ", at most "
                                + times(fit.maxSpeedup()) + " on any number of workers")
                        .orElse(outcome.amdahlNote()));
        text.append(nl)
                .append("  USL: ")
                .append(outcome.usl()
                        .map(fit -> "contention " + fraction(fit.contention()) + ", coherency "
                                + String.format(Locale.ROOT, "%.5f", fit.coherency()) + ", "
                                + (Double.isInfinite(fit.peakWorkers())
                                        ? "the speedup never peaks"
                                        : String.format(
                                                Locale.ROOT,
                                                "peak %s at %.1f workers",
                                                times(fit.peakSpeedup()),
                                                fit.peakWorkers())))
                        .orElse(outcome.uslNote()));
        return text.toString();
    }

    private static String times(double speedup) {
        return SpeedupFacts.times(speedup);
    }

    private static String fraction(double value) {
        return Double.isNaN(value) ? "—" : Double.isInfinite(value) ? "∞" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String number(double value) {
        return Double.isNaN(value)
                ? "NaN"
                : Double.isInfinite(value)
                        ? (value > 0 ? "Infinity" : "-Infinity")
                        : String.format(Locale.ROOT, "%.4f", value);
    }
}
