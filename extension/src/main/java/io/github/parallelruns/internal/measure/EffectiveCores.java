package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * How many cores this JVM can keep busy at once: the smallest of what the JVM reports, the cgroup's
 * CPU quota and the CPUs the process may be scheduled on.
 *
 * <p>{@code availableProcessors()} is container-aware but rounds a fractional quota up and may
 * miss limits set on ancestor cgroups, and a speedup bound above the cores that really exist can
 * only fail; the sources are shown separately so a user can see which one limits.
 *
 * @param available {@link Runtime#availableProcessors()}, {@code >= 1}
 * @param cgroupQuota the CPU quota in CPUs (quota / period), the smallest along the cgroup path;
 *     empty when there is none or it cannot be read
 * @param affinity how many CPUs the process may run on; empty when it cannot be read
 * @param cores {@code min(available, ceil(cgroupQuota), affinity)}, at least 1
 */
@API(status = INTERNAL, since = "0.1")
public record EffectiveCores(int available, OptionalDouble cgroupQuota, OptionalInt affinity, int cores) {

    public EffectiveCores {
        Objects.requireNonNull(cgroupQuota, "cgroupQuota");
        Objects.requireNonNull(affinity, "affinity");
        if (available < 1) {
            throw new IllegalArgumentException("available must be >= 1, but was " + available);
        }
        if (cgroupQuota.isPresent() && !(cgroupQuota.getAsDouble() > 0 && Double.isFinite(cgroupQuota.getAsDouble()))) {
            throw new IllegalArgumentException(
                    "cgroupQuota must be a finite number > 0 when present, but was " + cgroupQuota.getAsDouble());
        }
        if (affinity.isPresent() && affinity.getAsInt() < 1) {
            throw new IllegalArgumentException("affinity must be >= 1 when present, but was " + affinity.getAsInt());
        }
        int expected = cores(available, cgroupQuota, affinity);
        if (cores != expected) {
            throw new IllegalArgumentException(
                    "cores must be min(available, ceil(cgroupQuota), affinity) = " + expected + ", but was " + cores);
        }
    }

    /** The effective cores from these sources. */
    public static EffectiveCores of(int available, OptionalDouble cgroupQuota, OptionalInt affinity) {
        return new EffectiveCores(available, cgroupQuota, affinity, cores(available, cgroupQuota, affinity));
    }

    /** The effective cores of the machine this JVM runs on, read from Linux's files where present. */
    public static EffectiveCores ofThisMachine() {
        return read(Runtime.getRuntime().availableProcessors(), Path.of("/"));
    }

    /**
     * Reads the quota and the affinity on a machine whose file system starts at {@code root}: the
     * tightest CPU quota along this process's cgroup path ({@link CgroupCpu}, v1 or v2) and the
     * {@code Cpus_allowed_list} line of {@code root/proc/self/status}. Whatever cannot be read is empty.
     */
    static EffectiveCores read(int available, Path root) {
        return of(available, CgroupCpu.at(root).quota(), affinity(root.resolve("proc/self/status")));
    }

    /** For messages: "2 effective cores (availableProcessors 2, cgroup quota none, affinity 2 CPUs)". */
    public String describe() {
        String quota = cgroupQuota.isPresent() ? cpus(cgroupQuota.getAsDouble()) : "none";
        String cpus = affinity.isPresent() ? cpus(affinity.getAsInt()) : "unknown";
        return cores + (cores == 1 ? " effective core" : " effective cores") + " (availableProcessors " + available
                + ", cgroup quota " + quota + ", affinity " + cpus + ")";
    }

    private static int cores(int available, OptionalDouble cgroupQuota, OptionalInt affinity) {
        int cores = available;
        if (cgroupQuota.isPresent()) {
            cores = (int) Math.min(cores, Math.ceil(cgroupQuota.getAsDouble()));
        }
        if (affinity.isPresent()) {
            cores = Math.min(cores, affinity.getAsInt());
        }
        return Math.max(1, cores);
    }

    private static OptionalInt affinity(Path procSelfStatus) {
        try {
            for (String line : Files.readAllLines(procSelfStatus)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return OptionalInt.of(countCpus(
                            line.substring("Cpus_allowed_list:".length()).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable or malformed: unknown.
        }
        return OptionalInt.empty();
    }

    /** Counts the CPUs in a list such as "0-3,6". */
    private static int countCpus(String list) {
        int count = 0;
        for (String item : list.split(",")) {
            String[] range = item.trim().split("-");
            int first = Integer.parseInt(range[0]);
            int last = range.length == 2 ? Integer.parseInt(range[1]) : first;
            if (range.length > 2 || last < first) {
                throw new IllegalArgumentException("not a CPU range: " + item);
            }
            count += last - first + 1;
        }
        if (count < 1) {
            throw new IllegalArgumentException("no CPUs in " + list);
        }
        return count;
    }

    private static String cpus(double count) {
        String text = String.format(Locale.ROOT, "%.2f", count).replaceFirst("\\.?0+$", "");
        return text + (text.equals("1") ? " CPU" : " CPUs");
    }
}
