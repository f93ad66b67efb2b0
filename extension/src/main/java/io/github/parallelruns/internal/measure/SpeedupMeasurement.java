package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Verdict;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * Measures a speedup with the protocol that keeps verdicts honest on noisy machines: calibrate
 * repetitions, warm up until the times settle, then take baseline/parallel pairs in balanced random
 * order and let {@link SequentialSpeedupTest} decide at its planned looks, within a time budget.
 *
 * <p>Pairs rather than all baselines then all parallel runs, because slow drift of the machine then
 * affects both sides of each ratio alike instead of turning into a false difference; random order,
 * balanced in blocks of 4, because the second run of a pair may profit from the first.
 */
@API(status = INTERNAL, since = "0.1")
public final class SpeedupMeasurement {

    /** Runs are never repeated more often than this, however short the body. */
    static final int MAX_REPETITIONS = 10_000;

    /** Warm-up pairs discarded at least, even when the times look settled at once. */
    static final int MIN_WARM_UP_PAIRS = 2;

    /** Warm-up stops here, settled or not ("no steady state"). */
    static final int MAX_WARM_UP_PAIRS = 10;

    /** Warm-up stops after this share of the budget, settled or not. */
    static final double MAX_WARM_UP_SHARE = 0.25;

    /** Times count as settled when the median of the last 3 moved less than this from the one before. */
    static final double SETTLED_CHANGE = 0.10;

    /** Pairs measured when there is no bound to decide on (a sweep point), budget permitting. */
    public static final int ESTIMATE_PAIRS = 12;

    /** Repetitions are raised after warm-up when the warm times call for more than this many times as many. */
    static final int RECALIBRATE_FACTOR = 2;

    /** The run that measures the CPU share lasts at least this long, so that tick-based counters are fine enough. */
    static final long SHARE_RUN_NANOS = 100_000_000L;

    /** Attempts at measuring the CPU share on a quiet machine before it is taken as 1. */
    static final int SHARE_ATTEMPTS = 3;

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

    /** The machine is quiet when one window this long shows no disturbance. */
    static final long QUIET_WINDOW_NANOS = 200_000_000L;

    /** Pairs set aside for disturbance and taken again, at most; later disturbed pairs are kept as they are. */
    static final int MAX_SET_ASIDE = 40;

    private static final int ORDER_BLOCK = 4;

    private final SideRunner runner;
    private final MeasurementSettings settings;
    private final MachineCounters counters;
    private final LongSupplier clock;
    private final Pause pause;
    private final Random random;
    private final ShareCheck shareCheck;
    private final long start;
    private final long budgetNanos;
    private final List<Pair> setAside = new ArrayList<>();
    private double busyCores;
    private CpuShare share;
    private long quietWaitNanos;
    private boolean quietGaveUp;
    private int runIndex;

    /** Waits for a number of nanoseconds; {@code Thread.sleep} outside tests. */
    @FunctionalInterface
    public interface Pause {
        void pause(long nanos) throws InterruptedException;
    }

    /** Sees the measured CPU share before warm-up; may throw to stop the measurement (an unattainable bound). */
    @FunctionalInterface
    public interface ShareCheck {
        void check(CpuShare share) throws Throwable;
    }

    private SpeedupMeasurement(SideRunner runner, MeasurementSettings settings, MachineCounters counters,
            LongSupplier clock, Pause pause, Random random, ShareCheck shareCheck) {
        this.runner = runner;
        this.settings = settings;
        this.counters = counters;
        this.clock = clock;
        this.pause = pause;
        this.random = random;
        this.shareCheck = shareCheck;
        this.busyCores = settings.busyCores();
        this.start = clock.getAsLong();
        long budget;
        try {
            budget = settings.budget().toNanos();
        } catch (ArithmeticException tooLongToCount) {
            budget = Long.MAX_VALUE / 2;
        }
        this.budgetNanos = budget;
    }

