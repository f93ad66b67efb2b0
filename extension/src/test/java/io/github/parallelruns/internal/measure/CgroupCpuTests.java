package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup CPU quota and throttling seen by {@link MachineCounters} and {@link EffectiveCores}, from
 * fixture trees standing for {@code /} ({@code proc/self/cgroup}, {@code proc/self/mountinfo} and the
 * cgroup file systems they name).
 */
class CgroupCpuTests {

    private static final String V2_MOUNT =
            "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";

    @TempDir
    Path root;

    @Test
    void v2ThrottlingImposedByAnAncestorsQuotaIsCountedAndTheTightestQuotaLimits() throws IOException {
        write("proc/self/cgroup", "0::/ci.slice/runner.slice/job.scope\n");
        write("proc/self/mountinfo", "22 27 0:21 / /proc rw,relatime - proc proc rw\n" + V2_MOUNT);
        // The root cgroup has no quota and reports no throttling.
        write("sys/fs/cgroup/cpu.stat", "usage_usec 900000\nuser_usec 600000\nsystem_usec 300000\n");
        write("sys/fs/cgroup/ci.slice/cpu.max", "200000 100000\n");
        write("sys/fs/cgroup/ci.slice/cpu.stat", usage() + "nr_periods 90\nnr_throttled 2\nthrottled_usec 1000\n");
        // The parent's quota is tighter than the grandparent's; the process's own cgroup is unlimited.
        write("sys/fs/cgroup/ci.slice/runner.slice/cpu.max", "150000 100000\n");
        write(
                "sys/fs/cgroup/ci.slice/runner.slice/cpu.stat",
                usage() + "nr_periods 80\nnr_throttled 3\nthrottled_usec 2500\n");
        write("sys/fs/cgroup/ci.slice/runner.slice/job.scope/cpu.max", "max 100000\n");
        write(
                "sys/fs/cgroup/ci.slice/runner.slice/job.scope/cpu.stat",
                usage() + "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");

        MachineCounters counters = counters();

        Path cgroup = root.resolve("sys/fs/cgroup");
        assertThat(CgroupCpu.at(root).chain())
                .containsExactly(
                        cgroup.resolve("ci.slice/runner.slice/job.scope"),
                        cgroup.resolve("ci.slice/runner.slice"),
                        cgroup.resolve("ci.slice"),
                        cgroup);
        assertThat(counters.read().throttledNanos()).isEqualTo(3_500_000L);
        assertThat(counters.unavailable()).noneMatch(item -> item.startsWith("cgroup throttling"));
        assertThat(EffectiveCores.read(8, root).cgroupQuota()).hasValue(1.5);
    }

