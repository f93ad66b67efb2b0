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
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
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
    private final Consumer<Map<String, String>> publish;

    private SpeedupRun(RunPlan plan, SpeedupPlan speedup, Configuration configuration, EffectiveCores cores,
            SpeedupFacts facts, Consumer<Map<String, String>> publish) {
        this.plan = plan;
        this.speedup = speedup;
        this.configuration = configuration;
        this.cores = cores;
        this.facts = facts;
        this.publish = publish;
    }

    /** Measures on {@code sides} and turns the verdict into the test's outcome. */
    static <S extends SideRunner & PeakWorkers> void run(RunPlan plan, SpeedupPlan speedup, Configuration configuration,
            S sides, Consumer<Map<String, String>> publish) throws Throwable {
        SpeedupRun run = prepare(plan, speedup, configuration, publish);
        run.conclude(run.measure(sides), sides.peakWorkers());
    }

    /**
     * Checks, before anything runs, that this machine can reach the bound.
     *
     * @throws TestAbortedException when it cannot
     */
    static SpeedupRun prepare(RunPlan plan, SpeedupPlan speedup, Configuration configuration,
            Consumer<Map<String, String>> publish) {
        EffectiveCores cores = EffectiveCores.ofThisMachine();
        double capacity = speedup.workload() == Workload.PROBED
                ? Math.min(cores.cores(), CapacityProbe.measure(Math.min(plan.workers(), cores.cores())))
                : cores.cores();
        double ceiling = ceiling(plan, speedup.workload(), cores.cores(), capacity);
        SpeedupFacts facts = new SpeedupFacts(plan, speedup, cores, capacity, ceiling);
        if (speedup.min() * (1 - SpeedupBounds.DEFAULT_TOLERANCE) > ceiling) {
            publish.accept(facts.unattainableEntry());
            throw new TestAbortedException(facts.unattainableMessage());
        }
        if (speedup.min() > NEAR_CEILING * ceiling) {
            String warning = facts.nearCeilingWarning();
            System.err.println(warning);
            publish.accept(Map.of("parallelruns.speedup.warning", warning));
        }
        return new SpeedupRun(plan, speedup, configuration, cores, facts, publish);
    }

    SpeedupResult measure(SideRunner sides) throws Throwable {
        SpeedupBounds bounds = new SpeedupBounds(speedup.min(), speedup.max(), SpeedupBounds.DEFAULT_TOLERANCE);
        int busyThreads = cpuThreads(plan, speedup.workload());
        MeasurementSettings settings = new MeasurementSettings(bounds, configuration.speedupBudget(),
                MeasurementSettings.DEFAULT_MIN_SIDE_NANOS, busyThreads, cores.cores());
        return SpeedupMeasurement.measure(sides, settings, MachineCounters.ofThisMachine(), System::nanoTime,
                new Random(new SecureRandom().nextLong()));
    }

    /** Publishes the figures, then passes, fails or aborts the test as the verdict says. */
    void conclude(SpeedupResult result, int peak) {
        int expectedPeak = expectedPeak(plan, speedup.workload(), cores.cores());
        publish.accept(facts.reportEntry(result, peak));
        Verdict verdict = result.verdict().verdict();
        if (speedup.min() > 1 && peak < expectedPeak) {
            throw new AssertionFailedError(facts.peakMessage(result, peak, expectedPeak));
        }
        if (verdict == Verdict.FAIL) {
            throw new AssertionFailedError(facts.message(result, peak));
        }
        if (verdict == Verdict.INCONCLUSIVE) {
            String message = facts.message(result, peak);
            switch (configuration.inconclusive()) {
                case FAIL:
                    throw new AssertionFailedError(message);
                case WARN:
                    System.err.println("WARNING: " + message);
                    publish.accept(Map.of("parallelruns.speedup.warning", message));
                    return;
                default:
                    throw new TestAbortedException(message);
            }
        }
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