    /**
     * Runs the protocol and returns the verdict with the pairs behind it.
     *
     * <ol>
     *   <li>One parallel run with one repetition; when it took less than
     *       {@link MeasurementSettings#minSideNanos()} both sides repeat the tasks
     *       {@code ceil(minSideNanos / t)} times, at most {@value #MAX_REPETITIONS}.
     *   <li>Warm-up pairs, discarded (then, when the warm parallel times call for more than twice
     *       the repetitions, the repetitions raised to what they call for and 2 more warm-up pairs): at least {@value #MIN_WARM_UP_PAIRS}, until the median of the
     *       last 3 baseline times and that of the last 3 parallel times each moved less than 10% from
     *       the same median one pair earlier (over fewer times while there are fewer than 3); at most
     *       {@value #MAX_WARM_UP_PAIRS} pairs or a quarter of the budget, and then not a steady state.
     *   <li>Measured pairs in blocks of 4, two baseline-first and two parallel-first in random order,
     *       each with the machine counters read around it.
     *   <li>A decision at each of {@link SequentialSpeedupTest#LOOKS}; without bounds
     *       ({@link MeasurementSettings#bounds()} null), {@value #ESTIMATE_PAIRS} pairs and the verdict
     *       {@link Verdict#MEASURED}. Before each batch its time is
     *       estimated from the mean pair so far; a batch that would overrun the budget is not started
     *       and the verdict is INCONCLUSIVE.
     * </ol>
     *
     * @param nanoClock the clock the budget is measured with, {@code System::nanoTime} outside tests
     * @param random decides the order within each block of pairs
     * @throws Throwable whatever the runner threw, at once
     */
    public static SpeedupResult measure(SideRunner runner, MeasurementSettings settings, MachineCounters counters,
            LongSupplier nanoClock, Random random) throws Throwable {
        return measure(runner, settings, counters, nanoClock, SpeedupMeasurement::sleep, random, share -> { });
    }

    /**
     * As above; when {@link MeasurementSettings#measureShare()}, the CPU share is measured right after
     * the first calibration run (on a baseline run of about {@value #SHARE_RUN_NANOS} ns, taken again after
     * waiting for quiet when other processes saturated the machine, at most {@value #SHARE_ATTEMPTS}
     * times) and handed to {@code shareCheck} before warm-up.
     *
     * <p>A measured pair that the counters mark disturbed is set aside; the measurement then waits
     * until a window of {@value #QUIET_WINDOW_NANOS} ns shows no disturbance and takes the pair again,
     * as long as the budget allows. Once a wait for quiet reaches the end of the budget, later
     * disturbed pairs are kept, and the sequential test treats them as before (a FAIL must hold
     * without them).
     *
     * @param pause how the measurement waits for quiet
     */
    public static SpeedupResult measure(SideRunner runner, MeasurementSettings settings, MachineCounters counters,
            LongSupplier nanoClock, Pause pause, Random random, ShareCheck shareCheck) throws Throwable {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(shareCheck, "shareCheck");
        return new SpeedupMeasurement(runner, settings, counters, nanoClock, pause, random, shareCheck).run();
    }

