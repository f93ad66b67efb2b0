package io.github.parallelruns.internal.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * This process's cgroup as the CPU controller sees it: the process's own cgroup directory and each
 * ancestor up to the root of the hierarchy that this process can see, with the tightest CPU quota along
 * that path and the throttling counted on it.
 *
 * <p>The whole path is read because a quota on any ancestor limits the process, and when an ancestor's
 * quota runs out it is that ancestor's {@code cpu.stat} that counts the throttling: the process's own
 * {@code nr_throttled} and {@code throttled_usec} count only its own quota, and stay at 0 under an
 * unlimited cgroup whose parent is throttled.
 *
 * <p>The hierarchy is that of the CPU controller: on cgroup v1 the line of {@code /proc/self/cgroup} that
 * names {@code cpu} among its controllers ({@code 4:cpu,cpuacct:/path}), else the v2 line
 * ({@code 0::/path}); a hybrid system's unified hierarchy has no CPU controller when v1 has it. Its
 * mount comes from {@code /proc/self/mountinfo} (type {@code cgroup} with the super option {@code cpu},
 * or {@code cgroup2}), else from the usual place ({@code /sys/fs/cgroup/cpu}, {@code /sys/fs/cgroup}).
 * A level's files are read by their names: {@code cpu.max} (v2) or {@code cpu.cfs_quota_us} and
 * {@code cpu.cfs_period_us} (v1); in {@code cpu.stat}, {@code throttled_usec} (v2) or
 * {@code throttled_time} in nanoseconds (v1). Whatever cannot be read or parsed is left out; nothing
 * here throws.
 */
final class CgroupCpu {

    private final List<Path> chain;

    private CgroupCpu(List<Path> chain) {
        this.chain = List.copyOf(chain);
    }

    /** This process's cgroup, read from the real {@code /proc} and cgroup file systems. */
    static CgroupCpu ofThisProcess() {
        return at(Path.of("/"));
    }

    /**
     * This process's cgroup on a file system that starts at {@code root}: {@code root/proc/self/cgroup},
     * {@code root/proc/self/mountinfo}, and the mount points they name under {@code root}.
     */
    static CgroupCpu at(Path root) {
        Optional<Membership> membership = membership(root.resolve("proc/self/cgroup"));
        if (membership.isEmpty()) {
            // The path is unknown: the root of the usual mount is the best guess, v2 if it looks like one.
            Path v2 = root.resolve("sys/fs/cgroup");
            boolean looksV2 = Files.exists(v2.resolve("cpu.max")) || Files.exists(v2.resolve("cpu.stat"));
            return new CgroupCpu(List.of(looksV2 ? v2 : v2.resolve("cpu")));
        }
        Membership own = membership.get();
        Mount mount = mount(root.resolve("proc/self/mountinfo"), own)
                .orElseGet(() -> new Mount("/", own.v1() ? "/sys/fs/cgroup/cpu" : "/sys/fs/cgroup"));
        Path mountPoint = root.resolve(mount.point().replaceFirst("^/+", "")).normalize();
        return new CgroupCpu(chain(mountPoint, relativeTo(mount.root(), own.path())));
    }

