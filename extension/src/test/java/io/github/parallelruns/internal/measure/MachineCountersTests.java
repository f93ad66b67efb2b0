package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counters from stand-ins for /proc and a cgroup directory, and when they make a pair disturbed. */
class MachineCountersTests {

    private static final long WALL = 100_000_000L;

    @TempDir
    Path root;

    private Path proc;
    private Path cgroup;

    @BeforeEach
    void createDirectories() throws IOException {
        proc = Files.createDirectories(root.resolve("proc"));
        cgroup = Files.createDirectories(root.resolve("cgroup"));
    }

    @Test
    void readsRunQueueWaitStealAndThrottling() throws IOException {
        Files.writeString(
                proc.resolve("schedstat"),
                "version 15\ntimestamp 4295\n"
                        + "cpu0 0 0 0 0 0 0 9000000 1500000 77\ndomain0 3 1 2 3 4 5 6 7 8\n"
                        + "cpu1 0 0 0 0 0 0 8000000 2500000 66\n");
        Files.writeString(
                proc.resolve("stat"),
                "cpu  624502 0 55450 1615587 722 0 694 210 0 0\n"
                        + "cpu0 312846 0 27145 808007 111 0 290 106 0 0\nintr 1 2 3\n");
        Files.writeString(cgroup.resolve("cpu.stat"), "usage_usec 100\nnr_throttled 2\nthrottled_usec 1234\n");

        MachineCounters counters = MachineCounters.reading(proc, cgroup);

        // Other processes: busy ticks (user, nice, system, irq, softirq) minus this process's, which has no
        // stat file under the fake /proc.
        long othersBusy = (624502L + 55450 + 694) * 10_000_000L;
        assertThat(counters.read())
                .isEqualTo(new MachineCounters.Snapshot(
                        4_000_000, 2_100_000_000L, 1_234_000, othersBusy, 0, othersBusy, 0));
        assertThat(counters.unavailable()).isEmpty();
    }

    @Test
    void otherProcessesUsingTheCoresDisturbAPair() {
        MachineCounters counters = MachineCounters.reading(proc, cgroup);
        MachineCounters.Snapshot before = new MachineCounters.Snapshot(0, 0, 0, 1_000_000_000L);

        // 100 ms on 2 cores: 200 ms of CPU time, of which others may use 15 %, and at least 20 ms.
        Disturbance busy =
                counters.between(before, new MachineCounters.Snapshot(0, 0, 0, 1_050_000_000L), 100_000_000L, 2, 2);
        Disturbance quiet =
                counters.between(before, new MachineCounters.Snapshot(0, 0, 0, 1_010_000_000L), 100_000_000L, 2, 2);

        assertThat(busy.disturbed()).isTrue();
        assertThat(busy.reason()).startsWith("other processes used 50");
        assertThat(quiet.disturbed()).isFalse();
    }

    @Test
    void otherProcessesOnCoresTheTestLeavesIdleDoNotDisturbIt() {
        MachineCounters counters = MachineCounters.reading(proc, cgroup);
        MachineCounters.Snapshot before = new MachineCounters.Snapshot(0, 0, 0, 1_000_000_000L);
        // 100 ms on 2 cores, one of them spinning for another process the whole time.
        MachineCounters.Snapshot oneCoreBusy = new MachineCounters.Snapshot(0, 0, 0, 1_100_000_000L);

        Disturbance waitingBody = counters.between(before, oneCoreBusy, 100_000_000L, 1, 2);
        Disturbance computingBody = counters.between(before, oneCoreBusy, 100_000_000L, 2, 2);
        Disturbance bothCoresBusy =
                counters.between(before, new MachineCounters.Snapshot(0, 0, 0, 1_190_000_000L), 100_000_000L, 1, 2);

        assertThat(waitingBody.disturbed()).isFalse();
        assertThat(computingBody.disturbed()).isTrue();
        assertThat(bothCoresBusy.disturbed()).isTrue();
        assertThat(bothCoresBusy.reason())
                .isEqualTo("other processes used 190.0 ms of 200.0 ms CPU time (limit "
                        + "100.0 ms on the cores the test leaves idle, plus 15%)");
    }

