package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * Linux counters that show when the machine, not the code, slowed a pair down: run-queue wait
 * ({@code /proc/schedstat}), hypervisor steal ({@code /proc/stat}) and cgroup throttling
 * ({@code cpu.stat} of this process's cgroup and of every ancestor, {@link CgroupCpu}).
 *
 * <p>{@code /proc/schedstat} and {@code /proc/stat} cover the whole kernel: inside a container they
 * show the host, so other containers' work counts as other processes' and their waits as run-queue
 * wait. That can only mark pairs disturbed (they are taken again, and a FAIL resting on them becomes
 * INCONCLUSIVE), never make a slow pair look undisturbed.
 *
 * <p>These are a guard, not a proof: on some virtual machines the CPUs deliver far less than
 * their number while steal stays at zero, which only a {@link CapacityProbe} notices. Counters
 * that cannot be read count as zero and are listed in {@link #unavailable()}, so a report can say
 * what was not watched.
 */
@API(status = INTERNAL, since = "0.1")
public final class MachineCounters {

    /** A pair is disturbed when more than this share of its CPU time was stolen by the hypervisor. */
    public static final double STEAL_LIMIT = 0.02;

    /**
     * A pair is disturbed when threads waited to run for more than this share of the CPU time the
     * test could use, beyond the wait its own extra threads cause.
     */
    public static final double RUN_QUEUE_LIMIT = 0.10;

    /**
     * A pair is disturbed when other processes used more than this share of the machine's CPU time
     * (and more than {@link #OTHERS_FLOOR_NANOS}): the counter that still works where the kernel keeps
     * no run-queue statistics, as on the VMs this project is measured on.
     */
    public static final double OTHERS_LIMIT = 0.15;

    /** Two {@code /proc/stat} ticks: less than that is the counters' own resolution. */
    public static final long OTHERS_FLOOR_NANOS = 20_000_000L;

    /** Linux reports {@code /proc/stat} in USER_HZ ticks, which is 100 per second on every architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path schedstat;
    private final Path stat;
    private final CgroupCpu cgroup;
    private final List<String> unavailable;
    private final ProcessTree tree;

    private MachineCounters(Path procRoot, CgroupCpu cgroup, ProcessTree tree) {
        this.tree = tree;
        this.schedstat = procRoot.resolve("schedstat");
        this.stat = procRoot.resolve("stat");
        this.cgroup = cgroup;
        List<String> missing = new ArrayList<>();
        if (runQueueWait().isEmpty()) {
            missing.add("run-queue wait (" + schedstat + ")");
        }
        if (steal().isEmpty()) {
            missing.add("steal time (" + stat + ")");
        }
        if (throttled().isEmpty()) {
            missing.add("cgroup throttling (" + cgroup.ownStatFile()
                    + (cgroup.chain().size() > 1 ? " and its ancestors'" : "") + ")");
        }
        this.unavailable = List.copyOf(missing);
    }

    /** The counters of this machine and of this process's cgroup and its ancestors (v1 or v2). */
    public static MachineCounters ofThisMachine() {
        return at(Path.of("/"), ProcessTree.ofThisProcess());
    }

    /**
     * The counters of a machine whose file system starts at {@code root}: {@code /proc} is
     * {@code root/proc}, {@code /sys/fs/cgroup} is {@code root/sys/fs/cgroup}; {@code tree} is the
     * test's own processes.
     */
    static MachineCounters at(Path root, ProcessTree tree) {
        return new MachineCounters(root.resolve("proc"), CgroupCpu.at(root), Objects.requireNonNull(tree, "tree"));
    }

    /**
     * The counters in {@code procRoot} (standing for {@code /proc}) and {@code cgroupDir} (standing for
     * this process's cgroup, with no ancestors), with this process's tree read from {@code procRoot} too.
     */
    static MachineCounters reading(Path procRoot, Path cgroupDir) {
        return reading(procRoot, cgroupDir, ProcessTree.of(procRoot, ProcessHandle.current()));
    }

    /** As above, with {@code tree} as the test's own processes. */
    static MachineCounters reading(Path procRoot, Path cgroupDir, ProcessTree tree) {
        return new MachineCounters(
                Objects.requireNonNull(procRoot, "procRoot"),
                CgroupCpu.along(List.of(Objects.requireNonNull(cgroupDir, "cgroupDir"))),
                Objects.requireNonNull(tree, "tree"));
    }

    /** The counters that could not be read when this was created, each with its file; they count as 0. */
    public List<String> unavailable() {
        return unavailable;
    }

    /** The counters now. */
    public Snapshot read() {
        long machineBusy = machineBusyTicks().orElse(-1);
        ProcessTree.CpuTime own = tree.read();
        long ownTicks = own.ticks();
        long others = machineBusy < 0 ? 0 : Math.max(0, machineBusy - ownTicks) * NANOS_PER_TICK;
        return new Snapshot(
                runQueueWait().orElse(0),
                steal().orElse(0),
                throttled().orElse(0),
                others,
                own.nanos(),
                Math.max(0, machineBusy) * NANOS_PER_TICK,
                tree.compilationNanos());
    }

    /**
     * CPU time the machine spent busy: user, nice, system, irq and softirq of the aggregate line of
     * {@code /proc/stat}, in ticks. Other processes' CPU is this minus what the test's own process tree
     * used ({@link ProcessTree#read()}, exited worker JVMs included).
     */
    private OptionalLong machineBusyTicks() {
        try {
            for (String line : Files.readAllLines(stat)) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.trim().split("\\s+");
                    long busy = 0;
                    for (int field : new int[] {1, 2, 3, 6, 7}) {
                        busy += Long.parseLong(fields[field]);
                    }
                    return OptionalLong.of(busy);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * How much the machine disturbed a stretch of {@code wallNanos} between two snapshots, while the
     * test wanted {@code busyCores} cores' worth of CPU (its threads' CPU share times their number, at
     * least 1) on {@code cores} cores.
     *
     * <p>Disturbed when steal exceeds {@link #STEAL_LIMIT} of the CPU time {@code wallNanos * cores},
     * when other processes used more than the cores the test leaves idle
     * ({@code max(0, cores - busyCores) * wallNanos}) plus {@link #OTHERS_LIMIT} of the CPU time,
     * when the cgroup was throttled at all, or when run-queue wait beyond what the test's own
     * oversubscription explains ({@code max(0, busyCores - cores) * wallNanos}) exceeds
     * {@link #RUN_QUEUE_LIMIT} of {@code wallNanos * min(busyCores, cores)}.
     */
    public Disturbance between(Snapshot before, Snapshot after, long wallNanos, double busyCores, int cores) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("wallNanos must be > 0, but was " + wallNanos);
        }
        if (!(busyCores >= 1) || Double.isInfinite(busyCores)) {
            throw new IllegalArgumentException("busyCores must be >= 1 and finite, but was " + busyCores);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, but was " + cores);
        }
        // A counter that became unreadable midway, or was reset, must not count as negative.
        long wait = Math.max(0, after.runQueueWaitNanos() - before.runQueueWaitNanos());
        long steal = Math.max(0, after.stealNanos() - before.stealNanos());
        long throttled = Math.max(0, after.throttledNanos() - before.throttledNanos());
        List<String> reasons = new ArrayList<>();
        double cpuTime = (double) wallNanos * cores;
        if (steal > STEAL_LIMIT * cpuTime) {
            reasons.add("the hypervisor stole " + millis(steal) + " of " + millis(cpuTime) + " CPU time (limit "
                    + percent(STEAL_LIMIT) + ")");
        }
        long others = Math.max(0, after.othersBusyNanos() - before.othersBusyNanos());
        // Cores the test leaves idle are free for others: only what eats into the test's own cores counts.
        double spare = Math.max(0, cores - busyCores) * wallNanos;
        if (others > Math.max(spare + OTHERS_LIMIT * cpuTime, OTHERS_FLOOR_NANOS)) {
            reasons.add("other processes used " + millis(others) + " of " + millis(cpuTime) + " CPU time (limit "
                    + (spare > 0 ? millis(spare) + " on the cores the test leaves idle, plus " : "")
                    + percent(OTHERS_LIMIT) + ")");
        }
        if (throttled > 0) {
            reasons.add("the cgroup's CPU quota throttled the test for " + millis(throttled));
        }
        double expectedWait = Math.max(0, busyCores - cores) * wallNanos;
        double usable = wallNanos * Math.min(busyCores, cores);
        if (wait - expectedWait > RUN_QUEUE_LIMIT * usable) {
            reasons.add("threads waited " + millis(wait) + " for a CPU, " + millis(wait - expectedWait)
                    + " more than the test's own threads explain and over " + percent(RUN_QUEUE_LIMIT) + " of "
                    + millis(usable) + " CPU time");
        }
        return new Disturbance(wait, steal, throttled, !reasons.isEmpty(), String.join("; ", reasons));
    }

    /** Sum over CPUs of the 8th field of each "cpuN" line: nanoseconds runnable tasks waited to run. */
    private OptionalLong runQueueWait() {
        try {
            long sum = 0;
            boolean found = false;
            for (String line : Files.readAllLines(schedstat)) {
                if (line.startsWith("cpu")) {
                    String[] fields = line.trim().split("\\s+");
                    sum += Long.parseLong(fields[8]);
                    found = true;
                }
            }
            return found ? OptionalLong.of(sum) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The 8th value of the aggregate "cpu" line, in USER_HZ ticks. */
    private OptionalLong steal() {
        try {
            for (String line : Files.readAllLines(stat)) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.trim().split("\\s+");
                    return OptionalLong.of(Math.multiplyExact(Long.parseLong(fields[8]), NANOS_PER_TICK));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable: reported through unavailable().
        }
        return OptionalLong.empty();
    }

    /** The time this process's cgroup and its ancestors were throttled, in nanoseconds. */
    private OptionalLong throttled() {
        return cgroup.throttledNanos();
    }

    private static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /**
     * Cumulative counter values at one moment, in nanoseconds; only differences mean anything.
     *
     * @param runQueueWaitNanos time runnable tasks waited for a CPU, summed over CPUs
     * @param stealNanos CPU time stolen by the hypervisor, summed over CPUs
     * @param throttledNanos time this process's cgroup and its ancestors were throttled, summed over them
     * @param othersBusyNanos CPU time the machine spent on processes outside the test's process tree
     * @param ownCpuNanos CPU time of the test's process tree (this JVM, its live descendants and the
     *     children it has reaped), as precise as the sources allow
     * @param machineBusyNanos CPU time the whole machine spent busy, summed over CPUs
     * @param compilationNanos time this JVM's JIT compiler has spent compiling, part of {@code ownCpuNanos}
     */
    @API(status = INTERNAL, since = "0.1")
    public record Snapshot(
            long runQueueWaitNanos,
            long stealNanos,
            long throttledNanos,
            long othersBusyNanos,
            long ownCpuNanos,
            long machineBusyNanos,
            long compilationNanos) {

        /** A snapshot without the other processes' CPU (it counts as 0). */
        public Snapshot(long runQueueWaitNanos, long stealNanos, long throttledNanos) {
            this(runQueueWaitNanos, stealNanos, throttledNanos, 0);
        }

        /** A snapshot without the test's own and the machine's CPU time (they count as 0). */
        public Snapshot(long runQueueWaitNanos, long stealNanos, long throttledNanos, long othersBusyNanos) {
            this(runQueueWaitNanos, stealNanos, throttledNanos, othersBusyNanos, 0, 0, 0);
        }

        public Snapshot {
            if (runQueueWaitNanos < 0 || stealNanos < 0 || throttledNanos < 0) {
                throw new IllegalArgumentException("counters must be >= 0, but were runQueueWaitNanos "
                        + runQueueWaitNanos + ", stealNanos " + stealNanos + ", throttledNanos " + throttledNanos);
            }
        }
    }
}
