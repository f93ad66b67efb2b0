package io.github.parallelruns.internal.measure;

import java.util.Optional;

/**
 * The run that measures the body's CPU share ({@code AUTO}): a baseline run (one worker) of about
 * {@value #RUN_NANOS} ns right after the calibration run, with the machine counters read around it. A
 * run during which this JVM's JIT compiler was busy is taken again, and the lowest share kept (compiling
 * only adds CPU). A run during which other processes saturated the machine is taken again once it is
 * quiet; when every run was starved so ({@value #ATTEMPTS} at most, or until
 * {@link WarmUp#MAX_BUDGET_SHARE} of the budget is gone), the share is taken as 1, which can only make
 * bounds look harder to reach and load look more disturbing.
 */
final class ShareRun {

    /** The run that measures the CPU share lasts at least this long, so that tick-based counters are fine enough. */
    static final long RUN_NANOS = 100_000_000L;

    /** Attempts at measuring the CPU share on a quiet machine before it is taken as 1. */
    static final int ATTEMPTS = 3;

    /**
     * The share run counts as starved when the machine was busier than this share of its CPU time and
     * other processes used more than {@link MachineCounters#OTHERS_LIMIT} of it: the body then got
     * less CPU than it wanted.
     */
    static final double SATURATED = 0.90;

    /**
     * A share run during which this JVM's JIT compiler worked more than this share of the run's CPU time
     * is taken again: the compiler's CPU would count as the body's.
     */
    static final double COMPILING = 0.05;

    /**
     * On threads, the process using more CPU than the worker by this share of the run's CPU capacity
     * means that the body's own helper threads compute (a parallel stream), which the worker's figures
     * miss: the process tree's figure is used then (it also counts the JIT compiler's and collector's work).
     */
    static final double HELPERS = 0.10;

    private static final String STOLEN = "the hypervisor or the cgroup quota took CPU time from it";

    private final MeasurementSettings settings;
    private final SideRuns runs;
    private final MachineCounters counters;
    private final TimeBudget budget;
    private final QuietWait quiet;

    ShareRun(
            MeasurementSettings settings, SideRuns runs, MachineCounters counters, TimeBudget budget, QuietWait quiet) {
        this.settings = settings;
        this.runs = runs;
        this.counters = counters;
        this.budget = budget;
        this.quiet = quiet;
    }

    /**
     * The share, from the worker threads' figures where the runner read them, else from the process tree.
     *
     * @param onceNanos the calibration run: one parallel run with one repetition
     */
    CpuShare measure(long onceNanos) throws Throwable {
        int cores = settings.cores();
        // On one worker: no contention between workers (a shared lock, a saturated core) can lower the figure.
        // The baseline lasts about as long as the parallel side times its speedup: aim at the share run's length.
        long perCore = Math.max(1, onceNanos * Math.min(settings.activeWorkers(), cores));
        int repetitions = (int) Math.min(Calibration.MAX_REPETITIONS, Math.max(1, (RUN_NANOS + perCore - 1) / perCore));
        CpuShare starved = null;
        CpuShare compiling = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Reading reading = read(repetitions);
            Optional<CpuShare> ofThreads = ofThreads(reading);
            if (ofThreads.isPresent()) {
                return ofThreads.get();
            }
            if (!reading.saturated()) {
                CpuShare share = CpuShare.of(reading.cpu(), reading.wall(), 1, cores);
                // Work beside the worker threads once (a new worker JVM loading classes and collecting as it
                // starts) looks like helper threads: run again; helpers the body starts are there every time.
                boolean besideOnce =
                        reading.timed().threads().isPresent() && !reading.stolen() && attempt < ATTEMPTS - 1;
                if (reading.compilation() <= COMPILING * reading.capacity() && !besideOnce) {
                    return compiling == null || share.share() <= compiling.share() ? share : compiling;
                }
                // The JIT compiler worked beside the body and its CPU counts as the body's: run again, keep the lowest.
                compiling = compiling == null || share.share() < compiling.share() ? share : compiling;
                continue;
            }
            CpuShare attemptShare = CpuShare.assumedComputing(
                    reading.cpu(), reading.wall(), 1, cores, reading.stolen() ? STOLEN : CpuShare.SATURATED);
            starved = starved == null || attemptShare.measured() > starved.measured() ? attemptShare : starved;
            if (attempt == ATTEMPTS - 1 || budget.elapsed() >= WarmUp.MAX_BUDGET_SHARE * budget.nanos()) {
                break;
            }
            // Strict while waiting: as if every active worker computed.
            double strict = Math.max(1, Math.min(settings.activeWorkers(), cores));
            if (!quiet.until(strict, (long) (WarmUp.MAX_BUDGET_SHARE * budget.nanos()))) {
                break;
            }
        }
        return compiling != null ? compiling : starved;
    }

    /**
     * One share run and what the counters saw around it.
     *
     * @param capacity the CPU time the machine's cores had over the run
     * @param stolen whether the hypervisor or the cgroup quota took CPU time from the run
     * @param cpu the process tree's CPU time over the run
     * @param saturated whether the one worker was starved: stolen from, or left no core by other processes
     * @param compilation this JVM's JIT compiler's time over the run
     */
    private record Reading(
            SideRunner.Timed timed,
            long wall,
            double capacity,
            boolean stolen,
            long cpu,
            boolean saturated,
            long compilation) {}

    private Reading read(int repetitions) throws Throwable {
        MachineCounters.Snapshot before = counters.read();
        long runStart = budget.now();
        SideRunner.Timed timed = runs.timeReadingThreads(repetitions);
        long wall = Math.max(1, budget.now() - runStart);
        MachineCounters.Snapshot after = counters.read();
        int cores = settings.cores();
        double capacity = (double) wall * cores;
        boolean stolen = after.stealNanos() - before.stealNanos() > MachineCounters.STEAL_LIMIT * capacity
                || after.throttledNanos() > before.throttledNanos();
        long cpu = Math.max(0, after.ownCpuNanos() - before.ownCpuNanos());
        long others = Math.max(0, after.othersBusyNanos() - before.othersBusyNanos());
        long machineBusy = Math.max(0, after.machineBusyNanos() - before.machineBusyNanos());
        // The one worker was starved only when others left it no core of the ones it could use.
        boolean saturated = stolen
                || machineBusy >= SATURATED * capacity
                        && others
                                > Math.max(
                                        (cores - 1) * (double) wall + MachineCounters.OTHERS_LIMIT * capacity,
                                        MachineCounters.OTHERS_FLOOR_NANOS);
        long compilation = Math.max(0, after.compilationNanos() - before.compilationNanos());
        return new Reading(timed, wall, capacity, stolen, cpu, saturated, compilation);
    }

    /**
     * The share from the worker threads' own figures: when the runner read them, the run was not stolen from,
     * and no helper threads computed beside them.
     */
    private Optional<CpuShare> ofThreads(Reading reading) {
        if (reading.timed().threads().isEmpty() || reading.stolen()) {
            return Optional.empty();
        }
        ThreadCpu threads = reading.timed().threads().get();
        // Helper threads the body starts (a parallel stream) compute outside the worker: then judge by the
        // process, which also counts the JIT compiler's and the collector's work, so only a clear excess.
        // In worker JVMs the workers' processes say what ran outside the worker threads, less their JIT.
        long outside = reading.timed().outsideNanos() >= 0
                ? reading.timed().outsideNanos()
                : reading.cpu() - threads.runNanos();
        return outside <= HELPERS * reading.capacity()
                ? Optional.of(CpuShare.ofThreads(threads, 1, settings.cores()))
                : Optional.empty();
    }
}
