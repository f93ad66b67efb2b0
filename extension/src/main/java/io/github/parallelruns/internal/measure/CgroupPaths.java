package io.github.parallelruns.internal.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where this process's cgroup v2 files are. Limits may sit on any ancestor of the process's own
 * cgroup, so callers get the whole chain up to the root of the hierarchy.
 */
final class CgroupPaths {

    private CgroupPaths() {
    }

    /**
     * This process's cgroup v2 directory under {@code cgroupRoot}, then each ancestor up to
     * {@code cgroupRoot} itself; only the root when {@code procSelfCgroup} has no v2 line ("0::/path")
     * or cannot be read, as in a container whose cgroup namespace starts at its own cgroup.
     */
    static List<Path> ownChain(Path procSelfCgroup, Path cgroupRoot) {
        List<Path> chain = new ArrayList<>();
        Path root = cgroupRoot.normalize();
        Optional<String> own = v2Path(procSelfCgroup);
        if (own.isPresent()) {
            Path directory = root.resolve(own.get().replaceFirst("^/+", "")).normalize();
            // A path outside the namespace shows as "/../.."; it names nothing we can read.
            if (directory.startsWith(root)) {
                while (!directory.equals(root)) {
                    chain.add(directory);
                    directory = directory.getParent();
                }
            }
        }
        chain.add(root);
        return chain;
    }

    private static Optional<String> v2Path(Path procSelfCgroup) {
        try {
            for (String line : Files.readAllLines(procSelfCgroup)) {
                if (line.startsWith("0::")) {
                    return Optional.of(line.substring(3).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable: the root is the best guess.
        }
        return Optional.empty();
    }
}
