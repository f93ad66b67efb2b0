package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.config.SpeedupPlan;
import io.github.parallelruns.internal.config.SweepPlan;
import io.github.parallelruns.internal.engine.MeasurementTurn;
import io.github.parallelruns.internal.engine.OutcomeReport;
import io.github.parallelruns.internal.engine.PlanMeasurement;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.MeasurementSettings;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.report.model.Findings;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.ReportVerdict;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of a {@code @ParallelRuns} test in the JVM that runs it, whatever the mode: the task set
 * run once, or, under {@code @ExpectSpeedup} or {@code @ScalingSweep} with speedup checks on, measured in
 * the machine's turn; then the test's report record, and its failure thrown. Where the tasks run is the
 * {@link ModeRunner}'s business.
 */
final class CoordinatorRun {

    private final RunPlan plan;
    private final Configuration configuration;
    private final EffectiveCores cores;
    private final ReportSink sink;
    private final ModeRunner runner;

    CoordinatorRun(
            RunPlan plan, Configuration configuration, EffectiveCores cores, ReportSink sink, ModeRunner runner) {
        this.plan = plan;
        this.configuration = configuration;
        this.cores = cores;
        this.sink = sink;
        this.runner = runner;
    }

    /** Runs the test: measured when it has a speedup plan or a sweep and checks are on, else once. */
    void run(Optional<SpeedupPlan> speedup, Optional<SweepPlan> sweep) throws Throwable {
        if (speedup.isEmpty() && sweep.isEmpty()) {
            runOnce(null);
            return;
        }
        if (!configuration.speedupEnabled()) {
            String notChecked = (sweep.isPresent()
                            ? "@ScalingSweep(" + sweep.get().describe() + ")"
                            : "@ExpectSpeedup(" + speedup.get().describeBounds() + ")")
                    + " on '" + plan.name()
                    + "' was not checked: " + ConfigurationParameters.SPEEDUP_ENABLED + " = false";
            sink.publish(Map.of(
                    sweep.isPresent() ? "parallelruns.sweep.verdict" : "parallelruns.speedup.verdict",
                    ReportVerdict.NOT_CHECKED.name(),
                    sweep.isPresent() ? "parallelruns.sweep.reason" : "parallelruns.speedup.reason",
                    notChecked));
            runOnce(notChecked);
            return;
        }
        sink.checkBaseline();
        try {
            if (sweep.isPresent()) {
                measureSweep(sweep.get());
            } else {
                measureSpeedup(speedup.get());
            }
        } catch (Throwable failure) {
            if (!sink.written()) {
                // The body failed while being measured: the test is still reported.
                sink.write(
                        sweep.isPresent() ? RecordKind.SWEEP : RecordKind.SPEEDUP,
                        plan,
                        cores,
                        Findings.failed("the measurement ended with a failure: " + firstLine(failure)));
            }
            throw failure;
        }
    }

    /** The task set once, reported; {@code notChecked} says why a speedup plan or sweep was not measured. */
    private void runOnce(String notChecked) throws Throwable {
        RunOutcome outcome = runner.run(plan);
        sink.publish(OutcomeReport.reportEntry(outcome));
        Throwable failure = OutcomeReport.failureOf(outcome);
        sink.write(RecordKind.RUN, plan, cores, ReportRecords.run(plan, outcome, failure, notChecked));
        if (failure != null) {
            throw failure;
        }
    }

    private static String firstLine(Throwable failure) {
        return String.valueOf(failure)
                .lines()
                .findFirst()
                .orElse(failure.getClass().getName());
    }

    private void measureSpeedup(SpeedupPlan speedup) throws Throwable {
        SpeedupRun run = SpeedupRun.prepare(plan, speedup, configuration, cores, sink);
        ModeRunner.OnSides<SpeedupResult> measured;
        // The turn is taken before the sides start (with PROCESSES, the worker JVMs), so that waiting for it is
        // not part of the run's timeout.
        try (MeasurementTurn turn = MeasurementTurn.take(configuration.turns())) {
            measured = onSides(plan, turn, sides -> run.measure(sides, turn));
        }
        run.conclude(measured.result(), measured.peakWorkers());
    }

    /** A sweep holds one turn of the machine for its share run and all its points. */
    private void measureSweep(SweepPlan sweep) throws Throwable {
        int coreCount = cores.cores();
        try (MeasurementTurn turn = MeasurementTurn.take(configuration.turns())) {
            SweepRun.run(plan, sweep, configuration, cores, sink, new SweepRun.PointMeasurer() {
                @Override
                public SweepRun.Measured measure(RunPlan pointPlan, SpeedupBounds bounds, CpuShare share)
                        throws Throwable {
                    MeasurementSettings settings = share == null
                            ? PlanMeasurement.settings(
                                    bounds,
                                    configuration.speedupBudget(),
                                    pointPlan,
                                    sweep.workload(),
                                    coreCount,
                                    sweep.minPairs())
                            : PlanMeasurement.settings(
                                    bounds,
                                    configuration.speedupBudget(),
                                    pointPlan,
                                    share,
                                    coreCount,
                                    sweep.minPairs());
                    ModeRunner.OnSides<SpeedupResult> measured = onSides(
                            pointPlan, turn, sides -> PlanMeasurement.measure(sides, settings, any -> {}, turn));
                    return new SweepRun.Measured(measured.result(), measured.peakWorkers());
                }

                @Override
                public Optional<String> refused() {
                    return turn.refused();
                }

                @Override
                public CpuShare share(RunPlan sharePlan) throws Throwable {
                    return onSides(
                                    sharePlan,
                                    turn,
                                    sides -> PlanMeasurement.measureShare(
                                            sides, sharePlan, configuration.speedupBudget(), coreCount, turn))
                            .result();
                }
            });
        }
    }

    /**
     * {@code measurement} on the sides of {@code sidesPlan} in {@code turn}; when the turn never came,
     * nothing will be measured, and no sides are started (no worker JVMs): the measurement gets none.
     */
    private <T> ModeRunner.OnSides<T> onSides(
            RunPlan sidesPlan, MeasurementTurn turn, ModeRunner.Measurement<T> measurement) throws Throwable {
        if (turn.refused().isPresent()) {
            return new ModeRunner.OnSides<>(measurement.measure(null), 0);
        }
        return runner.measure(sidesPlan, measurement);
    }
}
