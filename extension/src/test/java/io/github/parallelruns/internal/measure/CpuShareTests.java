package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CPU share arithmetic: measured share, ceiling over the cores, busy cores. */
class CpuShareTests {

    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0} ms CPU in {1} ms on {2} workers, 2 cores: share {3}, ceiling {4}")
    @CsvSource({
        // A computing body on as many workers as cores, and on more: 1 either way.
        "200, 100, 2, 1.0, 2.0",
        "200, 100, 4, 1.0, 2.0",
        // Half computing on 2 workers: twice the cores.
        "100, 100, 2, 0.5, 4.0",
        // Sleeping: far above any worker count.
        "3, 100, 6, 0.015, 133.33333333333334",
        // Compiler threads may push the figure past 1: clamped.
        "260, 100, 2, 1.0, 2.0",
        "0, 100, 6, 0.0, Infinity"
    })
    void shareAndCeiling(long cpuMs, long wallMs, int workers, double share, double ceiling) {
        CpuShare measured = CpuShare.of(cpuMs * MS, wallMs * MS, workers, 2);

        assertThat(measured.share()).isEqualTo(share);
        assertThat(measured.measured()).isEqualTo(share);
        assertThat(measured.assumed()).isFalse();
        assertThat(measured.coresCeiling(2)).isEqualTo(ceiling);
    }

    @Test
    void busyCoresAreTheShareTimesTheWorkersAndAtLeastOne() {
        assertThat(CpuShare.of(0, 100 * MS, 6, 2).busyCores(6)).isEqualTo(1.0);
        assertThat(CpuShare.of(100 * MS, 100 * MS, 2, 2).busyCores(4)).isEqualTo(2.0);
        assertThat(CpuShare.of(200 * MS, 100 * MS, 4, 2).busyCores(4)).isEqualTo(4.0);
    }

    @Test
    void anAssumedShareIsOneAndKeepsWhatWasMeasured() {
        CpuShare share = CpuShare.assumedComputing(60 * MS, 100 * MS, 2, 2, CpuShare.SATURATED);

        assertThat(share.share()).isEqualTo(1.0);
        assertThat(share.measured()).isEqualTo(0.3);
        assertThat(share.describe())
                .isEqualTo("CPU share taken as 1 (measured 0.30, 60.0 ms of CPU in 100.0 ms on 2 "
                        + "workers, while other processes kept the machine saturated)");
        assertThat(CpuShare.of(3 * MS, 21 * MS, 6, 2).describe())
                .isEqualTo("CPU share 0.07 (measured: 3.0 ms of CPU in 21.0 ms on 6 workers)");
    }

    @ParameterizedTest(name = "run {0} ms, wait {1} ms of {2} ms, {3} workers on 2 cores: share {4}")
    @CsvSource({
        // 4 computing workers on 2 cores: each runs half the time and waits the other half.
        "400, 400, 800, 4, 1.0",
        // Computing while another process takes a core: waiting more does not change the share.
        "300, 500, 800, 4, 1.0",
        // Computing half the time, sleeping the other half, 6 workers on 2 cores.
        "240, 320, 800, 6, 0.5",
        // Sleeping.
        "8, 0, 800, 6, 0.01"
    })
    void theWorkerThreadsShareIsTheirRunTimeOverTheTimeTheyDidNotWaitForACpu(
            long runMs, long waitMs, long wallMs, int workers, double share) {
        ThreadCpu threads = new ThreadCpu(runMs * MS, waitMs * MS, wallMs * MS);

        CpuShare measured = CpuShare.ofThreads(threads, workers, 2);

        assertThat(measured.share()).isEqualTo(share);
        assertThat(measured.basis()).isEqualTo(CpuShare.Basis.WORKER_THREADS);
    }

    @Test
    void theWorkerThreadsShareSaysWhatItRestsOn() {
        assertThat(CpuShare.ofThreads(new ThreadCpu(3 * MS, 1 * MS, 240 * MS), 6, 2)
                        .describe())
                .isEqualTo("CPU share 0.01 (measured: 3.0 ms on a CPU and 1.0 ms waiting for one in 240.0 ms of the 6 "
                        + "worker threads' time)");
        assertThat(CpuShare.assumedComputing(0, 1, 2, 2, "not measured: waited 600.00 s")
                        .describe())
                .isEqualTo("CPU share taken as 1 (not measured: waited 600.00 s)");
    }

    @Test
    void theCallingThreadsTimesAreReadWhereTheMachineHasThem() {
        Optional<long[]> times = ThreadCpu.readThisThread();
        Assumptions.assumeTrue(times.isPresent(), "no per-thread CPU time here");
        long end = System.nanoTime() + 20_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }

        long[] later = ThreadCpu.readThisThread().orElseThrow();

        // 20 ms of spinning: the thread ran, or waited for a CPU while another process had it.
        long waited = times.get()[1] < 0 ? 0 : later[1] - times.get()[1];
        assertThat(later[0] - times.get()[0] + waited).isGreaterThan(10_000_000L);
    }

    @Test
    void theWaitClockReadsTheThreadsRunQueueWaitAgainAndAgain() throws InterruptedException {
        Optional<ThreadCpu.WaitClock> opened = ThreadCpu.WaitClock.openForThisThread();
        Assumptions.assumeTrue(opened.isPresent(), "no per-thread run-queue wait here");
        try (ThreadCpu.WaitClock clock = opened.get()) {
            for (int i = 0; i < 20; i++) {
                long first = clock.waitNanos();
                long read = ThreadCpu.readThisThread().orElseThrow()[1];
                long second = clock.waitNanos();

                // The wait only grows, and the open file reads what a fresh read of schedstat reads.
                assertThat(first).isNotNegative().isLessThanOrEqualTo(read);
                assertThat(second).isGreaterThanOrEqualTo(read);
                Thread.sleep(1);
            }
        }
    }

    @Test
    void invalidFiguresAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> CpuShare.of(1, 0, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wallNanos must be > 0, but was 0");
        assertThatThrownBy(() -> new CpuShare(0.5, 0.4, 1, 0, 1, 1, 1, CpuShare.Basis.PROCESS_TREE, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("share must be the measured 0.4 unless assumed, but was 0.5");
    }
}
