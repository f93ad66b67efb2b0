package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

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

    private static final int ORDER_BLOCK = 4;

    private final SideRunner runner;
    private final MeasurementSettings settings;
    private final MachineCounters counters;
    private final LongSupplier clock;
    private final Random random;
    private final long start;
    private final long budgetNanos;
    private int runIndex;

    private SpeedupMeasurement(SideRunner runner, MeasurementSettings settings, MachineCounters counters,
            LongSupplier clock, Random random) {
        this.runner = runner;
        this.settings = settings;
        this.counters = counters;
        this.clock = clock;
        this.random = random;
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
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(random, "random");
        return new SpeedupMeasurement(runner, settings, counters, nanoClock, random).run();
    }

    private SpeedupResult run() throws Throwable {
        int repetitions = repetitions(time(Side.PARALLEL, true, 1));

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
            for (int i = 0; i < batch; i++) {
                if (orders.isEmpty()) {
                    orders.addAll(balancedBlock());
                }
                boolean baselineFirst = orders.remove();
                MachineCounters.Snapshot before = counters.read();
                long pairStart = clock.getAsLong();
                long[] times = pair(baselineFirst, false, repetitions);
                long wall = Math.max(1, clock.getAsLong() - pairStart);
                MachineCounters.Snapshot after = counters.read();
                measuredWall += wall;
                pairs.add(new Pair(times[0], times[1], baselineFirst,
                        counters.between(before, after, wall, settings.busyThreads(), settings.cores())));
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
        return new SpeedupResult(verdict, pairs, warmUpPairs, steadyState, repetitions, Duration.ofNanos(elapsed()));
    }
}
