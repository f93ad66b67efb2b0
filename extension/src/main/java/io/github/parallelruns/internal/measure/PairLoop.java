package io.github.parallelruns.internal.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The measured pairs: batches up to each look of a {@link PairDecider}, each batch started only when
 * its estimated time fits in the budget, each pair with the machine counters read around it, and a
 * pair that other load disturbed set aside and taken again once the machine is quiet.
 */
final class PairLoop {

    /** Pairs set aside for disturbance and taken again, at most; later disturbed pairs are kept as they are. */
    static final int MAX_SET_ASIDE = 40;

    /** Waiting for quiet this share of the budget or more makes a budget that ran out the machine's doing. */
    static final double QUIET_SHARE_OF_BUDGET = 0.25;

    private final MeasurementSettings settings;
    private final double busyCores;
    private final SideRuns runs;
    private final MachineCounters counters;
    private final TimeBudget budget;
    private final QuietWait quiet;
    private final BalancedOrder orders;
    private final List<Pair> pairs = new ArrayList<>();
    private final List<Pair> setAside = new ArrayList<>();
    private long measuredWall;
    private boolean quietGaveUp;

    /**
     * @param busyCores the cores' worth of CPU the parallel side keeps busy, for judging other load
     */
    PairLoop(
            MeasurementSettings settings,
            double busyCores,
            SideRuns runs,
            MachineCounters counters,
            TimeBudget budget,
            QuietWait quiet,
            BalancedOrder orders) {
        this.settings = settings;
        this.busyCores = busyCores;
        this.runs = runs;
        this.counters = counters;
        this.budget = budget;
        this.quiet = quiet;
        this.orders = orders;
    }

    /**
     * The pairs and the verdict on them.
     *
     * @param pairs the measured pairs in the order they ran
     * @param setAside the disturbed pairs taken again, in the order they ran
     */
    record Taken(SpeedupVerdict verdict, List<Pair> pairs, List<Pair> setAside) {

        Taken {
            pairs = List.copyOf(pairs);
            setAside = List.copyOf(setAside);
        }
    }

    /**
     * Takes pairs until {@code decider} decides, or the next batch would overrun the budget (then
     * INCONCLUSIVE, or the verdict already reached when only {@link MeasurementSettings#minPairs()} asked for
     * more). A verdict before the least number of pairs is kept, and the pairs taken up to the next look.
     */
    Taken take(PairDecider decider, WarmUp.Done warm) throws Throwable {
        Optional<SpeedupVerdict> early = Optional.empty();
        while (true) {
            int look = decider.lookAfter(pairs.size())
                    .orElseThrow(() -> new IllegalStateException(
                            "the sequential test took all " + pairs.size() + " pairs without a verdict"));
            int batch = look - pairs.size();
            double perPair = pairs.isEmpty() ? warm.nanosPerPair() : (double) measuredWall / pairs.size();
            long estimate = (long) Math.ceil(batch * perPair);
            long spent = budget.elapsed();
            if (spent + estimate > budget.nanos()) {
                // No time for the extra pairs: a verdict already reached stands.
                if (early.isPresent()) {
                    return taken(early.get());
                }
                return taken(budgetSpent(decider, look, batch, estimate, spent));
            }
            takeBatch(batch, perPair, warm.repetitions());
            Optional<SpeedupVerdict> verdict = decider.decide(pairs);
            if (verdict.isPresent()
                    && pairs.size() < settings.minPairs()
                    && decider.lookAfter(pairs.size()).isPresent()) {
                // Decided early, but the figures must rest on more pairs: look again later.
                early = verdict;
                continue;
            }
            if (verdict.isPresent()) {
                return taken(verdict.get());
            }
        }
    }

    /**
     * INCONCLUSIVE for a budget that cannot hold the next batch: the machine's doing (environment) when the
     * measurement spent {@link #QUIET_SHARE_OF_BUDGET} of the budget waiting for quiet, or when more than
     * {@link SequentialSpeedupTest#DISTURBED_SHARE_LIMIT} of the pairs kept were disturbed; the reason then says
     * which.
     */
    private SpeedupVerdict budgetSpent(PairDecider decider, int look, int batch, long estimate, long spent) {
        String why = pairs.isEmpty()
                ? SpeedupReasons.firstLookDoesNotFit(budget.duration(), look, estimate, spent)
                : SpeedupReasons.budgetExceeded(budget.duration(), batch, estimate);
        long waited = quiet.waited().toNanos();
        List<Pair> disturbed = new ArrayList<>();
        for (Pair pair : pairs) {
            if (pair.disturbance().disturbed()) {
                disturbed.add(pair);
            }
        }
        boolean waitedLong = waited >= QUIET_SHARE_OF_BUDGET * budget.nanos();
        boolean mostlyDisturbed =
                !pairs.isEmpty() && disturbed.size() > SequentialSpeedupTest.DISTURBED_SHARE_LIMIT * pairs.size();
        if (waitedLong || mostlyDisturbed) {
            why = SpeedupReasons.machineSpentTheBudget(
                    why,
                    waited,
                    setAside.size(),
                    disturbed.size(),
                    pairs.size(),
                    disturbed.isEmpty()
                            ? (setAside.isEmpty()
                                    ? null
                                    : setAside.get(0).disturbance().reason())
                            : disturbed.get(0).disturbance().reason());
        }
        return decider.inconclusive(pairs, why, waitedLong || mostlyDisturbed);
    }

    private void takeBatch(int batch, double perPair, int repetitions) throws Throwable {
        for (int i = 0; i < batch; ) {
            boolean baselineFirst = orders.nextBaselineFirst();
            MachineCounters.Snapshot before = counters.read();
            long pairStart = budget.now();
            Pair times = runs.pair(baselineFirst, false, repetitions);
            long wall = Math.max(1, budget.now() - pairStart);
            MachineCounters.Snapshot after = counters.read();
            Pair pair = times.withDisturbance(counters.between(before, after, wall, busyCores, settings.cores()));
            // Room for the rest of the batch, this pair taken again included, must remain in the budget.
            long reserve = (long) Math.ceil((batch - i) * Math.max(perPair, wall));
            if (pair.disturbance().disturbed()
                    && setAside.size() < MAX_SET_ASIDE
                    && !quietGaveUp
                    && waitForQuiet(reserve)) {
                setAside.add(pair);
                orders.again(baselineFirst);
                continue;
            }
            measuredWall += wall;
            pairs.add(pair);
            i++;
        }
    }

    /**
     * Waits for quiet at the measurement's busy cores, leaving {@code reserveNanos} of the budget; once a wait
     * runs out, later disturbed pairs are kept as they are.
     */
    private boolean waitForQuiet(long reserveNanos) throws InterruptedException {
        boolean quietNow = quiet.until(busyCores, budget.nanos() - reserveNanos);
        if (!quietNow) {
            quietGaveUp = true;
        }
        return quietNow;
    }

    private Taken taken(SpeedupVerdict verdict) {
        return new Taken(verdict, pairs, setAside);
    }
}