    /**
     * Only the CPU share, as {@link #measure} takes it before warm-up: one parallel run with one
     * repetition, then the share run (for a sweep, whose points all share one body).
     */
    public static CpuShare measureShare(SideRunner runner, MeasurementSettings settings, MachineCounters counters,
            LongSupplier nanoClock, Pause pause) throws Throwable {
        SpeedupMeasurement measurement = new SpeedupMeasurement(Objects.requireNonNull(runner, "runner"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(counters, "counters"),
                Objects.requireNonNull(nanoClock, "nanoClock"), Objects.requireNonNull(pause, "pause"), new Random(0),
                share -> { });
        return measurement.measureShare(measurement.time(Side.PARALLEL, true, 1));
    }

    /** A measurement that did not take place, INCONCLUSIVE (environment) for {@code why}. */
    public static SpeedupResult notMeasured(String why) {
        Objects.requireNonNull(why, "why");
        return new SpeedupResult(PairStatistics.of(List.of()).verdict(Verdict.INCONCLUSIVE, why, true), List.of(), 0,
                false, 1, Duration.ZERO);
    }

    /** The default pause: {@code Thread.sleep}. */
    public static void sleep(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    }

    private SpeedupResult run() throws Throwable {
        long once = time(Side.PARALLEL, true, 1);
        int repetitions = repetitions(once);
        if (settings.measureShare()) {
            share = measureShare(once);
            busyCores = share.busyCores(settings.activeWorkers());
            shareCheck.check(share);
        }

        List<Long> baselines = new ArrayList<>();
        List<Long> parallels = new ArrayList<>();
        long warmUpWall = 0;
        boolean steadyState = false;
        while (true) {
            long pairStart = clock.getAsLong();
            long[] times = pair(baselines.size() % 2 == 0, true, repetitions);
            warmUpWall += clock.getAsLong() - pairStart;
            baselines.add(times[0]);
            parallels.add(times[1]);
            if (baselines.size() >= MIN_WARM_UP_PAIRS && settled(baselines) && settled(parallels)) {
                steadyState = true;
                break;
            }
            if (baselines.size() >= MAX_WARM_UP_PAIRS || elapsed() >= MAX_WARM_UP_SHARE * budgetNanos) {
                break;
            }
        }
        int warmUpPairs = baselines.size();
        int paced = warmUpPairs;

        // The calibration run may have been slow for reasons that are gone after warm-up (code not yet
        // compiled): when the warm times say the sides now fall well short of the minimum, repeat more,
        // and warm up again at the new count so that the budget estimate is made at it.
        long warmRun = (long) (medianOfLastThree(parallels) / repetitions);
        int warmRepetitions = repetitions(Math.max(1, warmRun));
        if (warmRepetitions > RECALIBRATE_FACTOR * repetitions) {
            repetitions = warmRepetitions;
            warmUpWall = 0;
            paced = 0;
            for (int i = 0; i < MIN_WARM_UP_PAIRS; i++) {
                long pairStart = clock.getAsLong();
                pair(i % 2 == 0, true, repetitions);
                warmUpWall += clock.getAsLong() - pairStart;
                paced++;
                warmUpPairs++;
            }
        }

        SequentialSpeedupTest test = settings.bounds() == null ? null : new SequentialSpeedupTest(settings.bounds());
        List<Pair> pairs = new ArrayList<>();
        Deque<Boolean> orders = new ArrayDeque<>();
        long measuredWall = 0;
        SpeedupVerdict early = null;
        while (true) {
            int look = test == null ? ESTIMATE_PAIRS : SequentialSpeedupTest.nextLook(pairs.size());
            if (look < 0) {
                throw new IllegalStateException("the sequential test took all " + pairs.size()
                        + " pairs without a verdict");
            }
            int batch = look - pairs.size();
            double perPair = pairs.isEmpty()
                    ? (double) warmUpWall / paced
                    : (double) measuredWall / pairs.size();
            long estimate = (long) Math.ceil(batch * perPair);
            long spent = elapsed();
            if (spent + estimate > budgetNanos && early != null) {
                // No time for the extra pairs: the verdict already reached stands.
                return result(early, pairs, warmUpPairs, steadyState, repetitions);
            }
            if (spent + estimate > budgetNanos) {
                String why = pairs.isEmpty()
                        ? SpeedupReasons.firstLookDoesNotFit(settings.budget(), look, estimate, spent)
                        : SpeedupReasons.budgetExceeded(settings.budget(), batch, estimate);
                SpeedupVerdict stopped = test == null
                        ? PairStatistics.of(pairs).verdict(Verdict.INCONCLUSIVE,
                                SpeedupReasons.estimateStopped(why, PairStatistics.of(pairs)), false)
                        : test.inconclusive(pairs, why);
                return result(stopped, pairs, warmUpPairs, steadyState, repetitions);
            }
            for (int i = 0; i < batch; ) {
                if (orders.isEmpty()) {
                    orders.addAll(balancedBlock());
                }
                boolean baselineFirst = orders.remove();
                MachineCounters.Snapshot before = counters.read();
                long pairStart = clock.getAsLong();
                long[] times = pair(baselineFirst, false, repetitions);
                long wall = Math.max(1, clock.getAsLong() - pairStart);
                MachineCounters.Snapshot after = counters.read();
                Pair pair = new Pair(times[0], times[1], baselineFirst,
                        counters.between(before, after, wall, busyCores, settings.cores()));
                // Room for the rest of the batch, this pair taken again included, must remain in the budget.
                long reserve = (long) Math.ceil((batch - i) * Math.max(perPair, wall));
                if (pair.disturbance().disturbed() && setAside.size() < MAX_SET_ASIDE && !quietGaveUp
                        && waitForQuiet(reserve)) {
                    // Taken again in the same order, so that the block stays balanced.
                    setAside.add(pair);
                    orders.addFirst(baselineFirst);
                    continue;
                }
                measuredWall += wall;
                pairs.add(pair);
                i++;
            }
            if (test == null) {
                PairStatistics statistics = PairStatistics.of(pairs);
                return result(statistics.verdict(Verdict.MEASURED, SpeedupReasons.estimated(statistics), false), pairs,
                        warmUpPairs, steadyState, repetitions);
            }
            Optional<SpeedupVerdict> verdict = test.decide(pairs);
            if (verdict.isPresent() && pairs.size() < settings.minPairs()
                    && SequentialSpeedupTest.nextLook(pairs.size()) > 0) {
                // Decided early, but the figures must rest on more pairs: look again later.
                early = verdict.get();
                continue;
            }
            if (verdict.isPresent()) {
                return result(verdict.get(), pairs, warmUpPairs, steadyState, repetitions);
            }
        }
    }

    /**
     * The body's CPU share on a baseline run (one worker) of about {@value #SHARE_RUN_NANOS} ns. A run during
     * which this JVM's JIT compiler was busy is taken again, and the lowest share kept (compiling only
     * adds CPU). A run during which other processes saturated the machine is taken again once it is
     * quiet; when every run was starved so ({@value #SHARE_ATTEMPTS} at most, or until a quarter of the
     * budget is gone), the share is taken as 1, which can only make bounds look harder to reach and
     * load look more disturbing.
     */
    private CpuShare measureShare(long once) throws Throwable {
        int cores = settings.cores();
        // On one worker: no contention between workers (a shared lock, a saturated core) can lower the figure.
        // The baseline lasts about as long as the parallel side times its speedup: aim at the share run's length.
        long perCore = Math.max(1, once * Math.min(settings.activeWorkers(), cores));
        int repetitions = (int) Math.min(MAX_REPETITIONS, Math.max(1, (SHARE_RUN_NANOS + perCore - 1) / perCore));
        CpuShare starved = null;
        CpuShare compiling = null;
        for (int attempt = 0; attempt < SHARE_ATTEMPTS; attempt++) {
            MachineCounters.Snapshot before = counters.read();
            long runStart = clock.getAsLong();
            SideRunner.Timed timed = timeReadingThreads(repetitions);
            long wall = Math.max(1, clock.getAsLong() - runStart);
            MachineCounters.Snapshot after = counters.read();
            double capacity = (double) wall * cores;
            boolean stolen = after.stealNanos() - before.stealNanos() > MachineCounters.STEAL_LIMIT * capacity
                    || after.throttledNanos() > before.throttledNanos();
            long cpu = Math.max(0, after.ownCpuNanos() - before.ownCpuNanos());
            long others = Math.max(0, after.othersBusyNanos() - before.othersBusyNanos());
            long machineBusy = Math.max(0, after.machineBusyNanos() - before.machineBusyNanos());
            // The one worker was starved only when others left it no core of the ones it could use.
            boolean saturated = stolen || machineBusy >= SATURATED * capacity
                    && others > Math.max((cores - 1) * (double) wall + MachineCounters.OTHERS_LIMIT * capacity,
                            MachineCounters.OTHERS_FLOOR_NANOS);
            if (timed.threads().isPresent() && !stolen) {
                ThreadCpu threads = timed.threads().get();
                // Helper threads the body starts (a parallel stream) compute outside the worker: then judge by the
                // process, which also counts the JIT compiler's and the collector's work, so only a clear excess.
                // In worker JVMs the workers' processes say what ran outside the worker threads, less their JIT.
                long outside = timed.outsideNanos() >= 0 ? timed.outsideNanos() : cpu - threads.runNanos();
                if (outside <= HELPERS * capacity) {
                    return CpuShare.ofThreads(threads, 1, cores);
                }
            }
            long compilation = Math.max(0, after.compilationNanos() - before.compilationNanos());
            if (!saturated) {
                CpuShare share = CpuShare.of(cpu, wall, 1, cores);
                if (compilation <= COMPILING * capacity) {
                    return compiling == null || share.share() <= compiling.share() ? share : compiling;
                }
                // The JIT compiler worked beside the body and its CPU counts as the body's: run again, keep the lowest.
                compiling = compiling == null || share.share() < compiling.share() ? share : compiling;
                continue;
            }
            CpuShare attemptShare = CpuShare.assumedComputing(cpu, wall, 1, cores,
                    stolen ? "the hypervisor or the cgroup quota took CPU time from it" : CpuShare.SATURATED);
            starved = starved == null || attemptShare.measured() > starved.measured() ? attemptShare : starved;
            if (attempt == SHARE_ATTEMPTS - 1 || elapsed() >= MAX_WARM_UP_SHARE * budgetNanos) {
                break;
            }
            // Strict while waiting: as if every active worker computed.
            double strict = Math.max(1, Math.min(settings.activeWorkers(), cores));
            if (!waitForQuiet(strict, (long) (MAX_WARM_UP_SHARE * budgetNanos))) {
                break;
            }
        }
        return compiling != null ? compiling : starved;
    }

    /** {@link #waitForQuiet(double, long)} at the busy cores of the measurement, leaving {@code reserveNanos} of the budget. */
    private boolean waitForQuiet(long reserveNanos) throws InterruptedException {
        boolean quiet = waitForQuiet(busyCores, budgetNanos - reserveNanos);
        if (!quiet) {
            quietGaveUp = true;
        }
        return quiet;
    }

    /**
     * Waits until one window of {@value #QUIET_WINDOW_NANOS} ns shows no disturbance for a test that
     * keeps {@code busy} cores busy, or until the next window would end after {@code until} nanoseconds
     * of the measurement.
     *
     * @return whether the machine became quiet
     */
    private boolean waitForQuiet(double busy, long until) throws InterruptedException {
        long waitStart = clock.getAsLong();
        try {
            while (elapsed() + QUIET_WINDOW_NANOS <= until) {
                MachineCounters.Snapshot before = counters.read();
                long windowStart = clock.getAsLong();
                pause.pause(QUIET_WINDOW_NANOS);
                long window = Math.max(1, clock.getAsLong() - windowStart);
                if (!counters.between(before, counters.read(), window, busy, settings.cores()).disturbed()) {
                    return true;
                }
            }
            return false;
        } finally {
            quietWaitNanos += clock.getAsLong() - waitStart;
        }
    }

    private int repetitions(long once) {
        if (once >= settings.minSideNanos()) {
            return 1;
        }
        return (int) Math.min(MAX_REPETITIONS, (settings.minSideNanos() + once - 1) / once);
    }

    /** Baseline and parallel time of one pair, in that order whichever ran first. */
    private long[] pair(boolean baselineFirst, boolean warmUp, int repetitions) throws Throwable {
        long[] times = new long[2];
        if (baselineFirst) {
            times[0] = time(Side.BASELINE, warmUp, repetitions);
            times[1] = time(Side.PARALLEL, warmUp, repetitions);
        } else {
            times[1] = time(Side.PARALLEL, warmUp, repetitions);
            times[0] = time(Side.BASELINE, warmUp, repetitions);
        }
        return times;
    }

    private SideRunner.Timed timeReadingThreads(int repetitions) throws Throwable {
        int index = runIndex++;
        SideRunner.Timed timed = runner.runReadingThreads(Side.BASELINE, index, true, repetitions);
        if (timed.nanos() <= 0) {
            throw new IllegalStateException("the runner returned " + timed.nanos() + " ns for BASELINE run " + index
                    + ", but a run's time must be > 0");
        }
        return timed;
    }

    private long time(Side side, boolean warmUp, int repetitions) throws Throwable {
        int index = runIndex++;
        long nanos = runner.run(side, index, warmUp, repetitions);
        if (nanos <= 0) {
            throw new IllegalStateException("the runner returned " + nanos + " ns for " + side + " run " + index
                    + ", but a run's time must be > 0");
        }
        return nanos;
    }

    private List<Boolean> balancedBlock() {
        List<Boolean> block = new ArrayList<>(ORDER_BLOCK);
        for (int i = 0; i < ORDER_BLOCK; i++) {
            block.add(i < ORDER_BLOCK / 2);
        }
        Collections.shuffle(block, random);
        return block;
    }

    /** Whether the median of the last 3 times moved less than {@link #SETTLED_CHANGE} with the latest one. */
    static boolean settled(List<Long> times) {
        int n = times.size();
        if (n < 2) {
            return false;
        }
        double current = medianOfLastThree(times.subList(0, n));
        double previous = medianOfLastThree(times.subList(0, n - 1));
        return Math.abs(current - previous) < SETTLED_CHANGE * previous;
    }

    private static double medianOfLastThree(List<Long> times) {
        int n = times.size();
        long[] last = times.subList(Math.max(0, n - 3), n).stream().mapToLong(Long::longValue).sorted().toArray();
        return last.length % 2 == 1
                ? last[last.length / 2]
                : (last[last.length / 2 - 1] + (double) last[last.length / 2]) / 2;
    }

    private long elapsed() {
        return clock.getAsLong() - start;
    }

    private SpeedupResult result(SpeedupVerdict verdict, List<Pair> pairs, int warmUpPairs, boolean steadyState,
            int repetitions) {
        return new SpeedupResult(verdict, pairs, warmUpPairs, steadyState, repetitions, Duration.ofNanos(elapsed()),
                Optional.ofNullable(share), setAside, Duration.ofNanos(quietWaitNanos), Duration.ZERO, Duration.ZERO,
                Optional.empty());
    }
}
