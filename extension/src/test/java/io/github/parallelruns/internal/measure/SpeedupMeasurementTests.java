package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.parallelruns.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The protocol on a fake body whose runs take synthetic times on a fake clock. */
class SpeedupMeasurementTests {

    private static final long MS = 1_000_000L;
    private static final SpeedupBounds AT_LEAST_1_8 = SpeedupBounds.atLeast(1.8);

    @TempDir
    Path root;

    private Path proc;
    private MachineCounters counters;

    @BeforeEach
    void quietMachine() throws IOException {
        proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  0 0 0 0 0 0 0 0 0 0\n");
        counters = MachineCounters.reading(proc, Files.createDirectories(root.resolve("cgroup")));
    }

    @ParameterizedTest(name = "one parallel run of {0} ns: {1} repetitions")
    @CsvSource({"1000000, 20", "3000000, 7", "20000000, 1", "30000000, 1", "1, 10000"})
    void repeatsShortBodiesSoEachSideLastsTheMinimum(long parallelNanos, int repetitions) throws Throwable {
        FakeBody body = new FakeBody(
                (call, nth) -> call.repetitions() * (call.side() == Side.BASELINE ? 2 : 1) * parallelNanos);

        SpeedupResult result = measure(
                body,
                settings(
                        SpeedupBounds.atLeast(1.5),
                        Duration.ofSeconds(1000),
                        MeasurementSettings.DEFAULT_MIN_SIDE_NANOS));

        assertThat(body.calls.get(0)).isEqualTo(new Call(Side.PARALLEL, 0, true, 1));
        assertThat(body.calls.subList(1, body.calls.size()))
                .allSatisfy(call -> assertThat(call.repetitions()).isEqualTo(repetitions));
        assertThat(result.repetitions()).isEqualTo(repetitions);
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void settledTimesEndWarmUpAfterTwoPairs() throws Throwable {
        FakeBody body = new FakeBody((call, nth) -> call.side() == Side.BASELINE ? 100 * MS : 50 * MS);

        SpeedupResult result = measure(body, settings(SpeedupBounds.atLeast(1.5), Duration.ofSeconds(10), 0));

        assertThat(result.warmUpPairs()).isEqualTo(2);
        assertThat(result.steadyState()).isTrue();
        assertThat(body.calls)
                .extracting(Call::warmUp)
                .containsExactly(
                        true, true, true, true, true, false, false, false, false, false, false, false, false, false,
                        false, false, false, false, false, false, false);
        assertThat(result.pairs()).hasSize(8);
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aLeastNumberOfPairsKeepsMeasuringAfterAnEarlyPass() throws Throwable {
        FakeBody body = new FakeBody((call, nth) -> call.side() == Side.BASELINE ? 100 * MS : 50 * MS);

        SpeedupResult result =
                measure(body, new MeasurementSettings(SpeedupBounds.atLeast(1.5), Duration.ofSeconds(10), 0, 2, 2, 12));

        assertThat(result.pairs()).hasSize(12);
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.verdict().pairs()).isEqualTo(12);
    }

    @Test
    void anEarlyPassStandsWhenTheBudgetHasNoRoomForTheLeastNumberOfPairs() throws Throwable {
        // Pairs of 150 ms: 2 warm-up pairs and 8 measured ones fit in 1.6 s, 4 more do not.
        FakeBody body = new FakeBody((call, nth) -> call.side() == Side.BASELINE ? 100 * MS : 50 * MS);

        SpeedupResult result = measure(
                body, new MeasurementSettings(SpeedupBounds.atLeast(1.5), Duration.ofMillis(1600), 0, 2, 2, 12));

        assertThat(result.pairs()).hasSize(8);
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void withoutBoundsTwelvePairsAreAnEstimate() throws Throwable {
        FakeBody body = new FakeBody((call, nth) -> call.side() == Side.BASELINE ? 100 * MS : 50 * MS);

        SpeedupResult result = measure(body, new MeasurementSettings(null, Duration.ofSeconds(10), 0, 2, 2));

        assertThat(result.pairs()).hasSize(SpeedupMeasurement.ESTIMATE_PAIRS);
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.MEASURED);
        assertThat(result.verdict().speedup()).isEqualTo(2.0);
        assertThat(result.verdict().reason()).startsWith("measured without a bound: speedup 2.00x");
    }

    @Test
    void aCalibrationRunSlowedByColdCodeIsCorrectedAfterWarmUp() throws Throwable {
        // The first run, before compilation, takes 30 ms; warm, a parallel run of the tasks takes 2 ms.
        FakeBody body = new FakeBody((call, nth) ->
                call.runIndex() == 0 ? 30 * MS : call.repetitions() * (call.side() == Side.BASELINE ? 4 * MS : 2 * MS));

        SpeedupResult result = measure(
                body,
                settings(
                        SpeedupBounds.atLeast(1.5),
                        Duration.ofSeconds(100),
                        MeasurementSettings.DEFAULT_MIN_SIDE_NANOS));

        assertThat(body.calls.get(1).repetitions()).isEqualTo(1);
        assertThat(result.repetitions()).isEqualTo(10);
        assertThat(result.warmUpPairs()).isEqualTo(4);
        assertThat(body.calls)
                .filteredOn(call -> !call.warmUp())
                .allSatisfy(call -> assertThat(call.repetitions()).isEqualTo(10));
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void warmUpContinuesWhileTheMedianStillMoves() throws Throwable {
        long[] baseline = {100, 60, 40};
        // The first parallel run is the calibration.
        long[] parallel = {50, 50, 30, 20};
        FakeBody body = new FakeBody((call, nth) -> !call.warmUp()
                ? (call.side() == Side.BASELINE ? 40 : 20) * MS
                : (call.side() == Side.BASELINE ? at(baseline, nth) : at(parallel, nth)) * MS);

        SpeedupResult result = measure(body, settings(SpeedupBounds.atLeast(1.5), Duration.ofSeconds(10), 0));

        // Medians of the last 3 (or fewer): 100, 80, 60, 40, 40 for the baseline.
        assertThat(result.warmUpPairs()).isEqualTo(5);
        assertThat(result.steadyState()).isTrue();
    }

    @Test
    void warmUpStopsAfterTenPairsWithoutSteadyState() throws Throwable {
        FakeBody body =
                new FakeBody((call, nth) -> call.side() == Side.PARALLEL ? 10 * MS : (nth % 2 == 0 ? 20 : 40) * MS);

        SpeedupResult result = measure(body, settings(SpeedupBounds.atLeast(1.5), Duration.ofSeconds(10), 0));

        assertThat(result.warmUpPairs()).isEqualTo(10);
        assertThat(result.steadyState()).isFalse();
    }

    @Test
    void warmUpStopsAfterAQuarterOfTheBudget() throws Throwable {
        FakeBody body =
                new FakeBody((call, nth) -> call.side() == Side.PARALLEL ? 50 * MS : (nth % 2 == 0 ? 100 : 200) * MS);

        SpeedupResult result = measure(body, settings(SpeedupBounds.atLeast(1.5), Duration.ofSeconds(2), 0));

        // 50 ms calibration, then pairs of 150, 250 and 150 ms: 600 ms is past 500 ms.
        assertThat(result.warmUpPairs()).isEqualTo(3);
        assertThat(result.steadyState()).isFalse();
    }

    @Test
    void ordersAreRandomButBalancedInBlocksOfFour() throws Throwable {
        FakeBody body = straddlingTheBound();

        SpeedupResult result = measure(body, settings(AT_LEAST_1_8, Duration.ofSeconds(30), 0));

        List<Pair> pairs = result.pairs();
        assertThat(pairs).hasSize(40);
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        Set<List<Boolean>> patterns = new HashSet<>();
        for (int block = 0; block < 10; block++) {
            List<Boolean> orders = pairs.subList(block * 4, block * 4 + 4).stream()
                    .map(Pair::baselineFirst)
                    .toList();
            assertThat(orders.stream().filter(first -> first).count())
                    .as("block %d", block)
                    .isEqualTo(2);
            patterns.add(orders);
        }
        assertThat(patterns).hasSizeGreaterThan(1);
        int firstMeasured = 1 + 2 * result.warmUpPairs();
        for (int i = 0; i < pairs.size(); i++) {
            Call first = body.calls.get(firstMeasured + 2 * i);
            assertThat(first.side()).isEqualTo(pairs.get(i).baselineFirst() ? Side.BASELINE : Side.PARALLEL);
            assertThat(pairs.get(i).baselineNanos()).isEqualTo(100 * MS);
            assertThat(pairs.get(i).parallelNanos()).isEqualTo((i % 2 == 0 ? 55 : 65) * MS);
        }
    }

    @Test
    void runIndexCountsEveryRunFromZero() throws Throwable {
        FakeBody body = straddlingTheBound();

        measure(body, settings(AT_LEAST_1_8, Duration.ofSeconds(30), 0));

        assertThat(body.calls)
                .extracting(Call::runIndex)
                .containsExactlyElementsOf(
                        IntStream.range(0, body.calls.size()).boxed().toList());
    }

    @Test
    void stopsBeforeABatchThatWouldOverrunTheBudget() throws Throwable {
        FakeBody body = straddlingTheBound();

        SpeedupResult result = measure(body, settings(AT_LEAST_1_8, Duration.ofSeconds(3), 0));

        // 60 ms calibration + 2 warm-up pairs of 160 ms + 12 pairs of 160 ms on average = 2.3 s; 6 more need 0.96 s.
        assertThat(result.pairs()).hasSize(12);
        assertThat(body.calls).hasSize(1 + 2 * 2 + 2 * 12);
        assertThat(result.spent()).isEqualTo(Duration.ofMillis(2300));
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.verdict().environment()).isFalse();
        assertThat(result.verdict().reason())
                .isEqualTo("the time budget of 3 s would be exceeded by the next 6 pairs "
                        + "(about 1 s); after 12 pairs, speedup 1.67x [1.54x, 1.82x] could not yet be judged against the bound "
                        + "of at least 1.80x (with 5% tolerance: 1.71x)");
    }

    @Test
    void saysHowToFixABudgetTooSmallForTheFirstLook() throws Throwable {
        FakeBody body = straddlingTheBound();

        SpeedupResult result = measure(body, settings(AT_LEAST_1_8, Duration.ofSeconds(1), 0));

        assertThat(result.pairs()).isEmpty();
        assertThat(body.calls).extracting(Call::warmUp).containsOnly(true);
        assertThat(result.spent()).isEqualTo(Duration.ofMillis(380));
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.verdict().reason())
                .isEqualTo("the time budget of 1 s cannot fit the first 8 pairs a verdict "
                        + "needs (about 1.3 s after 0.4 s of calibration and warm-up), so no pairs were measured: "
                        + "raise parallelruns.speedup.budget or shorten the test body");
    }

