package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Reading who holds which byte of the turns file from {@code /proc/locks}. */
class AncestorLocksTests {

    private static final AncestorLocks.Key FILE = new AncestorLocks.Key(2147276);

    @TempDir
    Path dir;

    @Test
    void aReadLockOfAnAncestorOnTheRunningByteIsFound() {
        List<String> lines = List.of(
                "1: POSIX  ADVISORY  WRITE 17 fe:00:2147276 0 0", "2: POSIX  ADVISORY  READ 42 fe:00:2147276 1 1");

        assertThat(AncestorLocks.heldBy(lines, FILE, 1, true, Set.of(42L))).isTrue();
        assertThat(AncestorLocks.heldBy(lines, FILE, 0, false, Set.of(17L))).isTrue();
    }

    @Test
    void otherProcessesFilesBytesModesAndWaitersAreNot() {
        List<String> lines = List.of(
                "1: POSIX  ADVISORY  READ 42 fe:00:2147276 1 1",
                "1: -> POSIX  ADVISORY  WRITE 43 fe:00:2147276 0 0",
                "2: POSIX  ADVISORY  READ 44 fe:01:2147277 1 1",
                "3: FLOCK  ADVISORY  WRITE 45 fe:00:2147276 0 EOF",
                "4: OFDLCK ADVISORY  READ -1 fe:00:2147276 1 1",
                "garbage");

        assertThat(AncestorLocks.heldBy(lines, FILE, 1, true, Set.of(7L)))
                .as("not an ancestor")
                .isFalse();
        assertThat(AncestorLocks.heldBy(lines, FILE, 1, false, Set.of(42L)))
                .as("a read lock, not a write lock")
                .isFalse();
        assertThat(AncestorLocks.heldBy(lines, FILE, 0, true, Set.of(42L)))
                .as("another byte")
                .isFalse();
        assertThat(AncestorLocks.heldBy(lines, FILE, 0, false, Set.of(43L)))
                .as("waits, holds nothing")
                .isFalse();
        assertThat(AncestorLocks.heldBy(lines, FILE, 1, true, Set.of(44L)))
                .as("another file")
                .isFalse();
        assertThat(AncestorLocks.heldBy(lines, FILE, 0, false, Set.of(45L)))
                .as("not a POSIX lock")
                .isFalse();
    }

    @Test
    void theFileIsKnownByItsInodeWhateverDeviceTheKernelNames() {
        // A btrfs subvolume: stat gives an anonymous device, /proc/locks the file system's.
        List<String> lines = List.of("1: POSIX  ADVISORY  READ 42 00:2f:2147276 1 1");

        assertThat(AncestorLocks.heldBy(lines, FILE, 1, true, Set.of(42L))).isTrue();
    }

    @Test
    void aLockUpToTheEndOfTheFileCoversTheByte() {
        List<String> lines = List.of("1: POSIX  ADVISORY  READ 42 fe:00:2147276 0 EOF");

        assertThat(AncestorLocks.heldBy(lines, FILE, 1, true, Set.of(42L))).isTrue();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theKeyOfAFileMatchesWhatTheKernelShowsForALockOnIt() throws Exception {
        Path file = Files.writeString(dir.resolve("turns.lock"), "0123456789abcdef");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.lock(1, 1, true)) {
            List<String> lines = Files.readAllLines(Path.of("/proc/locks"));

            assertThat(lock.isShared()).isTrue();
            assertThat(AncestorLocks.heldBy(
                            lines,
                            AncestorLocks.Key.of(file).orElseThrow(),
                            1,
                            true,
                            Set.of(ProcessHandle.current().pid())))
                    .as(String.join("\n", lines))
                    .isTrue();
        }
    }
}