    @Test
    void v2ThrottlingGrowsWhenOnlyTheAncestorIsThrottled() throws IOException {
        write("proc/self/cgroup", "0::/ci.slice/job.scope\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/ci.slice/cpu.max", "100000 100000\n");
        write("sys/fs/cgroup/ci.slice/cpu.stat", usage() + "nr_periods 10\nnr_throttled 0\nthrottled_usec 0\n");
        write("sys/fs/cgroup/ci.slice/job.scope/cpu.max", "max 100000\n");
        write(
                "sys/fs/cgroup/ci.slice/job.scope/cpu.stat",
                usage() + "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
        MachineCounters counters = counters();
        MachineCounters.Snapshot before = counters.read();

        write("sys/fs/cgroup/ci.slice/cpu.stat", usage() + "nr_periods 12\nnr_throttled 1\nthrottled_usec 4000\n");
        MachineCounters.Snapshot after = counters.read();

        Disturbance disturbance = counters.between(before, after, 100_000_000L, 1, 2);
        assertThat(disturbance.disturbed()).isTrue();
        assertThat(disturbance.reason()).isEqualTo("the cgroup's CPU quota throttled the test for 4.0 ms");
        assertThat(EffectiveCores.read(4, root).cores()).isEqualTo(1);
    }

    @Test
    void v1ReadsTheProcessesOwnCgroupAndItsAncestorsUnderTheCpuControllersMount() throws IOException {
        write("proc/self/cgroup", "12:memory:/ci/job\n4:cpu,cpuacct:/ci/job\n1:name=systemd:/ci/job\n0::/ci/job\n");
        write(
                "proc/self/mountinfo",
                "31 23 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
                        + "32 31 0:29 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw\n"
                        + "35 31 0:32 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup "
                        + "rw,cpu,cpuacct\n"
                        + "38 31 0:35 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup "
                        + "rw,memory\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
        write("sys/fs/cgroup/cpu,cpuacct/ci/cpu.cfs_quota_us", "50000\n");
        write("sys/fs/cgroup/cpu,cpuacct/ci/cpu.cfs_period_us", "100000\n");
        write("sys/fs/cgroup/cpu,cpuacct/ci/cpu.stat", "nr_periods 20\nnr_throttled 4\nthrottled_time 7000000\n");
        write("sys/fs/cgroup/cpu,cpuacct/ci/job/cpu.cfs_quota_us", "-1\n");
        write("sys/fs/cgroup/cpu,cpuacct/ci/job/cpu.cfs_period_us", "100000\n");
        write("sys/fs/cgroup/cpu,cpuacct/ci/job/cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
        // The unified hierarchy of a hybrid system has no cpu controller: its files must not be taken.
        write("sys/fs/cgroup/unified/ci/job/cpu.stat", usage());

        MachineCounters counters = counters();

        Path cpu = root.resolve("sys/fs/cgroup/cpu,cpuacct");
        assertThat(CgroupCpu.at(root).chain()).containsExactly(cpu.resolve("ci/job"), cpu.resolve("ci"), cpu);
        assertThat(counters.read().throttledNanos()).isEqualTo(7_000_000L);
        assertThat(counters.unavailable()).noneMatch(item -> item.startsWith("cgroup throttling"));
        assertThat(EffectiveCores.read(4, root).cgroupQuota()).hasValue(0.5);
        assertThat(EffectiveCores.read(4, root).cores()).isEqualTo(1);
    }

    @Test
    void v1InAContainerWhoseMountStartsAtItsOwnCgroup() throws IOException {
        // Without a cgroup namespace, the container sees the host's path, and its mount's root is that path.
        write("proc/self/cgroup", "3:cpu,cpuacct:/docker/4f1e\n");
        write(
                "proc/self/mountinfo",
                "40 35 0:33 /docker/4f1e /sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec "
                        + "master:14 - cgroup cgroup rw,cpu,cpuacct\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "200000\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.stat", "nr_periods 20\nnr_throttled 1\nthrottled_time 1500\n");

        assertThat(CgroupCpu.at(root).chain()).containsExactly(root.resolve("sys/fs/cgroup/cpu,cpuacct"));
        assertThat(counters().read().throttledNanos()).isEqualTo(1_500L);
        assertThat(EffectiveCores.read(4, root).cgroupQuota()).hasValue(2.0);
    }

    @Test
    void theRootCgroupOfAContainersNamespaceIsReadWithItsQuota() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/cpu.max", "250000 100000\n");
        write("sys/fs/cgroup/cpu.stat", usage() + "nr_periods 7\nnr_throttled 1\nthrottled_usec 40\n");

        assertThat(counters().read().throttledNanos()).isEqualTo(40_000L);
        assertThat(EffectiveCores.read(4, root).cgroupQuota()).hasValue(2.5);
    }

    @Test
    void theHostsRootCgroupHasNoQuotaAndNoThrottlingCounter() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/cpu.stat", usage());

        MachineCounters counters = counters();

        assertThat(counters.read().throttledNanos()).isZero();
        assertThat(counters.unavailable())
                .contains("cgroup throttling (" + root.resolve("sys/fs/cgroup/cpu.stat") + ")");
        assertThat(EffectiveCores.read(4, root).cgroupQuota()).isEmpty();
    }

    @Test
    void unreadableAndMalformedFilesAreSkippedAndTheRestCounts() throws IOException {
        write("proc/self/cgroup", "garbage\n0::/ci.slice/job.scope\n");
        write("proc/self/mountinfo", "short line\n" + V2_MOUNT);
        // A directory where a file should be cannot be read, even by root.
        Files.createDirectories(root.resolve("sys/fs/cgroup/ci.slice/job.scope/cpu.stat"));
        Files.createDirectories(root.resolve("sys/fs/cgroup/ci.slice/job.scope/cpu.max"));
        write("sys/fs/cgroup/ci.slice/cpu.max", "lots 100000\n");
        write("sys/fs/cgroup/ci.slice/cpu.stat", usage() + "nr_throttled 1\nthrottled_usec 6\n");
        write("sys/fs/cgroup/cpu.stat", "throttled_usec many\n");

        MachineCounters counters = counters();

        assertThat(counters.read().throttledNanos()).isEqualTo(6_000L);
        assertThat(EffectiveCores.read(4, root).cgroupQuota()).isEmpty();
    }

    @Test
    void nothingReadableIsUnknownNotAnError() {
        MachineCounters counters = counters();

        assertThat(counters.read().throttledNanos()).isZero();
        assertThat(counters.unavailable()).anyMatch(item -> item.startsWith("cgroup throttling ("));
        assertThat(EffectiveCores.read(4, root).cgroupQuota()).isEmpty();
        assertThat(EffectiveCores.read(4, root).cores()).isEqualTo(4);
    }

    @Test
    void aMountPointWithASpaceIsUnescaped() throws IOException {
        write("proc/self/cgroup", "0::/job\n");
        write("proc/self/mountinfo", "30 23 0:26 / /cg\\040roups rw - cgroup2 cgroup2 rw\n");
        write("cg roups/job/cpu.max", "100000 50000\n");

        assertThat(CgroupCpu.at(root).chain()).containsExactly(root.resolve("cg roups/job"), root.resolve("cg roups"));
        assertThat(EffectiveCores.read(4, root).cgroupQuota()).hasValue(2.0);
    }

    @Test
    void thisProcessesCgroupIsFoundOnThisMachine() throws IOException {
        Path procSelfCgroup = Path.of("/proc/self/cgroup");
        assumeTrue(Files.isReadable(procSelfCgroup), "no /proc/self/cgroup: not Linux");
        CgroupCpu cgroup = CgroupCpu.ofThisProcess();

        // The process's own directory exists, the last is a cgroup mount, and each is the parent of the one before.
        assertThat(cgroup.chain().get(0)).isDirectory();
        String mountPoint = cgroup.chain().get(cgroup.chain().size() - 1).toString();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .anyMatch(line -> line.split(" ")[4].equals(mountPoint) && line.contains(" - cgroup"));
        for (int i = 1; i < cgroup.chain().size(); i++) {
            assertThat(cgroup.chain().get(i - 1).getParent())
                    .isEqualTo(cgroup.chain().get(i));
        }
        assertThat(cgroup.quota())
                .satisfiesAnyOf(
                        quota -> assertThat(quota).isEmpty(),
                        quota -> assertThat(quota.getAsDouble()).isPositive());
        // Counters never go back; load cannot change that.
        long first = cgroup.throttledNanos().orElse(0);
        assertThat(MachineCounters.ofThisMachine().read().throttledNanos()).isGreaterThanOrEqualTo(first);
        assertThat(EffectiveCores.ofThisMachine().cgroupQuota()).isEqualTo(cgroup.quota());
    }

    private MachineCounters counters() {
        return MachineCounters.at(root, ProcessTree.of(root.resolve("proc"), List::of));
    }

    private static String usage() {
        return "usage_usec 500\nuser_usec 300\nsystem_usec 200\n";
    }

    private void write(String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
