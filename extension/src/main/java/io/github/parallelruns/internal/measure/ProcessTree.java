package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * The CPU time of the test's own processes: this JVM, its live descendants (worker JVMs, programs a
 * body starts) and the children it has already reaped.
 *
 * <p>Reaped children matter: a worker JVM that exits between two readings would otherwise take all
 * its CPU time out of the test's account, and the difference would show up as other processes' load.
 * The kernel adds a child's CPU time to its parent's {@code cutime}/{@code cstime} when the parent
 * waits for it (the JDK's process reaper does so at once), so the sum over the live tree plus each
 * live process's reaped children is steady across exits.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProcessTree {

    /** Linux reports {@code /proc/<pid>/stat} times in USER_HZ ticks, which is 100 per second everywhere. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private final Path procRoot;
    private final Supplier<List<Long>> pids;
    private final boolean preciseSelf;

    private ProcessTree(Path procRoot, Supplier<List<Long>> pids, boolean preciseSelf) {
        this.procRoot = procRoot;
        this.pids = pids;
        this.preciseSelf = preciseSelf;
    }

    /** This JVM's tree, read from {@code /proc}; this JVM's own CPU time from the JVM, to the nanosecond. */
    static ProcessTree ofThisProcess() {
        return new ProcessTree(Path.of("/proc"), () -> pidsOf(ProcessHandle.current()), true);
    }

    /** The tree of {@code root}, every figure read from {@code procRoot} (standing for {@code /proc}). */
    static ProcessTree of(Path procRoot, ProcessHandle root) {
        Objects.requireNonNull(root, "root");
        return of(procRoot, () -> pidsOf(root));
    }

    /** The processes {@code pids} lists (the root first), every figure read from {@code procRoot}. */
    static ProcessTree of(Path procRoot, Supplier<List<Long>> pids) {
        return new ProcessTree(
                Objects.requireNonNull(procRoot, "procRoot"), Objects.requireNonNull(pids, "pids"), false);
    }

    /**
     * The tree's CPU time, read in one pass over its processes.
     *
     * @param ticks {@code utime + stime + cutime + cstime} over the tree, in ticks: comparable with the
     *     machine's busy ticks in {@code /proc/stat}; a process that cannot be read (gone) counts 0
     * @param nanos the same in nanoseconds, with this JVM's own threads (exited ones included) to the
     *     nanosecond where the JVM tells it
     */
    record CpuTime(long ticks, long nanos) {}

    CpuTime read() {
        List<Long> tree = pids.get();
        long ticks = 0;
        long nanos = 0;
        for (int i = 0; i < tree.size(); i++) {
            Ticks times = ticks(tree.get(i));
            long all = times.own() + times.reaped();
            ticks += all;
            OptionalLong precise = i == 0 && preciseSelf ? jvmProcessCpuNanos() : OptionalLong.empty();
            // This JVM: its own threads from the JVM, the children it reaped from the ticks.
            nanos += precise.isPresent() ? precise.getAsLong() + times.reaped() * NANOS_PER_TICK : all * NANOS_PER_TICK;
        }
        return new CpuTime(ticks, nanos);
    }

    /**
     * One process's CPU time, in ticks.
     *
     * @param own {@code utime + stime}: its own threads
     * @param reaped {@code cutime + cstime}: the children it has waited for
     */
    private record Ticks(long own, long reaped) {}

    /** The ticks of one process; zeros when it is gone. */
    private Ticks ticks(long pid) {
        try {
            String text = Files.readString(procRoot.resolve(pid + "/stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return new Ticks(
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
        } catch (IOException | RuntimeException e) {
            return new Ticks(0, 0);
        }
    }

    /**
     * The time this JVM's JIT compiler threads have spent compiling, in nanoseconds (0 where the JVM
     * does not tell, and for trees read from a stand-in {@code /proc}). Compiling is CPU work of the
     * test's own JVM that the body did not ask for: a cold run of a sleeping body can show a third of
     * a core of it.
     */
    long compilationNanos() {
        if (!preciseSelf) {
            return 0;
        }
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        return Math.max(0, compiler.getTotalCompilationTime()) * 1_000_000L;
    }

    private static OptionalLong jvmProcessCpuNanos() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean) {
            long nanos = ((com.sun.management.OperatingSystemMXBean) bean).getProcessCpuTime();
            if (nanos >= 0) {
                return OptionalLong.of(nanos);
            }
        }
        return OptionalLong.empty();
    }

    private static List<Long> pidsOf(ProcessHandle root) {
        List<Long> pids = new ArrayList<>();
        pids.add(root.pid());
        root.descendants().forEach(child -> pids.add(child.pid()));
        return pids;
    }
}
