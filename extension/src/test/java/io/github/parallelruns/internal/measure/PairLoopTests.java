package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measured pairs with each decider, on a quiet fake machine whose clock moves only with the runs. */
class PairLoopTests {

    private static final long MS = 1_000_000L;

    @TempDir
    Path root;

    private MachineCounters counters;
    private long now = 7_000_000_000L;
    private final List<Boolean> firstSides = new ArrayList<>();

    @BeforeEach
    void quietMachine() throws IOException {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  0 0 0 0 0 0 0 0 0 0\n");
        counters = MachineCounters.reading(proc, Files.createDirectories(root.resolve("cgroup")));
    }

    @Test
    void fixedPairsTakeTheirCountAndEstimate() throws Throwable {
        PairLoop.Taken taken = take(new FixedPairs(12), Duration.ofSeconds(10), 0, 2.0);

        assertThat(taken.pairs()).hasSize(12);
        assertThat(taken.setAside()).isEmpty();
        assertThat(taken.verdict().verdict()).isEqualTo(Verdict.MEASURED);
        assertThat(taken.verdict().reason())
                .isEqualTo("measured without a bound: speedup 2.00x [2.00x, 2.00x] after 12 pairs");
    }

    @Test
    void fixedPairsThatDoNotFitTheBudgetAreNotStarted() throws Throwable {
        // Warm-up pairs of 150 ms: 12 more need 1.8 s of the 1 s.
        PairLoop.Taken taken = take(new FixedPairs(12), Duration.ofSeconds(1), 0, 2.0);

        assertThat(taken.pairs()).isEmpty();
        assertThat(firstSides).isEmpty();
        assertThat(taken.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(taken.verdict().reason())
                .isEqualTo("the time budget of 1 s cannot fit the first 12 pairs a "
                        + "verdict needs (about 1.8 s after 0 s of calibration and warm-up), so no pairs were measured: "
                        + "raise parallelruns.speedup.budget or shorten the test body");
    }

    @Test
    void fixedPairsIgnoreTheLeastNumberOfPairs() throws Throwable {
        PairLoop.Taken taken = take(new FixedPairs(12), Duration.ofSeconds(10), 30, 2.0);

        assertThat(taken.pairs()).hasSize(12);
        assertThat(taken.verdict().verdict()).isEqualTo(Verdict.MEASURED);
    }

    @Test
    void theSequentialTestStopsAtItsFirstLookWhenClear() throws Throwable {
        PairLoop.Taken taken =
                take(new SequentialSpeedupTest(SpeedupBounds.atLeast(1.5)), Duration.ofSeconds(10), 0, 2.0);

        assertThat(taken.pairs()).hasSize(8);
        assertThat(taken.verdict().verdict()).isEqualTo(Verdict.PASS);
        assertThat(taken.verdict().reason())
                .isEqualTo("speedup 2.00x [2.00x, 2.00x] meets the bound of at least "
                        + "1.50x (with 5% tolerance: 1.42x) after 8 pairs");
        assertThat(firstSides.subList(0, 4)).containsExactlyInAnyOrder(true, true, false, false);
        assertThat(firstSides.subList(4, 8)).containsExactlyInAnyOrder(true, true, false, false);
    }

    @Test
    void theSequentialTestTakesPairsUpToTheLeastNumberAfterAnEarlyVerdict() throws Throwable {
        PairLoop.Taken taken =
                take(new SequentialSpeedupTest(SpeedupBounds.atLeast(1.5)), Duration.ofSeconds(10), 12, 2.0);

        assertThat(taken.pairs()).hasSize(12);
        assertThat(taken.verdict().verdict()).isEqualTo(Verdict.PASS);
        assertThat(taken.verdict().pairs()).isEqualTo(12);
    }

    @Test
    void theSequentialTestFailsAtEighteenPairs() throws Throwable {
        PairLoop.Taken taken =
                take(new SequentialSpeedupTest(SpeedupBounds.atLeast(3)), Duration.ofSeconds(30), 0, 2.0);

        assertThat(taken.pairs()).hasSize(18);
        assertThat(taken.verdict().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(taken.verdict().reason())
                .isEqualTo("speedup 2.00x [2.00x, 2.00x] is below the bound 3.00x "
                        + "(with 5% tolerance: 2.85x) after 18 pairs");
    }

    @Test
    void theSequentialTestStoppedByTheBudgetKeepsItsFigures() throws Throwable {
        // Pairs of 150 ms: 8 then 4 fit in 2.5 s, 6 more do not.
        PairLoop.Taken taken =
                take(new SequentialSpeedupTest(SpeedupBounds.atLeast(3)), Duration.ofMillis(2500), 0, 2.0);

        assertThat(taken.pairs()).hasSize(12);
        assertThat(taken.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(taken.verdict().reason())
                .isEqualTo("the time budget of 2.5 s would be exceeded by the next 6 "
                        + "pairs (about 0.9 s); after 12 pairs, speedup 2.00x [2.00x, 2.00x] could not yet be judged against "
                        + "the bound of at least 3.00x (with 5% tolerance: 2.85x)");
    }

    /** Pairs of a 100 ms baseline and a parallel side {@code speedup} times faster, warm-up paced at 150 ms a pair. */
    private PairLoop.Taken take(PairDecider decider, Duration budget, int minPairs, double speedup) throws Throwable {
        long parallel = Math.round(100 * MS / speedup);
        SideRunner body = (side, runIndex, warmUp, repetitions) -> {
            long nanos = side == Side.BASELINE ? 100 * MS : parallel;
            // The loop's runs count from 0 here: an even index begins a pair.
            if (runIndex % 2 == 0) {
                firstSides.add(side == Side.BASELINE);
            }
            now += nanos;
            return nanos;
        };
        MeasurementSettings settings = new MeasurementSettings(null, budget, 0, 2, 2, minPairs);
        TimeBudget clock = new TimeBudget(() -> now, budget);
        QuietWait quiet = new QuietWait(counters, clock, nanos -> now += nanos, 2);
        PairLoop loop = new PairLoop(
                settings, 2, new SideRuns(body), counters, clock, quiet, new BalancedOrder(new Random(3L)));
        return loop.take(decider, new WarmUp.Done(2, true, 1, 2 * (100 * MS + parallel), 2));
    }
}
