package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * Measures a speedup with the protocol that keeps verdicts honest on noisy machines, in steps that
 * each own their state: {@link Calibration} of the repetitions, the {@link ShareRun} for {@code AUTO},
 * the {@link WarmUp} until the times settle, then the {@link PairLoop}, which takes baseline/parallel
 * pairs in balanced random order until its {@link PairDecider} (the {@link SequentialSpeedupTest} at its
 * planned looks, or {@link FixedPairs} without bounds) decides, within a {@link TimeBudget}.
 *
 * <p>Pairs rather than all baselines then all parallel runs, because slow drift of the machine then
 * affects both sides of each ratio alike instead of turning into a false difference; random order,
 * balanced in blocks of 4, because the second run of a pair may profit from the first.
 */
@API(status = INTERNAL, since = "0.1")
public final class SpeedupMeasurement {

    /** Pairs measured when there is no bound to decide on (a sweep point), budget permitting. */
    public static final int ESTIMATE_PAIRS = 12;

    /** The machine is quiet when one window this long shows no disturbance. */
    static final long QUIET_WINDOW_NANOS = 200_000_000L;

    private final MeasurementSettings settings;
    private final MachineCounters counters;
    private final Random random;
    private final ShareCheck shareCheck;
    private final TimeBudget budget;
    private final SideRuns runs;
    private final QuietWait quiet;

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

    private SpeedupMeasurement(
            SideRunner runner,
            MeasurementSettings settings,
            MachineCounters counters,
            LongSupplier clock,
            Pause pause,
            Random random,
            ShareCheck shareCheck) {
        this.settings = settings;
        this.counters = counters;
        this.random = random;
        this.shareCheck = shareCheck;
        this.budget = new TimeBudget(clock, settings.budget());
        this.runs = new SideRuns(runner);
        this.quiet = new QuietWait(counters, budget, pause, settings.cores());
    }

    /**
     * Runs the protocol and returns the verdict with the pairs behind it.
     *
     * <ol>
     *   <li>{@link Calibration}: one parallel run with one repetition; when it took less than
     *       {@link MeasurementSettings#minSideNanos()} both sides repeat the tasks
     *       {@code ceil(minSideNanos / t)} times, at most {@value Calibration#MAX_REPETITIONS}.
     *   <li>{@link WarmUp}: pairs, discarded (then, when the warm parallel times call for more than twice
     *       the repetitions, the repetitions raised to what they call for and 2 more warm-up pairs): at least
     *       {@value WarmUp#MIN_PAIRS}, until the median of the
     *       last 3 baseline times and that of the last 3 parallel times each moved less than 10% from
     *       the same median one pair earlier (over fewer times while there are fewer than 3); at most
     *       {@value WarmUp#MAX_PAIRS} pairs or a quarter of the budget, and then not a steady state.
     *   <li>{@link PairLoop}: measured pairs in blocks of 4, two baseline-first and two parallel-first in
     *       random order ({@link BalancedOrder}), each with the machine counters read around it.
     *   <li>A decision at each look of the {@link PairDecider}: the {@link SequentialSpeedupTest} at each of
     *       {@link SequentialSpeedupTest#LOOKS}; without bounds ({@link MeasurementSettings#bounds()} null),
     *       {@value #ESTIMATE_PAIRS} {@link FixedPairs} and the verdict {@link Verdict#MEASURED}. Before each
     *       batch its time is estimated from the mean pair so far; a batch that would overrun the budget is
     *       not started and the verdict is INCONCLUSIVE.
     * </ol>
     *
     * @param nanoClock the clock the budget is measured with, {@code System::nanoTime} outside tests
     * @param random decides the order within each block of pairs
     * @throws Throwable whatever the runner threw, at once
     */
    public static SpeedupResult measure(
            SideRunner runner,
            MeasurementSettings settings,
            MachineCounters counters,
            LongSupplier nanoClock,
            Random random)
            throws Throwable {
        return measure(runner, settings, counters, nanoClock, SpeedupMeasurement::sleep, random, share -> {});
    }

    /**
     * As above; when {@link MeasurementSettings#measureShare()}, the CPU share is measured right after
     * the first calibration run (the {@link ShareRun}: a baseline run of about {@value ShareRun#RUN_NANOS} ns,
     * taken again after waiting for quiet when other processes saturated the machine, at most
     * {@value ShareRun#ATTEMPTS} times) and handed to {@code shareCheck} before warm-up.
     *
     * <p>A measured pair that the counters mark disturbed is set aside; the measurement then waits
     * until a window of {@value #QUIET_WINDOW_NANOS} ns shows no disturbance and takes the pair again,
     * as long as the budget allows. Once a wait for quiet reaches the end of the budget, later
     * disturbed pairs are kept, and the sequential test treats them as before (a FAIL must hold
     * without them).
     *
     * @param pause how the measurement waits for quiet
     */
    public static SpeedupResult measure(
            SideRunner runner,
            MeasurementSettings settings,
            MachineCounters counters,
            LongSupplier nanoClock,
            Pause pause,
            Random random,
            ShareCheck shareCheck)
            throws Throwable {
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
    public static CpuShare measureShare(
            SideRunner runner,
            MeasurementSettings settings,
            MachineCounters counters,
            LongSupplier nanoClock,
            Pause pause)
            throws Throwable {
        SpeedupMeasurement measurement = new SpeedupMeasurement(
                Objects.requireNonNull(runner, "runner"),
                Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(counters, "counters"),
                Objects.requireNonNull(nanoClock, "nanoClock"),
                Objects.requireNonNull(pause, "pause"),
                new Random(0),
                share -> {});
        return measurement.shareRun().measure(measurement.calibrate().onceNanos());
    }

    /** A measurement that did not take place, INCONCLUSIVE (environment) for {@code why}. */
    public static SpeedupResult notMeasured(String why) {
        Objects.requireNonNull(why, "why");
        return new SpeedupResult(
                PairStatistics.of(List.of()).verdict(Verdict.INCONCLUSIVE, why, true),
                List.of(),
                0,
                false,
                1,
                Duration.ZERO);
    }

    /** The default pause: {@code Thread.sleep}. */
    public static void sleep(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    }

    private SpeedupResult run() throws Throwable {
        Calibration calibration = calibrate();
        Optional<CpuShare> share = Optional.empty();
        double busyCores = settings.busyCores();
        if (settings.measureShare()) {
            CpuShare measured = shareRun().measure(calibration.onceNanos());
            share = Optional.of(measured);
            busyCores = measured.busyCores(settings.activeWorkers());
            shareCheck.check(measured);
        }
        WarmUp.Done warm = new WarmUp(runs, budget, settings.minSideNanos()).run(calibration.repetitions());
        PairLoop.Taken taken = new PairLoop(
                        settings, busyCores, runs, counters, budget, quiet, new BalancedOrder(random))
                .take(PairDecider.of(settings), warm);
        return new SpeedupResult(
                taken.verdict(),
                taken.pairs(),
                warm.pairs(),
                warm.steadyState(),
                warm.repetitions(),
                Duration.ofNanos(budget.elapsed()),
                share,
                taken.setAside(),
                quiet.waited(),
                Duration.ZERO,
                Duration.ZERO,
                Optional.empty());
    }

    private Calibration calibrate() throws Throwable {
        return Calibration.measure(runs, settings.minSideNanos());
    }

    private ShareRun shareRun() {
        return new ShareRun(settings, runs, counters, budget, quiet);
    }
}
