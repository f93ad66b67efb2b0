package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.ExpectSpeedup.Workload;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.config.SpeedupPlan;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.CapacityProbe;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.MachineCounters;
import io.github.parallelruns.internal.measure.MeasurementSettings;
import io.github.parallelruns.internal.measure.SideRunner;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupCeiling;
import io.github.parallelruns.internal.measure.SpeedupMeasurement;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.Verdict;
import java.security.SecureRandom;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import io.github.parallelruns.internal.report.BaselineFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * An {@code @ExpectSpeedup} test: checks that the bound can be reached on this machine, measures
 * baseline and parallel sides in pairs, publishes the figures and turns the verdict into the test's
 * outcome.
 */
final class SpeedupRun {

    /** A bound this close to the ceiling is warned about: the test will often be INCONCLUSIVE. */
    private static final double NEAR_CEILING = 0.9;

    private final RunPlan plan;
    private final SpeedupPlan speedup;
    private final Configuration configuration;
    private final EffectiveCores cores;
    private final SpeedupFacts facts;
    private final ReportSink sink;
    private final double ceiling;

    private SpeedupRun(RunPlan plan, SpeedupPlan speedup, Configuration configuration, EffectiveCores cores,
            SpeedupFacts facts, ReportSink sink, double ceiling) {
        this.plan = plan;
        this.speedup = speedup;
        this.configuration = configuration;
        this.cores = cores;
        this.facts = facts;
        this.sink = sink;
        this.ceiling = ceiling;
    }

    /** Measures on {@code sides} and turns the verdict into the test's outcome. */
    static <S extends SideRunner & PeakWorkers> void run(RunPlan plan, SpeedupPlan speedup, Configuration configuration,
            EffectiveCores cores, S sides, ReportSink sink) throws Throwable {
        SpeedupRun run = prepare(plan, speedup, configuration, cores, sink);
        run.conclude(run.measure(sides), sides.peakWorkers());
    }

    /**
     * Checks, before anything runs, that this machine can reach the bound.
     *
     * @throws TestAbortedException when it cannot
     */
    static SpeedupRun prepare(RunPlan plan, SpeedupPlan speedup, Configuration configuration, EffectiveCores cores,
            ReportSink sink) {
        double capacity = speedup.workload() == Workload.PROBED
                ? Math.min(cores.cores(), CapacityProbe.measure(Math.min(plan.workers(), cores.cores())))
                : cores.cores();
        double ceiling = ceiling(plan, speedup.workload(), cores.cores(), capacity);
        SpeedupFacts facts = new SpeedupFacts(plan, speedup, cores, capacity, ceiling);
        if (speedup.min() * (1 - SpeedupBounds.DEFAULT_TOLERANCE) > ceiling) {
            sink.publish(facts.unattainableEntry());
            Map<String, Object> record = sink.record("speedup", plan, cores);
            record.put("verdict", "UNATTAINABLE");
            record.put("reason", facts.unattainableMessage());
            record.put("bounds", bounds(speedup));
            sink.write(record);
            throw new TestAbortedException(facts.unattainableMessage());
        }
        if (speedup.min() > NEAR_CEILING * ceiling) {
            String warning = facts.nearCeilingWarning();
            System.err.println(warning);
            sink.publish(Map.of("parallelruns.speedup.warning", warning));
        }
        return new SpeedupRun(plan, speedup, configuration, cores, facts, sink, ceiling);
    }

    SpeedupResult measure(SideRunner sides) throws Throwable {
        SpeedupBounds bounds = new SpeedupBounds(speedup.min(), speedup.max(), SpeedupBounds.DEFAULT_TOLERANCE);
        return measure(sides, bounds, configuration.speedupBudget(), cpuThreads(plan, speedup.workload()),
                cores.cores());
    }

    /** One measurement on {@code sides}; {@code bounds} null to estimate only. */
    static SpeedupResult measure(SideRunner sides, SpeedupBounds bounds, java.time.Duration budget, int busyThreads,
            int cores) throws Throwable {
        return measure(sides, bounds, budget, busyThreads, cores, 0);
    }

    /** As above, with at least {@code minPairs} measured pairs, budget permitting. */
    static SpeedupResult measure(SideRunner sides, SpeedupBounds bounds, java.time.Duration budget, int busyThreads,
            int cores, int minPairs) throws Throwable {
        MeasurementSettings settings = new MeasurementSettings(bounds, budget,
                MeasurementSettings.DEFAULT_MIN_SIDE_NANOS, busyThreads, cores, minPairs);
        return SpeedupMeasurement.measure(sides, settings, MachineCounters.ofThisMachine(), System::nanoTime,
                new Random(new SecureRandom().nextLong()));
    }

