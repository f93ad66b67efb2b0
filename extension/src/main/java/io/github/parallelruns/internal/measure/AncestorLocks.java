package io.github.parallelruns.internal.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a process this JVM descends from holds a lock on the turns file, read from Linux's
 * {@code /proc/locks}: a JVM started by a running test (a build tool's integration test, a test of a test
 * engine) is part of that test, and a JVM started by a measurement is part of the measurement, so its tests
 * must not wait for a turn that its ancestor's own test holds up. Elsewhere (no {@code /proc/locks}) nothing
 * is found, and such a JVM waits as any other, at most the tests' wait. A build tool that runs tests in its
 * own JVM and also starts test JVMs (Maven with {@code forkCount=0} in one module of a parallel build) looks
 * the same: the JVMs it starts go ahead while it runs tests.
 */
final class AncestorLocks {

    private final Path locks;

    AncestorLocks(Path proc) {
        this.locks = proc.resolve("locks");
    }

    static AncestorLocks ofThisMachine() {
        return new AncestorLocks(Path.of("/proc"));
    }

    /**
     * Whether one of this process's ancestors holds byte {@code region} of {@code file} in the given mode
     * ({@code shared} for a read lock, else a write lock).
     */
    boolean heldByAncestor(Path file, long region, boolean shared) {
        Optional<Key> key = Key.of(file);
        if (key.isEmpty() || !Files.isReadable(locks)) {
            return false;
        }
        Set<Long> ancestors = new HashSet<>();
        ProcessHandle.current().parent().ifPresent(parent -> {
            for (Optional<ProcessHandle> p = Optional.of(parent);
                    p.isPresent();
                    p = p.get().parent()) {
                if (!ancestors.add(p.get().pid())) {
                    break;
                }
            }
        });
        try {
            return heldBy(Files.readAllLines(locks), key.get(), region, shared, ancestors);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a line of {@code /proc/locks} ({@code 1: POSIX  ADVISORY  READ 4242 fe:00:2147276 1 1}) says that one
     * of {@code pids} holds (does not merely wait for) byte {@code region} of the file {@code key}.
     */
    static boolean heldBy(List<String> lines, Key key, long region, boolean shared, Set<Long> pids) {
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 8 || fields[1].equals("->") || !fields[1].equals("POSIX")) {
                continue;
            }
            if (!fields[3].equals(shared ? "READ" : "WRITE")) {
                continue;
            }
            try {
                long pid = Long.parseLong(fields[4]);
                String[] device = fields[5].split(":");
                if (device.length != 3 || Long.parseLong(device[2]) != key.inode()) {
                    continue;
                }
                long start = Long.parseLong(fields[6]);
                boolean covers = start <= region && (fields[7].equals("EOF") || Long.parseLong(fields[7]) >= region);
                if (covers && pids.contains(pid)) {
                    return true;
                }
            } catch (NumberFormatException notALockLine) {
                // A format this reader does not know: not a holder.
            }
        }
        return false;
    }

    /**
     * A file as {@code /proc/locks} names it, by its inode: the device there is the file system's own, which on
     * btrfs subvolumes and some overlay mounts differs from the one {@code stat} gives, and a holder that is an
     * ancestor holding the same byte of another file with the same inode is not a case worth a miss.
     */
    record Key(long inode) {

        static Optional<Key> of(Path file) {
            try {
                return Optional.of(new Key(((Number) Files.getAttribute(file, "unix:ino")).longValue()));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
                return Optional.empty();
            }
        }
    }
}