    @Test
    void aDisturbedPairIsSetAsideAndTakenAgainOnceTheMachineIsQuiet() throws Throwable {
        FakeBody body = new FakeBody((call, nth) -> {
            if (!call.warmUp() && call.side() == Side.BASELINE && nth == 0) {
                // The hypervisor steals a second during the first measured pair.
                Files.writeString(proc.resolve("stat"), "cpu  0 0 0 0 0 0 0 100 0 0\n");
            }
            return call.side() == Side.BASELINE ? 100 * MS : 50 * MS;
        });

        SpeedupResult result = measure(body, settings(SpeedupBounds.atLeast(1.5), Duration.ofSeconds(10), 0));

        assertThat(result.verdict().verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.verdict().disturbedPairs()).isEmpty();
        assertThat(result.setAside()).hasSize(1);
        assertThat(result.setAside().get(0).disturbance().reason())
                .isEqualTo("the hypervisor stole 1000.0 ms of 300.0 ms CPU time (limit 2%)");
        // One quiet window was enough; the retaken pair ran in the same order as the one set aside.
        assertThat(result.quietWait()).isEqualTo(Duration.ofNanos(SpeedupMeasurement.QUIET_WINDOW_NANOS));
        assertThat(result.pairs().get(0).baselineFirst())
                .isEqualTo(result.setAside().get(0).baselineFirst());
        assertThat(result.pairs())
                .allSatisfy(pair -> assertThat(pair.disturbance()).isEqualTo(Disturbance.NONE));
    }

