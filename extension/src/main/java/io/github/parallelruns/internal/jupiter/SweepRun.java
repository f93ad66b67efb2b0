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
    record Measured(SpeedupResult result, int peakWorkers) {
    }

    private SweepRun() {
    }

    static void run(RunPlan base, SweepPlan sweep, Configuration configuration, EffectiveCores cores,
            ReportSink sink, PointMeasurer measurer) throws Throwable {
        int largest = sweep.workers().get(sweep.workers().size() - 1);
        double capacity = sweep.workload() == Workload.PROBED
                ? Math.min(cores.cores(), CapacityProbe.measure(Math.min(largest, cores.cores())))
                : cores.cores();
        RunPlan overall = sweep.pointPlan(base, largest);
        String title = "@ScalingSweep(" + sweep.describe() + ") on '" + base.name() + "'";
        if (measurer.refused().isPresent()) {
            String message = title + " (environment): INCONCLUSIVE: " + measurer.refused().get();
            Map<String, Object> record = sink.record("sweep", overall, cores);
            record.put("verdict", Verdict.INCONCLUSIVE.name());
            record.put("environmentInconclusive", true);
            record.put("reason", measurer.refused().get());
            record.put("bounds", bounds(sweep));
            sink.write(record);
            sink.publish(Map.of("parallelruns.sweep.verdict", Verdict.INCONCLUSIVE.name(), "parallelruns.sweep.reason",
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
                targets.add(new Target(plan, SpeedupRun.ceiling(plan, sweep.workload(), cores.cores(), capacity,
                        share), sweep.minSpeedup(workers)));
            }
        }
        boolean bounded = !Double.isNaN(sweep.maxSerialFraction());
        if (bounded && targets.stream().allMatch(target -> target.notJudged() != null)) {
            String message = title + " is unattainable on this machine: at no worker count of the sweep can "
                    + cores.describe() + " give the speedup a serial fraction of " + sweep.maxSerialFraction()
                    + " needs: " + targets.stream().map(target -> target.plan().workers() + " workers (needs "
                            + times(target.min()) + ", at most " + times(target.ceiling()) + " here)")
                            .collect(Collectors.joining(", "))
                    + (share == null ? "" : " (" + share.describe() + ")")
                    + ". The test was not measured. Sweep up to the cores"
                    + (share == null ? ", or declare workload = BLOCKING if the body mostly waits." : ".");
            Map<String, Object> record = sink.record("sweep", overall, cores);
            record.put("verdict", "UNATTAINABLE");
            record.put("reason", message);
            record.put("bounds", bounds(sweep));
            record.put("cpuShare", ReportSink.share(share));
            sink.write(record);
            sink.publish(Map.of("parallelruns.sweep.verdict", "UNATTAINABLE", "parallelruns.sweep.reason", message));
            throw new TestAbortedException(message);
        }

        List<SweepAnalysis.Point> points = new ArrayList<>();
        List<Map<String, Object>> recordPoints = new ArrayList<>();
        List<BaselineFile.Comparison> comparisons = new ArrayList<>();
        if (sweep.workers().get(0) == 1) {
            points.add(new SweepAnalysis.Point(1, null, Double.NaN, null));
            recordPoints.add(ReportSink.referencePoint());
        }
        for (Target target : targets) {
            int workers = target.plan().workers();
            SpeedupBounds bounds = target.bounds();
            double judgedMin = bounds == null ? Double.NaN : target.min();
            Measured measured = measurer.measure(target.plan(), bounds, share);
            points.add(new SweepAnalysis.Point(workers, measured.result(), judgedMin, target.notJudged()));
            BaselineFile.Comparison comparison = sink.compare(overall, workers, measured.result().verdict(),
                    measured.result().verdict().mostlyDisturbed(), target.ceiling());
            Map<String, Object> recordPoint = ReportSink.point(workers, measured.result(), measured.peakWorkers(),
                    target.ceiling(), judgedMin);
            recordPoint.put("notJudged", target.notJudged());
            if (share != null) {
                // Measured once for the whole sweep, before its first point.
                recordPoint.put("cpuShare", ReportSink.share(share));
            }
            recordPoint.put("baseline", ReportSink.baselineField(comparison, sink.baselineFile()));
            recordPoints.add(recordPoint);
            if (comparison != null) {
                comparisons.add(comparison);
            }
        }
        SweepAnalysis.Outcome outcome = SweepAnalysis.analyze(points, sweep.maxSerialFraction(), sweep.nonDecreasing());

        Map<String, Object> record = sink.record("sweep", overall, cores);
        record.put("verdict", outcome.verdict().name());
        record.put("environmentInconclusive", outcome.environment());
        record.put("reason", outcome.reason());
        record.put("bounds", bounds(sweep));
        record.put("points", recordPoints);
        record.put("fits", fits(outcome));
        record.put("cpuShare", ReportSink.share(share));
        BaselineFile.Comparison worst = worst(comparisons);
        record.put("baseline", ReportSink.baselineField(worst, sink.baselineFile()));
        sink.write(record);
        sink.publish(entry(outcome, points, worst));
        String table = table(points, outcome);
        System.out.println("[parallel-runs] " + sink.test() + ": sweep " + outcome.verdict() + " "
                + points.stream().map(point -> point.workers() + ":" + times(point.speedup()))
                        .collect(Collectors.joining(" "))
                + (worst == null ? "" : ", baseline " + worst.status()));

        // The reason names each check's verdict ("FAIL: serial fraction ... PASS: the speedup did not fall ...").
        String message = title + (outcome.environment() ? " (environment)" : "") + ": " + outcome.reason()
                + System.lineSeparator() + table;
        List<String> dropped = comparisons.stream()
                .filter(comparison -> comparison.status() == BaselineFile.Status.DROPPED)
                .map(BaselineFile.Comparison::message)
                .collect(Collectors.toList());
        if (outcome.verdict() == Verdict.FAIL || !dropped.isEmpty()) {
            String baseline = dropped.isEmpty() ? ""
                    : System.lineSeparator() + "  baseline: " + String.join(System.lineSeparator() + "  baseline: ",
                            dropped);
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

    private static Map<String, Object> bounds(SweepPlan sweep) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("maxSerialFraction", sweep.maxSerialFraction());
        bounds.put("nonDecreasing", sweep.nonDecreasing());
        bounds.put("workload", sweep.workload().name());
        bounds.put("workerCounts", sweep.workers());
        return bounds;
    }

    private static Map<String, Object> fits(SweepAnalysis.Outcome outcome) {
        Map<String, Object> fits = new LinkedHashMap<>();
        fits.put("amdahl", outcome.amdahl().map(fit -> {
            Map<String, Object> amdahl = new LinkedHashMap<>();
            amdahl.put("serialFraction", fit.serialFraction());
            amdahl.put("maxSpeedup", fit.maxSpeedup());
            amdahl.put("rmsError", fit.rmsError());
            return amdahl;
        }).orElse(null));
        fits.put("amdahlNote", outcome.amdahlNote());
        fits.put("usl", outcome.usl().map(fit -> {
            Map<String, Object> usl = new LinkedHashMap<>();
            usl.put("contention", fit.contention());
            usl.put("coherency", fit.coherency());
            usl.put("peakWorkers", fit.peakWorkers());
            usl.put("peakSpeedup", fit.peakSpeedup());
            usl.put("rmsError", fit.rmsError());
            return usl;
        }).orElse(null));
        fits.put("uslNote", outcome.uslNote());
        return fits;
    }

    private static Map<String, String> entry(SweepAnalysis.Outcome outcome, List<SweepAnalysis.Point> points,
            BaselineFile.Comparison worst) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("parallelruns.sweep.verdict", outcome.verdict().name());
        entry.put("parallelruns.sweep.reason", outcome.reason());
        entry.put("parallelruns.sweep.points", points.stream()
                .map(point -> point.workers() + ":" + number(point.speedup()) + "[" + number(point.lower()) + ","
                        + number(point.upper()) + "]")
                .collect(Collectors.joining(";")));
        outcome.amdahl().ifPresentOrElse(fit -> {
            entry.put("parallelruns.sweep.amdahl.serialFraction", number(fit.serialFraction()));
            entry.put("parallelruns.sweep.amdahl.maxSpeedup", number(fit.maxSpeedup()));
        }, () -> entry.put("parallelruns.sweep.amdahl", outcome.amdahlNote()));
        outcome.usl().ifPresentOrElse(fit -> {
            entry.put("parallelruns.sweep.usl.contention", number(fit.contention()));
            entry.put("parallelruns.sweep.usl.coherency", number(fit.coherency()));
            entry.put("parallelruns.sweep.usl.peakWorkers", number(fit.peakWorkers()));
        }, () -> entry.put("parallelruns.sweep.usl", outcome.uslNote()));
        if (worst != null) {
            entry.put("parallelruns.baseline.status", worst.status().name());
            entry.put("parallelruns.baseline.message", worst.message());
        }
        return entry;
    }

    /** The comparison that matters most: DROPPED, then UNCLEAR, CHANGED, NEW, PASS. */
    private static BaselineFile.Comparison worst(List<BaselineFile.Comparison> comparisons) {
        List<BaselineFile.Status> order = List.of(BaselineFile.Status.DROPPED, BaselineFile.Status.UNCLEAR,
                BaselineFile.Status.CHANGED, BaselineFile.Status.NEW, BaselineFile.Status.PASS);
        for (BaselineFile.Status status : order) {
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
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "  %7s  %8s  %-18s  %10s  %s", "workers",
                "speedup", "98% interval", "efficiency", "Karp-Flatt serial fraction"));
        for (SweepAnalysis.Point point : points) {
            text.append(nl);
            if (point.reference()) {
                text.append(String.format(Locale.ROOT, "  %7d  %8s  %-18s  %10s", 1, "1.00x", "(the baseline)",
                        "100%"));
                continue;
            }
            text.append(String.format(Locale.ROOT, "  %7d  %8s  %-18s  %9.0f%%  %s", point.workers(),
                    times(point.speedup()), "[" + times(point.lower()) + ", " + times(point.upper()) + "]",
                    100 * point.speedup() / point.workers(), fraction(point.karpFlatt()) + " ["
                            + fraction(point.karpFlattLower()) + ", " + fraction(point.karpFlattUpper()) + "]"));
        }
        text.append(nl).append("  Amdahl: ").append(outcome.amdahl()
                .map(fit -> "serial fraction " + fraction(fit.serialFraction()) + ", at most "
                        + times(fit.maxSpeedup()) + " on any number of workers")
                .orElse(outcome.amdahlNote()));
        text.append(nl).append("  USL: ").append(outcome.usl()
                .map(fit -> "contention " + fraction(fit.contention()) + ", coherency "
                        + String.format(Locale.ROOT, "%.5f", fit.coherency()) + ", "
                        + (Double.isInfinite(fit.peakWorkers()) ? "the speedup never peaks"
                                : String.format(Locale.ROOT, "peak %s at %.1f workers", times(fit.peakSpeedup()),
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
        return Double.isNaN(value) ? "NaN" : Double.isInfinite(value) ? (value > 0 ? "Infinity" : "-Infinity")
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
