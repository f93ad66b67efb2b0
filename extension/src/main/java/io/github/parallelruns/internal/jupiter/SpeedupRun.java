package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Verdict;
import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.config.SpeedupPlan;
import io.github.parallelruns.internal.engine.MeasurementTurn;
import io.github.parallelruns.internal.engine.PlanMeasurement;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.CapacityProbe;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.SideRunner;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupCeiling;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import io.github.parallelruns.internal.report.BaselineFile;
import io.github.parallelruns.internal.report.model.BaselineStatus;
import io.github.parallelruns.internal.report.model.Bounds;
import io.github.parallelruns.internal.report.model.Findings;
import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.ReportVerdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final ReportSink sink;
    private double capacity;
    private boolean probeRan;
    private SpeedupFacts facts;
    private double ceiling;
    private CpuShare share;

    private SpeedupRun(
            RunPlan plan,
            SpeedupPlan speedup,
            Configuration configuration,
            EffectiveCores cores,
            ReportSink sink,
            double capacity) {
        this.plan = plan;
        this.speedup = speedup;
        this.configuration = configuration;
        this.cores = cores;
        this.sink = sink;
        this.capacity = capacity;
        this.ceiling = ceiling(plan, speedup.workload(), cores.cores(), capacity, null);
        this.facts = new SpeedupFacts(plan, speedup, cores, probed(), ceiling, null);
    }

    /** The probed capacity, NaN while a PROBED test has not probed yet (and for the other workloads, unused). */
    private double probed() {
        return speedup.workload() == Workload.PROBED && !probeRan ? Double.NaN : capacity;
    }

    /**
     * Checks, before anything runs, that this machine can reach the bound; with {@link Workload#AUTO}
     * only as far as the workers and tasks tell, the rest once the CPU share is measured.
     *
     * @throws TestAbortedException when it cannot
     */
    static SpeedupRun prepare(
            RunPlan plan, SpeedupPlan speedup, Configuration configuration, EffectiveCores cores, ReportSink sink) {
        // PROBED probes the machine in the measurement's turn, where other JVMs' measurements cannot lower it.
        SpeedupRun run = new SpeedupRun(plan, speedup, configuration, cores, sink, cores.cores());
        run.checkAttainable(speedup.workload() != Workload.AUTO && speedup.workload() != Workload.PROBED);
        return run;
    }

    private void checkAttainable(boolean warnNearCeiling) {
        if (speedup.min() * (1 - SpeedupBounds.DEFAULT_TOLERANCE) > ceiling) {
            sink.publish(facts.unattainableEntry());
            sink.write(
                    RecordKind.SPEEDUP,
                    plan,
                    cores,
                    Findings.unattainable(
                            facts.unattainableMessage(),
                            bounds(speedup),
                            Optional.ofNullable(share).map(ReportRecords::share)));
            throw new TestAbortedException(facts.unattainableMessage());
        }
        if (warnNearCeiling && speedup.min() > NEAR_CEILING * ceiling) {
            String warning = facts.nearCeilingWarning();
            System.err.println(warning);
            sink.publish(Map.of("parallelruns.speedup.warning", warning));
        }
    }

    /**
     * With the measured share: the full ceiling, checked again. A share taken as 1 because the machine
     * left no clean run to measure it on says nothing of the body: only the workers' and tasks' ceiling
     * is checked then, and the measurement goes on; a PASS holds whatever the cores allow, a FAIL is
     * turned INCONCLUSIVE by {@link #withUnknownCeiling}.
     */
    private void shareMeasured(CpuShare measured) {
        share = measured;
        ceiling = ceiling(plan, speedup.workload(), cores.cores(), capacity, measured);
        facts = new SpeedupFacts(plan, speedup, cores, probed(), ceiling, measured);
        if (measured.assumed() && speedup.min() * (1 - SpeedupBounds.DEFAULT_TOLERANCE) > ceiling) {
            double byTasks = ceiling(plan, speedup.workload(), cores.cores(), capacity, null);
            if (speedup.min() * (1 - SpeedupBounds.DEFAULT_TOLERANCE) <= byTasks) {
                return;
            }
        }
        checkAttainable(true);
    }

    /**
     * A FAIL below a bound that the cores may not allow, when the CPU share was taken as 1 ({@code share}
     * assumed) because the machine was too busy to measure it: whether the body misses its bound or this
     * machine cannot give it is not known, so the verdict is INCONCLUSIVE (environment). Any other
     * result, a PASS among them, stands.
     *
     * @param ceiling the ceiling with the share taken as 1
     */
    static SpeedupResult withUnknownCeiling(SpeedupResult result, CpuShare share, double min, double ceiling) {
        SpeedupVerdict figures = result.verdict();
        if (share == null
                || !share.assumed()
                || figures.verdict() != Verdict.FAIL
                || min * (1 - SpeedupBounds.DEFAULT_TOLERANCE) <= ceiling) {
            return result;
        }
        String reason = "the speedup " + SpeedupFacts.times(figures.speedup()) + " is below the bound, but the body's "
                + "CPU share could not be measured: " + share.describe() + "; with a share of 1 this machine gives at "
                + "most " + SpeedupFacts.times(ceiling) + ", so whether the body or the machine falls short is not "
                + "known (the FAIL would have been: " + figures.reason() + ")";
        return result.withVerdict(new SpeedupVerdict(
                Verdict.INCONCLUSIVE,
                reason,
                figures.pairs(),
                figures.speedup(),
                figures.lower(),
                figures.upper(),
                figures.meanSpeedup(),
                figures.minOverMin(),
                figures.baselineMedianNanos(),
                figures.parallelMedianNanos(),
                figures.disturbedPairs(),
                true));
    }

    /** Measures on {@code sides} in {@code turn}, taken by the caller. */
    SpeedupResult measure(SideRunner sides, MeasurementTurn turn) throws Throwable {
        if (speedup.workload() == Workload.PROBED && turn.refused().isEmpty()) {
            capacity = Math.min(cores.cores(), CapacityProbe.measure(Math.min(plan.workers(), cores.cores())));
            probeRan = true;
            ceiling = ceiling(plan, speedup.workload(), cores.cores(), capacity, null);
            facts = new SpeedupFacts(plan, speedup, cores, probed(), ceiling, null);
            checkAttainable(true);
        }
        SpeedupBounds bounds = new SpeedupBounds(speedup.min(), speedup.max(), SpeedupBounds.DEFAULT_TOLERANCE);
        return PlanMeasurement.measure(
                sides,
                PlanMeasurement.settings(
                        bounds, configuration.speedupBudget(), plan, speedup.workload(), cores.cores(), 0),
                this::shareMeasured,
                turn);
    }

    /** Publishes the figures, then passes, fails or aborts the test as the verdict says. */
    void conclude(SpeedupResult measured, int peak) {
        SpeedupResult result = withUnknownCeiling(measured, share, speedup.min(), ceiling);
        int expectedPeak = expectedPeak(plan, speedup.workload(), cores.cores(), share);
        SpeedupVerdict figures = result.verdict();
        Verdict verdict = figures.verdict();
        // Nothing ran when the turn never came: there is no overlap to judge.
        boolean overlapMissing = speedup.min() > 1 && peak < expectedPeak && !SpeedupFacts.notMeasured(result);
        BaselineFile.Comparison comparison =
                sink.compare(plan, plan.workers(), figures, figures.mostlyDisturbed(), ceiling);

        ReportVerdict recorded = overlapMissing ? ReportVerdict.FAIL : ReportRecords.verdict(verdict);
        Point point = ReportRecords.point(
                plan.workers(),
                result,
                peak,
                ceiling,
                speedup.min() > 0 ? speedup.min() : Double.NaN,
                result.share(),
                Optional.empty());
        sink.write(
                RecordKind.SPEEDUP,
                plan,
                cores,
                new Findings(
                        Optional.of(recorded),
                        figures.environment(),
                        Optional.of(overlapMissing ? facts.peakMessage(result, peak, expectedPeak) : figures.reason()),
                        Optional.of(bounds(speedup)),
                        List.of(point),
                        Optional.empty(),
                        Optional.empty(),
                        ReportRecords.baseline(comparison, sink.baselineFile()),
                        Optional.empty()));
        Map<String, String> entry = facts.reportEntry(result, peak);
        if (comparison != null) {
            entry.put("parallelruns.baseline.status", comparison.status().name());
            entry.put("parallelruns.baseline.message", comparison.message());
        }
        sink.publish(entry);
        System.out.println("[parallel-runs] " + sink.test() + ": " + recorded + " speedup "
                + SpeedupFacts.times(figures.speedup()) + " [" + SpeedupFacts.times(figures.lower()) + ", "
                + SpeedupFacts.times(figures.upper()) + "] on " + plan.workers() + " " + plan.mode() + " workers, "
                + figures.pairs() + " pairs" + (comparison == null ? "" : ", baseline " + comparison.status()));

        String dropped = comparison != null && comparison.status() == BaselineStatus.DROPPED
                ? System.lineSeparator() + "  baseline: " + comparison.message()
                : "";
        if (overlapMissing) {
            throw new AssertionFailedError(facts.peakMessage(result, peak, expectedPeak) + dropped);
        }
        if (verdict == Verdict.FAIL) {
            throw new AssertionFailedError(facts.message(result, peak) + dropped);
        }
        if (!dropped.isEmpty()) {
            throw new AssertionFailedError("@ExpectSpeedup(" + speedup.describeBounds() + ") on '" + plan.name() + "': "
                    + comparison.message() + System.lineSeparator() + facts.message(result, peak));
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

    private static Bounds.Speedup bounds(SpeedupPlan speedup) {
        return new Bounds.Speedup(
                speedup.min(),
                speedup.max(),
                speedup.minEfficiency(),
                Optional.of(speedup.workload()),
                SpeedupBounds.DEFAULT_TOLERANCE);
    }

    /**
     * The most this machine can give: for AUTO {@code min(tasks ceiling, cores / share)}, with only the
     * tasks ceiling while the share is not measured yet ({@code share} null).
     */
    static double ceiling(RunPlan plan, Workload workload, int cores, double capacity, CpuShare share) {
        double byTasks = SpeedupCeiling.blocking(plan.workers(), plan.tasks());
        if (workload == Workload.BLOCKING) {
            return byTasks;
        }
        if (workload == Workload.AUTO) {
            return share == null ? byTasks : Math.min(byTasks, share.coresCeiling(cores));
        }
        double byCores = SpeedupCeiling.cpuBound(plan.workers(), plan.tasks(), cores);
        return Math.min(byCores, Math.min(plan.workers(), capacity));
    }

    /** How many workers must have run the body at the same moment when a speedup above 1 is asked for. */
    static int expectedPeak(RunPlan plan, Workload workload, int cores, CpuShare share) {
        int byTasks = PlanMeasurement.activeWorkers(plan);
        if (workload == Workload.BLOCKING) {
            return byTasks;
        }
        if (workload == Workload.AUTO) {
            // A share that is too high (compiler threads, noise) only lowers what is expected.
            double byShare = share == null ? byTasks : share.coresCeiling(cores);
            return (int) Math.max(1, Math.min(byTasks, Math.floor(byShare)));
        }
        return Math.min(byTasks, cores);
    }
}