    /** Publishes the figures, then passes, fails or aborts the test as the verdict says. */
    void conclude(SpeedupResult result, int peak) {
        int expectedPeak = expectedPeak(plan, speedup.workload(), cores.cores());
        SpeedupVerdict figures = result.verdict();
        Verdict verdict = figures.verdict();
        boolean overlapMissing = speedup.min() > 1 && peak < expectedPeak;
        BaselineFile.Comparison comparison = sink.compare(plan, plan.workers(), figures, figures.mostlyDisturbed(),
                ceiling);

        Map<String, Object> record = sink.record("speedup", plan, cores);
        record.put("verdict", overlapMissing ? Verdict.FAIL.name() : verdict.name());
        record.put("environmentInconclusive", figures.environment());
        record.put("reason", overlapMissing ? facts.peakMessage(result, peak, expectedPeak) : figures.reason());
        record.put("bounds", bounds(speedup));
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(ReportSink.point(plan.workers(), result, peak, ceiling,
                speedup.min() > 0 ? speedup.min() : Double.NaN));
        record.put("points", points);
        record.put("baseline", ReportSink.baselineField(comparison, sink.baselineFile()));
        sink.write(record);
        Map<String, String> entry = facts.reportEntry(result, peak);
        if (comparison != null) {
            entry.put("parallelruns.baseline.status", comparison.status().name());
            entry.put("parallelruns.baseline.message", comparison.message());
        }
        sink.publish(entry);
        System.out.println("[parallel-runs] " + sink.test() + ": " + record.get("verdict") + " speedup "
                + SpeedupFacts.times(figures.speedup()) + " [" + SpeedupFacts.times(figures.lower()) + ", "
                + SpeedupFacts.times(figures.upper()) + "] on " + plan.workers() + " " + plan.mode() + " workers, "
                + figures.pairs() + " pairs" + (comparison == null ? "" : ", baseline " + comparison.status()));

        String dropped = comparison != null && comparison.status() == BaselineFile.Status.DROPPED
                ? System.lineSeparator() + "  baseline: " + comparison.message()
                : "";
        if (overlapMissing) {
            throw new AssertionFailedError(facts.peakMessage(result, peak, expectedPeak) + dropped);
        }
        if (verdict == Verdict.FAIL) {
            throw new AssertionFailedError(facts.message(result, peak) + dropped);
        }
        if (!dropped.isEmpty()) {
            throw new AssertionFailedError("@ExpectSpeedup(" + speedup.describeBounds() + ") on '" + plan.name()
                    + "': " + comparison.message() + System.lineSeparator() + facts.message(result, peak));
        }
        if (verdict == Verdict.INCONCLUSIVE) {
            concludeInconclusive(configuration, facts.message(result, peak), sink);
        }
    }

    /** Aborts, fails or warns as {@code parallelruns.speedup.inconclusive} says. */
    static void concludeInconclusive(Configuration configuration, String message, ReportSink sink) {
        switch (configuration.inconclusive()) {
            case FAIL:
                throw new AssertionFailedError(message);
            case WARN:
                System.err.println("WARNING: " + message);
                sink.publish(Map.of("parallelruns.speedup.warning", message));
                return;
            default:
                throw new TestAbortedException(message);
        }
    }

    private static Map<String, Object> bounds(SpeedupPlan speedup) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("min", speedup.min());
        bounds.put("max", speedup.max());
        bounds.put("minEfficiency", speedup.minEfficiency());
        bounds.put("workload", speedup.workload().name());
        bounds.put("tolerance", SpeedupBounds.DEFAULT_TOLERANCE);
        return bounds;
    }

    /**
     * How many cores the parallel side keeps busy, for telling other load apart: a BLOCKING body
     * waits, and needs one core at most for waking up and handing out tasks.
     */
    static int cpuThreads(RunPlan plan, Workload workload) {
        return workload == Workload.BLOCKING ? 1 : plan.workers();
    }

    static double ceiling(RunPlan plan, Workload workload, int cores, double capacity) {
        if (workload == Workload.BLOCKING) {
            return SpeedupCeiling.blocking(plan.workers(), plan.tasks());
        }
        double byCores = SpeedupCeiling.cpuBound(plan.workers(), plan.tasks(), cores);
        return Math.min(byCores, Math.min(plan.workers(), capacity));
    }

    /** How many workers must have run the body at the same moment when a speedup above 1 is asked for. */
    static int expectedPeak(RunPlan plan, Workload workload, int cores) {
        int byTasks = Math.min(plan.workers(), plan.tasks());
        return workload == Workload.BLOCKING ? byTasks : Math.min(byTasks, cores);
    }
}