    @Test
    void aChildThatExitsBetweenTwoReadingsStaysTheTestsOwnCpu() throws IOException {
        // This JVM (pid 100) and a worker JVM (pid 101) that used 1.73 s of CPU, with the machine busy as much.
        List<Long> tree = new ArrayList<>(List.of(100L, 101L));
        MachineCounters counters = MachineCounters.reading(proc, cgroup, ProcessTree.of(proc, () -> tree));
        processStat(100, 50, 10, 0, 0);
        processStat(101, 150, 23, 0, 0);
        machineBusy(233);
        MachineCounters.Snapshot before = counters.read();

        // The worker exits and is reaped: its times move into its parent's cutime and cstime.
        tree.remove(101L);
        Files.delete(proc.resolve("101/stat"));
        processStat(100, 50, 10, 150, 23);
        MachineCounters.Snapshot after = counters.read();

        assertThat(after.othersBusyNanos() - before.othersBusyNanos()).isZero();
        assertThat(after.ownCpuNanos()).isEqualTo(before.ownCpuNanos()).isEqualTo(2_330_000_000L);
        assertThat(counters.between(before, after, WALL, 2, 2).disturbed()).isFalse();
    }

    @Test
    void ownCpuAndMachineBusyTimeAreReadInNanoseconds() throws IOException {
        MachineCounters counters = MachineCounters.reading(proc, cgroup, ProcessTree.of(proc, () -> List.of(7L)));
        processStat(7, 30, 5, 2, 1);
        machineBusy(80);

        MachineCounters.Snapshot snapshot = counters.read();

        assertThat(snapshot.ownCpuNanos()).isEqualTo(380_000_000L);
        assertThat(snapshot.machineBusyNanos()).isEqualTo(800_000_000L);
        assertThat(snapshot.othersBusyNanos()).isEqualTo(420_000_000L);
    }

    @Test
    void busyCoresMayBeFractionalAndAreCheckedAsSuch() {
        MachineCounters counters = MachineCounters.reading(proc, cgroup);
        MachineCounters.Snapshot before = new MachineCounters.Snapshot(0, 0, 0, 1_000_000_000L);
        // 100 ms on 2 cores, others used 110 ms: more than 0.5 spare cores + 15 % (80 ms), less than 1 + 15 % (130 ms).
        MachineCounters.Snapshot after = new MachineCounters.Snapshot(0, 0, 0, 1_110_000_000L);

        assertThat(counters.between(before, after, WALL, 1.5, 2).disturbed()).isTrue();
        assertThat(counters.between(before, after, WALL, 1.0, 2).disturbed()).isFalse();
        assertThatThrownBy(() -> counters.between(before, after, WALL, 0.5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("busyCores must be >= 1 and finite, but was 0.5");
    }

    private void processStat(long pid, long utime, long stime, long cutime, long cstime) throws IOException {
        Files.createDirectories(proc.resolve(String.valueOf(pid)));
        // A command name with a space and a parenthesis, as Linux allows.
        Files.writeString(
                proc.resolve(pid + "/stat"),
                pid + " (java (x) y) S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " " + cutime + " " + cstime
                        + " 20 0 1 0\n");
    }

    private void machineBusy(long ticks) throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  " + ticks + " 0 0 1000 0 0 0 0 0 0\n");
    }

    @Test
    void readsCgroupV1ThrottlingInNanoseconds() throws IOException {
        Files.writeString(cgroup.resolve("cpu.stat"), "nr_periods 5\nnr_throttled 1\nthrottled_time 777\n");

        assertThat(MachineCounters.reading(proc, cgroup).read().throttledNanos())
                .isEqualTo(777);
    }

    @Test
    void whatCannotBeReadCountsZeroAndIsNamed() throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  1 2\n");

        MachineCounters counters = MachineCounters.reading(proc, cgroup);

        assertThat(counters.read()).isEqualTo(new MachineCounters.Snapshot(0, 0, 0));
        assertThat(counters.unavailable())
                .containsExactly(
                        "run-queue wait (" + proc.resolve("schedstat") + ")",
                        "steal time (" + proc.resolve("stat") + ")",
                        "cgroup throttling (" + cgroup.resolve("cpu.stat") + ")");
    }