    @Test
    void onAMachineThatStaysBusyTheWaitForQuietEndsWithTheBudgetAndDisturbedPairsAreKept() throws Throwable {
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 100 * MS : 50 * MS;
            othersBusy(nanos);
            return nanos;
        });

        SpeedupResult result = SpeedupMeasurement.measure(
                body,
                settings(SpeedupBounds.atLeast(1.5), Duration.ofSeconds(5), 0),
                counters,
                () -> body.now,
                nanos -> {
                    othersBusy(nanos);
                    body.now += nanos;
                },
                new Random(7L),
                share -> {});

        // Waiting ran until there was room for one more pair only, then the pairs were kept as measured.
        assertThat(result.setAside()).isEmpty();
        assertThat(result.quietWait()).isGreaterThan(Duration.ofSeconds(3));
        assertThat(result.pairs())
                .allSatisfy(pair -> assertThat(pair.disturbance().disturbed()).isTrue());
        assertThat(result.verdict().verdict()).isNotEqualTo(Verdict.FAIL);
        assertThat(result.spent()).isLessThanOrEqualTo(Duration.ofSeconds(5).plusMillis(300));
    }

    @Test
    void aBudgetTheBusyMachineSpentIsInconclusiveForTheMachineAndSaysWhy() throws Throwable {
        // Speedups alternating between 1.6x and 2.5x: too spread to judge a bound of 2 before the budget ends.
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 100 * MS : (nth % 2 == 0 ? 40 * MS : 62 * MS);
            othersBusy(nanos);
            return nanos;
        });

        SpeedupResult result = SpeedupMeasurement.measure(
                body,
                settings(SpeedupBounds.atLeast(2.0), Duration.ofSeconds(5), 0),
                counters,
                () -> body.now,
                nanos -> {
                    othersBusy(nanos);
                    body.now += nanos;
                },
                new Random(7L),
                share -> {});

        assertThat(result.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.verdict().environment()).isTrue();
        assertThat(result.verdict().reason())
                .startsWith("the time budget of 5 s would be exceeded by the next ")
                .containsPattern("because of the machine: it waited \\d+(\\.\\d+)? s for the machine to be quiet, "
                        + "the machine disturbed \\d+ of the \\d+ pairs kept \\(first: other processes used ");
    }

    @Test
    void aBudgetTheSpreadOfTheCodeSpentOnAQuietMachineIsInconclusiveForTheCode() throws Throwable {
        FakeBody body = new FakeBody(
                (call, nth) -> call.side() == Side.BASELINE ? 100 * MS : (nth % 2 == 0 ? 40 * MS : 62 * MS));

        SpeedupResult result = measure(body, settings(SpeedupBounds.atLeast(2.0), Duration.ofSeconds(5), 0));

        assertThat(result.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.verdict().environment()).isFalse();
        assertThat(result.verdict().reason())
                .startsWith("the time budget of 5 s would be exceeded by the next ")
                .doesNotContain("because of the machine");
    }

    @Test
    void withAutoTheShareOfASleepingBodyIsMeasuredAndSetsTheBusyCores() throws Throwable {
        List<CpuShare> seen = new ArrayList<>();
        // 4 workers that mostly sleep: 10 % of each worker's time on a CPU.
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 200 * MS : 50 * MS;
            ownCpu(call.side() == Side.BASELINE ? nanos / 10 : 4 * nanos / 10);
            return nanos;
        });

        SpeedupResult result = SpeedupMeasurement.measure(
                body,
                autoSettings(SpeedupBounds.atLeast(3), 4),
                counters,
                () -> body.now,
                nanos -> body.now += nanos,
                new Random(7L),
                seen::add);

        assertThat(seen).singleElement().satisfies(share -> {
            assertThat(share.assumed()).isFalse();
            // Measured on one worker: 20 ms of CPU in its 200 ms.
            assertThat(share.share()).isEqualTo(0.1);
            assertThat(share.busyCores(4)).isEqualTo(1.0);
        });
        assertThat(result.share()).contains(seen.get(0));
        // The share run comes right after the first calibration run, on the baseline side, and is a warm-up run.
        assertThat(body.calls.get(1)).isEqualTo(new Call(Side.BASELINE, 1, true, 1));
        assertThat(result.verdict().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void withAutoOnThreadsTheShareComesFromTheWorkerThreadsThemselves() throws Throwable {
        // 8 workers computing half their time on 2 cores: in parallel they saturate the cores; on one worker,
        // while another process takes a core now and then, the thread ran 3 parts, waited 2, slept 3.
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 400 * MS : 200 * MS;
            ownCpu(call.side() == Side.BASELINE ? nanos * 3 / 8 : 2 * nanos);
            return nanos;
        });
        body.threads = nanos -> new ThreadCpu(nanos * 3 / 8, nanos * 2 / 8, nanos);

        CpuShare share = SpeedupMeasurement.measureShare(
                body, autoSettings(null, 8), counters, () -> body.now, nanos -> body.now += nanos);

        // 3 / (8 - 2) of the time it did not wait for a CPU.
        assertThat(share.basis()).isEqualTo(CpuShare.Basis.WORKER_THREADS);
        assertThat(share.share()).isEqualTo(0.5);
        assertThat(share.coresCeiling(2)).isEqualTo(4.0);
    }

    @Test
    void withAutoOnThreadsHelperThreadsThatComputeBesideTheWorkersLeadToTheProcessTreesFigure() throws Throwable {
        // The worker waits on a parallel stream: it runs 10 % of its time, the process keeps both cores busy.
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 400 * MS : 200 * MS;
            ownCpu(2 * nanos);
            return nanos;
        });
        body.threads = nanos -> new ThreadCpu(nanos / 10, 0, nanos);

        CpuShare share = SpeedupMeasurement.measureShare(
                body, autoSettings(null, 2), counters, () -> body.now, nanos -> body.now += nanos);

        assertThat(share.basis()).isEqualTo(CpuShare.Basis.PROCESS_TREE);
        assertThat(share.share()).isEqualTo(1.0);
    }

    @Test
    void withAutoInWorkerJvmsTheirCompilerDoesNotCountAsHelperThreads() throws Throwable {
        // A sleeping body on a cold worker JVM: the process tree (here, the worker JVM compiling) keeps a core busy,
        // the worker thread runs 2 % of its time, and the worker JVM says that outside that thread and its compiler
        // it spent 1 %: the share is the worker thread's, not the compiler's.
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 400 * MS : 100 * MS;
            ownCpu(nanos);
            return nanos;
        });
        body.threads = nanos -> new ThreadCpu(nanos / 50, 0, nanos);
        body.outside = nanos -> nanos / 100;

        CpuShare share = SpeedupMeasurement.measureShare(
                body, autoSettings(null, 4), counters, () -> body.now, nanos -> body.now += nanos);

        assertThat(share.basis()).isEqualTo(CpuShare.Basis.WORKER_THREADS);
        assertThat(share.share()).isEqualTo(0.02);
    }

    @Test
    void withAutoInWorkerJvmsHelperThreadsTheyReportLeadToTheProcessTreesFigure() throws Throwable {
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 400 * MS : 100 * MS;
            ownCpu(2 * nanos);
            return nanos;
        });
        body.threads = nanos -> new ThreadCpu(nanos / 10, 0, nanos);
        // Helper threads in the worker JVM computed 1.9 of its cores' time.
        body.outside = nanos -> nanos * 19 / 10;

        CpuShare share = SpeedupMeasurement.measureShare(
                body, autoSettings(null, 2), counters, () -> body.now, nanos -> body.now += nanos);

        assertThat(share.basis()).isEqualTo(CpuShare.Basis.PROCESS_TREE);
        assertThat(share.share()).isEqualTo(1.0);
    }

    @Test
    void withAutoInWorkerJvmsWorkBesideTheWorkerOnceIsNotTakenForHelperThreads() throws Throwable {
        // A sleeping body on a new worker JVM: on the first share run the JVM, starting, computes beside the
        // worker thread (classes, collection); on the next it does not. The share is the worker thread's.
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 400 * MS : 100 * MS;
            ownCpu(nanos);
            return nanos;
        });
        body.threads = nanos -> new ThreadCpu(nanos / 50, 0, nanos);
        AtomicInteger reads = new AtomicInteger();
        body.outside = nanos -> reads.getAndIncrement() == 0 ? nanos * 19 / 10 : nanos / 100;

        CpuShare share = SpeedupMeasurement.measureShare(
                body, autoSettings(null, 4), counters, () -> body.now, nanos -> body.now += nanos);

        assertThat(reads).hasValueGreaterThanOrEqualTo(2);
        assertThat(share.basis()).isEqualTo(CpuShare.Basis.WORKER_THREADS);
        assertThat(share.share()).isEqualTo(0.02);
    }

    @Test
    void withAutoAShareCheckThatThrowsStopsBeforeWarmUp() {
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 200 * MS : 100 * MS;
            ownCpu(call.side() == Side.BASELINE ? nanos : 2 * nanos);
            return nanos;
        });
        IllegalStateException unattainable = new IllegalStateException("unattainable");

        assertThatThrownBy(() -> SpeedupMeasurement.measure(
                        body,
                        autoSettings(SpeedupBounds.atLeast(3), 2),
                        counters,
                        () -> body.now,
                        nanos -> body.now += nanos,
                        new Random(7L),
                        share -> {
                            assertThat(share.share()).isEqualTo(1.0);
                            throw unattainable;
                        }))
                .isSameAs(unattainable);
        assertThat(body.calls).hasSize(2);
    }

    @Test
    void withAutoAShareMeasuredWhileOthersSaturateTheMachineIsTakenAsOne() throws Throwable {
        // Others keep the machine saturated: the body gets a third of what it wants, and it never gets quiet.
        FakeBody body = new FakeBody((call, nth) -> {
            long nanos = call.side() == Side.BASELINE ? 300 * MS : 150 * MS;
            ownCpu(nanos * 2 / 3);
            othersBusy(2 * nanos - nanos * 2 / 3);
            return nanos;
        });

        CpuShare share =
                SpeedupMeasurement.measureShare(body, autoSettings(null, 2), counters, () -> body.now, nanos -> {
                    othersBusy(2 * nanos);
                    body.now += nanos;
                });

        assertThat(share.assumed()).isTrue();
        assertThat(share.share()).isEqualTo(1.0);
        assertThat(share.measured()).isCloseTo(2 / 3.0, Offset.offset(0.001));
        assertThat(share.describe()).startsWith("CPU share taken as 1 (measured 0.67");
    }

    @Test
    void whatTheBodyThrowsPropagatesAtOnce() {
        AssertionError failure = new AssertionError("body failed");
        FakeBody body = new FakeBody((call, nth) -> {
            if (call.runIndex() == 5) {
                throw failure;
            }
            return 10 * MS;
        });

        assertThatThrownBy(() -> measure(body, settings(AT_LEAST_1_8, Duration.ofSeconds(10), 0)))
                .isSameAs(failure);
        assertThat(body.calls).hasSize(6);
    }

    @Test
    void aRunnerThatReportsNoTimeIsABug() {
        FakeBody body = new FakeBody((call, nth) -> call.side() == Side.BASELINE ? 0 : 10 * MS);

        assertThatThrownBy(() -> measure(body, settings(AT_LEAST_1_8, Duration.ofSeconds(10), 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the runner returned 0 ns for BASELINE run 1, but a run's time must be > 0");
    }

    /** Baseline 100 ms; parallel 60 ms in warm-up, then 55 and 65 ms in turn: speedups 1.82 and 1.54. */
    private static FakeBody straddlingTheBound() {
        return new FakeBody((call, nth) ->
                call.side() == Side.BASELINE ? 100 * MS : call.warmUp() ? 60 * MS : (nth % 2 == 0 ? 55 : 65) * MS);
    }

    private SpeedupResult measure(FakeBody body, MeasurementSettings settings) throws Throwable {
        return SpeedupMeasurement.measure(
                body, settings, counters, () -> body.now, nanos -> body.now += nanos, new Random(7L), share -> {});
    }

    /** AUTO on 2 cores with {@code workers} workers, a 10 s budget, 20 ms sides. */
    private static MeasurementSettings autoSettings(SpeedupBounds bounds, int workers) {
        return new MeasurementSettings(
                bounds, Duration.ofSeconds(10), MeasurementSettings.DEFAULT_MIN_SIDE_NANOS, 1, 2, 0, workers, true);
    }

    private long ownTicks;
    private long busyTicks;

    /** This process used {@code nanos} more of CPU (in whole ticks), which the machine counts as busy too. */
    private void ownCpu(long nanos) throws IOException {
        long ticks = nanos / ProcessTree.NANOS_PER_TICK;
        ownTicks += ticks;
        busyTicks += ticks;
        Files.createDirectories(
                proc.resolve(String.valueOf(ProcessHandle.current().pid())));
        Files.writeString(
                proc.resolve(ProcessHandle.current().pid() + "/stat"),
                ProcessHandle.current().pid() + " (java) S 1 0 0 0 0 0 0 0 0 0 " + ownTicks + " 0 0 0 20 0\n");
        writeMachineStat();
    }

    /** Other processes used {@code nanos} more of CPU. */
    private void othersBusy(long nanos) {
        busyTicks += nanos / ProcessTree.NANOS_PER_TICK;
        writeMachineStat();
    }

    private void writeMachineStat() {
        try {
            Files.writeString(proc.resolve("stat"), "cpu  " + busyTicks + " 0 0 0 0 0 0 0 0 0\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MeasurementSettings settings(SpeedupBounds bounds, Duration budget, long minSideNanos) {
        return new MeasurementSettings(bounds, budget, minSideNanos, 2, 2);
    }

    private static long at(long[] values, int index) {
        return values[Math.min(index, values.length - 1)];
    }

    record Call(Side side, int runIndex, boolean warmUp, int repetitions) {}

    @FunctionalInterface
    interface Timing {
        /** The time of {@code call}, the {@code nth} run of its side with the same warm-up flag. */
        long nanos(Call call, int nth) throws Throwable;
    }

    /** Advances its clock by exactly the time each run reports. */
    private static final class FakeBody implements SideRunner {

        final List<Call> calls = new ArrayList<>();
        private final Timing timing;
        /** The worker threads' figures for a run of this many nanoseconds, when the runner reads them. */
        LongFunction<ThreadCpu> threads;
        /** What the workers' JVMs spent outside the worker threads and their compilers, when they read it. */
        LongUnaryOperator outside;
        // Not zero, so that only differences of the clock can be right.
        long now = 5_000_000_000L;

        FakeBody(Timing timing) {
            this.timing = timing;
        }

        @Override
        public long run(Side side, int runIndex, boolean warmUp, int repetitions) throws Throwable {
            Call call = new Call(side, runIndex, warmUp, repetitions);
            int nth = (int) calls.stream()
                    .filter(c -> c.side() == side && c.warmUp() == warmUp)
                    .count();
            calls.add(call);
            long nanos = timing.nanos(call, nth);
            now += nanos;
            return nanos;
        }

        @Override
        public Timed runReadingThreads(Side side, int runIndex, boolean warmUp, int repetitions) throws Throwable {
            long nanos = run(side, runIndex, warmUp, repetitions);
            return new Timed(
                    nanos,
                    threads == null ? Optional.empty() : Optional.of(threads.apply(nanos)),
                    outside == null ? -1 : outside.applyAsLong(nanos));
        }
    }
}
