package io.github.parallelruns.internal.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.MachineCounters;
import io.github.parallelruns.internal.measure.MeasurementSettings;
import io.github.parallelruns.internal.measure.SideRunner;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupMeasurement;
import io.github.parallelruns.internal.measure.SpeedupResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import org.apiguardian.api.API;

/**
 * Measuring the speedup of a {@link RunPlan}: the settings its workload gives, and one measurement or
 * CPU share in a machine's {@link MeasurementTurn}, for {@code @ExpectSpeedup}, {@code @ScalingSweep}
 * and {@code Parallel} alike.
 */
@API(status = INTERNAL, since = "0.1")
public final class PlanMeasurement {

    private PlanMeasurement() {}

    /** The settings of one measurement of {@code plan}; {@code bounds} null to estimate only. */
    public static MeasurementSettings settings(
            SpeedupBounds bounds, Duration budget, RunPlan plan, Workload workload, int cores, int minPairs) {
        return new MeasurementSettings(
                bounds,
                budget,
                MeasurementSettings.DEFAULT_MIN_SIDE_NANOS,
                busyCores(plan, workload),
                cores,
                minPairs,
                activeWorkers(plan),
                workload == Workload.AUTO);
    }

    /** As {@link #settings}, with the CPU share already measured (a sweep point). */
    public static MeasurementSettings settings(
            SpeedupBounds bounds, Duration budget, RunPlan plan, CpuShare share, int cores, int minPairs) {
        return new MeasurementSettings(
                bounds,
                budget,
                MeasurementSettings.DEFAULT_MIN_SIDE_NANOS,
                share.busyCores(activeWorkers(plan)),
                cores,
                minPairs,
                activeWorkers(plan),
                false);
    }

    /**
     * One measurement on {@code sides} in {@code turn}, which the caller took before anything of the
     * measurement started (worker JVMs, a run's timeout): INCONCLUSIVE without measuring when the wait
     * for the turn ran out.
     */
    public static SpeedupResult measure(
            SideRunner sides, MeasurementSettings settings, SpeedupMeasurement.ShareCheck check, MeasurementTurn turn)
            throws Throwable {
        SpeedupResult result = turn.refused().isPresent()
                ? SpeedupMeasurement.notMeasured(turn.refused().get())
                : SpeedupMeasurement.measure(
                        sides,
                        settings,
                        MachineCounters.ofThisMachine(),
                        System::nanoTime,
                        SpeedupMeasurement::sleep,
                        new Random(new SecureRandom().nextLong()),
                        check);
        Duration[] waits = turn.claimWaits();
        return result.withTurn(waits[0], waits[1], turn.note());
    }

    /** The CPU share of {@code sides} alone, in {@code turn} (a sweep measures it once for all points). */
    public static CpuShare measureShare(
            SideRunner sides, RunPlan plan, Duration budget, int cores, MeasurementTurn turn) throws Throwable {
        if (turn.refused().isPresent()) {
            // Nothing may be measured: the worst case for the ceiling; the points are not measured either.
            return CpuShare.assumedComputing(
                    0, 1, activeWorkers(plan), cores, turn.refused().get());
        }
        MeasurementSettings settings = settings(null, budget, plan, Workload.AUTO, cores, 0);
        return SpeedupMeasurement.measureShare(
                sides, settings, MachineCounters.ofThisMachine(), System::nanoTime, SpeedupMeasurement::sleep);
    }

    /**
     * How many cores' worth of CPU the parallel side keeps busy, for telling other load apart: a
     * BLOCKING body waits, and needs one core at most for waking up and handing out tasks; with AUTO,
     * 1 until the measurement has measured the share and replaced it.
     */
    private static double busyCores(RunPlan plan, Workload workload) {
        return workload == Workload.BLOCKING || workload == Workload.AUTO ? 1 : plan.workers();
    }

    /** The workers that have a task: {@code min(workers, tasks)}. */
    public static int activeWorkers(RunPlan plan) {
        return Math.min(plan.workers(), plan.tasks());
    }
}