    @Test
    void stealOverTwoPercentOfTheCpuTimeDisturbs() {
        MachineCounters counters = MachineCounters.reading(proc, cgroup);
        MachineCounters.Snapshot before = new MachineCounters.Snapshot(0, 10_000_000, 0);

        // 2% of 100 ms on 2 cores is 4 ms.
        Disturbance atLimit = counters.between(before, new MachineCounters.Snapshot(0, 14_000_000, 0), WALL, 2, 2);
        Disturbance over = counters.between(before, new MachineCounters.Snapshot(0, 20_000_000, 0), WALL, 2, 2);

        assertThat(atLimit).isEqualTo(new Disturbance(0, 4_000_000, 0, false, ""));
        assertThat(over.disturbed()).isTrue();
        assertThat(over.stealNanos()).isEqualTo(10_000_000);
        assertThat(over.reason()).isEqualTo("the hypervisor stole 10.0 ms of 200.0 ms CPU time (limit 2%)");
    }

    @Test
    void anyThrottlingDisturbs() {
        Disturbance disturbance = MachineCounters.reading(proc, cgroup)
                .between(
                        new MachineCounters.Snapshot(0, 0, 0),
                        new MachineCounters.Snapshot(0, 0, 1_500_000),
                        WALL,
                        2,
                        2);

        assertThat(disturbance.disturbed()).isTrue();
        assertThat(disturbance.reason()).isEqualTo("the cgroup's CPU quota throttled the test for 1.5 ms");
    }

    @Test
    void runQueueWaitCountsOnlyBeyondTheTestsOwnOversubscription() {
        MachineCounters counters = MachineCounters.reading(proc, cgroup);
        MachineCounters.Snapshot zero = new MachineCounters.Snapshot(0, 0, 0);

        // 4 threads on 2 cores wait 2 * 100 ms among themselves; 10% of 2 * 100 ms more is allowed.
        Disturbance allowed = counters.between(zero, new MachineCounters.Snapshot(220_000_000, 0, 0), WALL, 4, 2);
        Disturbance disturbed = counters.between(zero, new MachineCounters.Snapshot(230_000_000, 0, 0), WALL, 4, 2);

        assertThat(allowed.disturbed()).isFalse();
        assertThat(disturbed.disturbed()).isTrue();
        assertThat(disturbed.reason())
                .isEqualTo("threads waited 230.0 ms for a CPU, 30.0 ms more than the test's own "
                        + "threads explain and over 10% of 200.0 ms CPU time");
    }

    @Test
    void runQueueWaitWithoutOversubscriptionIsAllOthersDoing() {
        Disturbance disturbance = MachineCounters.reading(proc, cgroup)
                .between(
                        new MachineCounters.Snapshot(0, 0, 0),
                        new MachineCounters.Snapshot(11_000_000, 0, 0),
                        WALL,
                        1,
                        2);

        // One busy thread can use 100 ms of CPU time; 11 ms of waiting is over 10% of it.
        assertThat(disturbance.disturbed()).isTrue();
    }

    @Test
    void severalReasonsAreJoined() {
        Disturbance disturbance = MachineCounters.reading(proc, cgroup)
                .between(
                        new MachineCounters.Snapshot(0, 0, 0),
                        new MachineCounters.Snapshot(0, 50_000_000, 1_000),
                        WALL,
                        2,
                        2);

        assertThat(disturbance.reason())
                .isEqualTo("the hypervisor stole 50.0 ms of 200.0 ms CPU time (limit 2%); "
                        + "the cgroup's CPU quota throttled the test for 0.0 ms");
    }

    @Test
    void countersThatWentBackwardsCountZero() {
        Disturbance disturbance = MachineCounters.reading(proc, cgroup)
                .between(new MachineCounters.Snapshot(50, 50, 50), new MachineCounters.Snapshot(0, 0, 0), WALL, 2, 2);

        assertThat(disturbance).isEqualTo(Disturbance.NONE);
    }

    @Test
    void rejectsAMeaninglessWindow() {
        MachineCounters counters = MachineCounters.reading(proc, cgroup);
        MachineCounters.Snapshot zero = new MachineCounters.Snapshot(0, 0, 0);

        assertThatThrownBy(() -> counters.between(zero, zero, 0, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wallNanos must be > 0, but was 0");
        assertThatThrownBy(() -> counters.between(zero, zero, WALL, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("busyCores must be >= 1 and finite, but was 0.0");
    }

    @Test
    void thisMachineCanBeRead() {
        MachineCounters counters = MachineCounters.ofThisMachine();

        assertThat(counters.read().stealNanos()).isNotNegative();
        assertThat(counters.unavailable()).hasSizeLessThanOrEqualTo(3);
    }
}