    /** The directories {@code chain}, the process's own first, each later one an ancestor of the one before. */
    static CgroupCpu along(List<Path> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must name at least one directory, but was empty");
        }
        return new CgroupCpu(chain);
    }

    /** The process's own cgroup directory, then each ancestor up to the root of the visible hierarchy. */
    List<Path> chain() {
        return chain;
    }

    /** The {@code cpu.stat} file of the process's own cgroup, to name in messages. */
    Path ownStatFile() {
        return chain.get(0).resolve("cpu.stat");
    }

    /** The tightest CPU quota along the path, in CPUs (quota / period); empty when none is set or readable. */
    OptionalDouble quota() {
        double tightest = Double.POSITIVE_INFINITY;
        for (Path directory : chain) {
            OptionalDouble quota = quotaOf(directory);
            if (quota.isPresent()) {
                tightest = Math.min(tightest, quota.getAsDouble());
            }
        }
        return Double.isFinite(tightest) ? OptionalDouble.of(tightest) : OptionalDouble.empty();
    }

    /**
     * The time the process's cgroup and its ancestors were throttled, summed over the path, in
     * nanoseconds; empty when no level has a throttling counter that can be read (no CPU controller, as
     * in a host's root cgroup, or nothing readable).
     */
    OptionalLong throttledNanos() {
        long sum = 0;
        boolean found = false;
        for (Path directory : chain) {
            OptionalLong throttled = throttledNanosOf(directory);
            if (throttled.isPresent()) {
                sum = saturatedAdd(sum, throttled.getAsLong());
                found = true;
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    private static OptionalDouble quotaOf(Path directory) {
        try {
            String[] fields =
                    Files.readString(directory.resolve("cpu.max")).trim().split("\\s+");
            if (fields.length != 2) {
                return OptionalDouble.empty();
            }
            return fields[0].equals("max")
                    ? OptionalDouble.empty()
                    : quota(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        } catch (IOException | RuntimeException e) {
            // Not v2, or unreadable: try v1.
        }
        try {
            long quota = Long.parseLong(
                    Files.readString(directory.resolve("cpu.cfs_quota_us")).trim());
            long period = Long.parseLong(
                    Files.readString(directory.resolve("cpu.cfs_period_us")).trim());
            return quota(quota, period);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** No quota for a quota of -1 (v1's "none") or anything else that is not a positive quota and period. */
    private static OptionalDouble quota(long quota, long period) {
        return quota > 0 && period > 0 ? OptionalDouble.of((double) quota / period) : OptionalDouble.empty();
    }

    private static OptionalLong throttledNanosOf(Path directory) {
        try {
            for (String line : Files.readAllLines(directory.resolve("cpu.stat"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 2 && fields[0].equals("throttled_usec")) {
                    return OptionalLong.of(Math.multiplyExact(nonNegative(fields[1]), 1000L));
                }
                if (fields.length == 2 && fields[0].equals("throttled_time")) {
                    return OptionalLong.of(nonNegative(fields[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable or malformed: this level is left out.
        }
        return OptionalLong.empty();
    }

    private static long nonNegative(String text) {
        long value = Long.parseLong(text);
        if (value < 0) {
            throw new IllegalArgumentException("a counter must be >= 0, but was " + value);
        }
        return value;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Which hierarchy holds this process's CPU controller, and the process's path in it.
     *
     * @param v1 whether it is a cgroup v1 hierarchy with the {@code cpu} controller (else the v2 one)
     * @param path the path as {@code /proc/self/cgroup} shows it, such as {@code /user.slice/x.scope}
     */
    private record Membership(boolean v1, String path) {}

    /**
     * A mount of the hierarchy.
     *
     * @param root the directory of the hierarchy that the mount shows at its mount point
     * @param point where it is mounted
     */
    private record Mount(String root, String point) {}

    private static Optional<Membership> membership(Path procSelfCgroup) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procSelfCgroup);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<Membership> v2 = Optional.empty();
        for (String line : lines) {
            // id:controllers:path, where the path may itself hold colons.
            String[] fields = line.split(":", 3);
            if (fields.length != 3 || !fields[2].startsWith("/")) {
                continue;
            }
            if (Arrays.asList(fields[1].split(",")).contains("cpu")) {
                return Optional.of(new Membership(true, fields[2].trim()));
            }
            if (fields[0].equals("0") && fields[1].isEmpty()) {
                v2 = Optional.of(new Membership(false, fields[2].trim()));
            }
        }
        return v2;
    }

    /** The mount of the hierarchy, preferring one whose root holds the process's cgroup. */
    private static Optional<Mount> mount(Path mountinfo, Membership membership) {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<Mount> first = Optional.empty();
        for (String line : lines) {
            // "36 35 98:0 /root /mnt/point options [optional fields] - fstype source superoptions"
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] mountFields = line.substring(0, separator).split(" ");
            String[] fsFields = line.substring(separator + 3).split(" ");
            if (mountFields.length < 5 || fsFields.length < 3) {
                continue;
            }
            boolean matches = membership.v1()
                    ? fsFields[0].equals("cgroup")
                            && Arrays.asList(fsFields[2].split(",")).contains("cpu")
                    : fsFields[0].equals("cgroup2");
            if (!matches) {
                continue;
            }
            Mount mount = new Mount(unescape(mountFields[3]), unescape(mountFields[4]));
            if (relativeTo(mount.root(), membership.path()).isPresent()) {
                return Optional.of(mount);
            }
            if (first.isEmpty()) {
                first = Optional.of(mount);
            }
        }
        return first;
    }

    /**
     * {@code path} relative to the mount's {@code root} ("" for the root itself); empty when the path is
     * not under it, as for a cgroup outside this process's namespace ({@code /../..}).
     */
    private static Optional<String> relativeTo(String root, String path) {
        if (Arrays.asList(path.split("/")).contains("..")) {
            return Optional.empty();
        }
        Path base = Path.of("/").resolve(root).normalize();
        Path own = Path.of("/").resolve(path).normalize();
        return own.startsWith(base) ? Optional.of(base.relativize(own).toString()) : Optional.empty();
    }

    /** The mount point, then the process's own directory under it and each ancestor, own first. */
    private static List<Path> chain(Path mountPoint, Optional<String> relative) {
        List<Path> chain = new ArrayList<>();
        if (relative.isPresent()) {
            Path directory = mountPoint.resolve(relative.get()).normalize();
            while (directory.startsWith(mountPoint) && !directory.equals(mountPoint)) {
                chain.add(directory);
                directory = directory.getParent();
            }
        }
        chain.add(mountPoint);
        return chain;
    }

    /** mountinfo writes a space, tab, newline and backslash in a path as \040, \011, \012 and \134. */
    private static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\'
                    && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
