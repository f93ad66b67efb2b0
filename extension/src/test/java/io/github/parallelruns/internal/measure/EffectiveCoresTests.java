package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Effective cores from stand-ins for /proc/self and /sys/fs/cgroup. */
class EffectiveCoresTests {

    @TempDir
    Path root;

    private Path procSelf;
    private Path cgroup;

    @BeforeEach
    void createDirectories() throws IOException {
        procSelf = Files.createDirectories(root.resolve("proc/self"));
        cgroup = Files.createDirectories(root.resolve("sys/fs/cgroup"));
    }

    @Test
    void takesTheSmallestOfProcessorsQuotaAndAffinity() throws IOException {
        status("Name:\tjava\nCpus_allowed:\t4f\nCpus_allowed_list:\t0-3,6\nMems_allowed:\t1\n");
        write(procSelf.resolve("cgroup"), "0::/user.slice/app.scope\n");
        write(cgroup.resolve("user.slice/app.scope/cpu.max"), "150000 100000\n");

        EffectiveCores cores = read(8);

        assertThat(cores.cgroupQuota()).hasValue(1.5);
        assertThat(cores.affinity()).hasValue(5);
        assertThat(cores.cores()).isEqualTo(2);
        assertThat(cores.describe())
                .isEqualTo("2 effective cores (availableProcessors 8, cgroup quota 1.5 CPUs, affinity 5 CPUs)");
    }

    @Test
    void aQuotaOnAnAncestorCgroupCounts() throws IOException {
        write(procSelf.resolve("cgroup"), "0::/ci/job\n");
        write(cgroup.resolve("ci/job/cpu.max"), "max 100000\n");
        write(cgroup.resolve("ci/cpu.max"), "100000 100000\n");
        write(cgroup.resolve("cpu.max"), "300000 100000\n");

        EffectiveCores cores = read(4);

        assertThat(cores.cgroupQuota()).hasValue(1.0);
        assertThat(cores.cores()).isEqualTo(1);
        assertThat(cores.describe())
                .isEqualTo("1 effective core (availableProcessors 4, cgroup quota 1 CPU, affinity unknown)");
    }

    @Test
    void theRootCgroupWhenTheProcessPathIsUnknown() throws IOException {
        write(cgroup.resolve("cpu.max"), "250000 100000\n");

        assertThat(read(4).cgroupQuota()).hasValue(2.5);
        assertThat(read(4).cores()).isEqualTo(3);
    }

    @Test
    void aPathOutsideTheNamespaceFallsBackToTheRoot() throws IOException {
        write(procSelf.resolve("cgroup"), "0::/../..\n");
        write(root.resolve("cpu.max"), "100000 100000\n");
        write(cgroup.resolve("cpu.max"), "200000 100000\n");

        assertThat(read(4).cgroupQuota()).hasValue(2.0);
    }

    @Test
    void noQuotaIsNone() throws IOException {
        write(cgroup.resolve("cpu.max"), "max 100000\n");
        status("Cpus_allowed_list:\t0-1\n");

        EffectiveCores cores = read(2);

        assertThat(cores.cgroupQuota()).isEmpty();
        assertThat(cores.describe())
                .isEqualTo("2 effective cores (availableProcessors 2, cgroup quota none, affinity 2 CPUs)");
    }

    @Test
    void readsCgroupV1WhenThereIsNoV2() throws IOException {
        write(procSelf.resolve("cgroup"), "4:memory:/x\n1:cpu:/\n0::/\n");
        write(cgroup.resolve("cpu/cpu.cfs_quota_us"), "50000\n");
        write(cgroup.resolve("cpu/cpu.cfs_period_us"), "100000\n");

        EffectiveCores cores = read(2);

        assertThat(cores.cgroupQuota()).hasValue(0.5);
        assertThat(cores.cores()).isEqualTo(1);
    }

    @Test
    void cgroupV1WithoutQuotaIsNone() throws IOException {
        write(cgroup.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
        write(cgroup.resolve("cpu/cpu.cfs_period_us"), "100000\n");

        assertThat(read(2).cgroupQuota()).isEmpty();
    }

    @Test
    void nothingReadableLeavesTheJvmsCount() {
        EffectiveCores cores = read(4);

        assertThat(cores.cgroupQuota()).isEmpty();
        assertThat(cores.affinity()).isEmpty();
        assertThat(cores.cores()).isEqualTo(4);
        assertThat(cores.describe())
                .isEqualTo("4 effective cores (availableProcessors 4, cgroup quota none, affinity unknown)");
    }

    @Test
    void malformedFilesCountAsUnreadable() throws IOException {
        write(cgroup.resolve("cpu.max"), "lots\n");
        status("Cpus_allowed_list:\t0-x\n");

        EffectiveCores cores = read(4);

        assertThat(cores.cgroupQuota()).isEmpty();
        assertThat(cores.affinity()).isEmpty();
    }

    @Test
    void countsAffinityRanges() throws IOException {
        assertThat(affinity("0")).hasValue(1);
        assertThat(affinity("0-1")).hasValue(2);
        assertThat(affinity("0,2,4-7")).hasValue(6);
        assertThat(affinity("0-3,6")).hasValue(5);
        assertThat(affinity("3-1")).isEmpty();
    }

    @Test
    void theCoresMustFollowFromTheSources() {
        assertThatThrownBy(() -> new EffectiveCores(4, OptionalDouble.of(1.5), OptionalInt.empty(), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cores must be min(available, ceil(cgroupQuota), affinity) = 2, but was 4");
        assertThatThrownBy(() -> EffectiveCores.of(0, OptionalDouble.empty(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("available must be >= 1, but was 0");
    }

    @Test
    void thisMachineHasAtLeastOneCoreAndNoMoreThanTheJvmSees() {
        EffectiveCores cores = EffectiveCores.ofThisMachine();

        assertThat(cores.cores()).isBetween(1, Runtime.getRuntime().availableProcessors());
    }

    private OptionalInt affinity(String list) throws IOException {
        status("Cpus_allowed_list:\t" + list + "\n");
        return read(64).affinity();
    }

    private EffectiveCores read(int available) {
        return EffectiveCores.read(available, root);
    }

    private void status(String text) throws IOException {
        write(procSelf.resolve("status"), text);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
