package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Speedup measurements in different JVMs on one machine take turns, and ordinary tests in other JVMs
 * wait at their start while one measures, through OS file locks on one lock file.
 *
 * <p>The file has three one-byte regions. <em>Gate</em>: a measurement holds it exclusively from its
 * calibration to its last pair, so that measurements never overlap; a test start passes through it
 * (takes it shared for a moment), so that no new test starts while a measurement runs. <em>Running</em>:
 * a JVM holds it shared while it runs at least one ordinary test, and a measurement takes it
 * exclusively once it has the gate, which waits for the tests already running elsewhere to end.
 * <em>Waiting</em>: a test start holds it shared while it waits; a measurement does not take the gate
 * while anyone holds it (for at most the tests' own wait), so that a JVM with many measurements in a
 * row lets the other JVMs' tests start between two of them instead of starving them.
 * The OS releases every lock of a process that dies, so a killed JVM never blocks the others; the
 * file itself is never deleted (deleting a lock file lets a waiter and a newcomer lock two different
 * files).
 *
 * <p>Nor does a JVM that a running test started (found in Linux's {@code /proc/locks}: an ancestor holds the
 * running region): its tests are part of that test and go ahead, counted but without taking the region.
 *
 * <p>Within one JVM nothing waits on itself: tests that start while this JVM measures go ahead (with
 * JUnit's parallel execution {@code @ExpectSpeedup} holds the global resource lock, so none do), and
 * two measurements in one JVM take turns on a fair semaphore before the file. Each JVM uses one channel
 * for all its locks, as {@link FileChannel} asks. All waits are bounded.
 */
@API(status = INTERNAL, since = "0.1")
public final class MachineTurns {

    /** How often a waiter tries the locks again. */
    static final long POLL_MILLIS = 10;

    private static final long GATE = 0;
    private static final long RUNNING = 1;
    private static final long WAITING = 2;
    private static final long COUNTER = 8;
    private static final Map<Path, MachineTurns> BY_FILE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final AncestorLocks ancestors;
    private final Semaphore measurers = new Semaphore(1, true);
    private int runningTests;
    private FileLock runningShared;
    private boolean measuringHere;
    private volatile long gateReleasedAt = Long.MIN_VALUE;
    /** The turn counter of a measurement a test start gave up waiting for, or -1. */
    private volatile long stuckTurn = -1;
    /** Why the lock file cannot be locked (the file system refused), or null while it works. */
    private volatile String broken;

    private MachineTurns(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.ancestors = AncestorLocks.ofThisMachine();
    }

    /**
     * The turns of everyone using {@code file}, opened once per JVM and kept open.
     *
     * @throws IOException when the file (or its folder, created readable by its owner only) cannot be
     *     created or opened
     */
    public static MachineTurns forFile(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (Files.exists(key)) {
            // Two names for one file must share one channel: locks of two channels of one JVM collide.
            key = key.toRealPath();
        }
        MachineTurns turns = BY_FILE.get(key);
        if (turns != null) {
            return turns;
        }
        synchronized (BY_FILE) {
            turns = BY_FILE.get(key);
            if (turns == null) {
                FileChannel channel = open(key);
                Path real = key.toRealPath();
                turns = BY_FILE.get(real);
                if (turns == null) {
                    turns = new MachineTurns(real, channel);
                    BY_FILE.put(real, turns);
                } else {
                    channel.close();
                }
                BY_FILE.put(key, turns);
            }
            return turns;
        }
    }

    /** {@code <java.io.tmpdir>/parallelruns-<user>/turns.lock}: one per user, shared by all their builds. */
    public static Path defaultFile() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "parallelruns-" + user, "turns.lock");
    }

    private static FileChannel open(Path file) throws IOException {
        Path folder = file.getParent();
        if (folder != null
                && file.equals(defaultFile().toAbsolutePath().normalize())
                && Files.isDirectory(folder)
                && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // A folder in the shared temp directory that someone else made could be used to stall us.
            checkOwnFolder(folder);
        }
        if (folder != null && !Files.isDirectory(folder)) {
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(
                            folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(folder);
                }
            } catch (FileAlreadyExistsException raced) {
                // Another JVM created it first.
            }
        }
        if (folder != null
                && file.equals(defaultFile().toAbsolutePath().normalize())
                && FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            // Again after creating it: another user may have won the race for the name.
            checkOwnFolder(folder);
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The folder must belong to this process's user: one in the shared temp folder made by someone else could stall us. */
    private static void checkOwnFolder(Path folder) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        Object owner = Files.getAttribute(folder, "unix:uid");
        Path probe = Files.createTempFile("parallelruns-uid", ".probe");
        try {
            Object self = Files.getAttribute(probe, "unix:uid");
            if (!owner.equals(self)) {
                throw new IOException("the folder " + folder + " belongs to user id " + owner + ", not to this "
                        + "process's user id " + self);
            }
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * An ordinary test starts in this JVM: waits, at most {@code maxWait}, while another JVM measures,
     * then counts the test as running until {@link #testFinished()}.
     *
     * @return how long it waited, and whether it went ahead without its turn because the wait ran out
     */
    public Wait testStarted(Duration maxWait) throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + nanos(maxWait);
        // The same measurement that made an earlier test of this JVM give up is not waited for again.
        boolean tryOnce = broken != null || (stuckTurn >= 0 && stuckTurn == turnCounter());
        boolean ancestorsAsked = false;
        FileLock waiting = null;
        try {
            while (true) {
                synchronized (this) {
                    if (broken != null) {
                        runningTests++;
                        return new Wait(Duration.ofNanos(System.nanoTime() - begin), false);
                    }
                    if (measuringHere) {
                        runningTests++;
                        return new Wait(Duration.ofNanos(System.nanoTime() - begin), false);
                    }
                    // Every start passes the gate, also beside tests of this JVM that already run.
                    FileLock gate = tryLock(GATE, true);
                    if (gate != null) {
                        try {
                            if (runningShared == null) {
                                runningShared = tryLock(RUNNING, true);
                            }
                        } finally {
                            release(gate);
                        }
                        if (runningShared != null) {
                            runningTests++;
                            return new Wait(Duration.ofNanos(System.nanoTime() - begin), false);
                        }
                    }
                    if (!ancestorsAsked) {
                        ancestorsAsked = true;
                        if (ancestors.heldByAncestor(file, RUNNING, true)) {
                            // Part of a test an ancestor runs, which waits for it: waiting would wait on itself.
                            // Counted, but the region is not taken: a measurer waits for the ancestor's test.
                            runningTests++;
                            return new Wait(Duration.ofNanos(System.nanoTime() - begin), false);
                        }
                    }
                    if (waiting == null && !tryOnce) {
                        waiting = tryLock(WAITING, true);
                    }
                }
                if (tryOnce || System.nanoTime() - deadline >= 0) {
                    synchronized (this) {
                        // Runs without its turn; counted, so that its JVM's running region is kept when it has it.
                        runningTests++;
                    }
                    if (!tryOnce && maxWait.compareTo(Duration.ZERO) > 0) {
                        // Only a real wait that ran out: a start that did not mean to wait says nothing.
                        stuckTurn = turnCounter();
                    }
                    return new Wait(Duration.ofNanos(System.nanoTime() - begin), true);
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        } finally {
            if (waiting != null) {
                synchronized (this) {
                    release(waiting);
                }
            }
        }
    }

    /** An ordinary test of this JVM has ended. */
    public synchronized void testFinished() {
        runningTests = Math.max(0, runningTests - 1);
        if (runningTests == 0 && runningShared != null && !measuringHere) {
            release(runningShared);
            runningShared = null;
        }
    }

    /**
     * Waits for this JVM's and then the machine's turn to measure (at most {@code maxWait}), then for
     * the tests running in other JVMs to end (at most {@code testsWait}).
     *
     * @return the turn, to be closed when the measurement ends; empty when the wait for the turn ran out
     */
    public Optional<Turn> takeTurn(Duration maxWait, Duration testsWait) throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + nanos(maxWait);
        if (!measurers.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        boolean granted = false;
        FileLock gate = null;
        FileLock running = null;
        try {
            if (broken != null) {
                granted = true;
                return Optional.of(
                        new Turn(this, null, null, Duration.ofNanos(System.nanoTime() - begin), Duration.ZERO));
            }
            synchronized (this) {
                // Held while waiting, a measurer that has the gate would wait for this JVM's tests in turn.
                if (runningShared != null) {
                    release(runningShared);
                    runningShared = null;
                }
            }
            long sinceRelease = System.nanoTime() - gateReleasedAt;
            if (sinceRelease >= 0 && sinceRelease < 4 * POLL_MILLIS * 1_000_000L) {
                // This JVM just measured: let a JVM that has been waiting take the next turn.
                TimeUnit.MILLISECONDS.sleep(2 * POLL_MILLIS);
            }
            // Tests waiting in other JVMs go first, but only for as long as they would wait themselves.
            long yieldUntil = System.nanoTime() + nanos(testsWait);
            while (true) {
                synchronized (this) {
                    if (System.nanoTime() - yieldUntil >= 0 || !testsWaiting()) {
                        gate = tryLock(GATE, false);
                    }
                    if (gate != null) {
                        measuringHere = true;
                        countTurn();
                        break;
                    }
                }
                if (broken != null) {
                    granted = true;
                    return Optional.of(
                            new Turn(this, null, null, Duration.ofNanos(System.nanoTime() - begin), Duration.ZERO));
                }
                if (System.nanoTime() - deadline >= 0) {
                    return Optional.empty();
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            long grantedAt = System.nanoTime();
            long testsDeadline = grantedAt + nanos(testsWait);
            while (true) {
                synchronized (this) {
                    if (runningShared != null) {
                        // Taken again by a test of this JVM meanwhile: this JVM's own tests do not wait.
                        release(runningShared);
                        runningShared = null;
                    }
                    running = tryLock(RUNNING, false);
                }
                if (running != null || System.nanoTime() - testsDeadline >= 0) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            granted = true;
            return Optional.of(new Turn(
                    this,
                    gate,
                    running,
                    Duration.ofNanos(grantedAt - begin),
                    Duration.ofNanos(System.nanoTime() - grantedAt)));
        } finally {
            if (!granted) {
                synchronized (this) {
                    if (running != null) {
                        release(running);
                    }
                    measuringHere = false;
                    if (gate != null) {
                        // Under the gate, taking the running region back cannot hold up another measurer.
                        retakeRunningIfNeeded();
                        release(gate);
                    }
                }
                measurers.release();
            }
        }
    }

    private synchronized void endTurn(FileLock gate, FileLock running) {
        if (running != null) {
            release(running);
        }
        measuringHere = false;
        // Still holding the gate, so no other measurer can take the running region in between.
        retakeRunningIfNeeded();
        if (gate != null) {
            release(gate);
        }
        gateReleasedAt = System.nanoTime();
        measurers.release();
    }

    /** Whether a test in another JVM waits at its start (holds the waiting region). */
    private boolean testsWaiting() {
        FileLock probe = tryLock(WAITING, false);
        if (probe == null) {
            return true;
        }
        release(probe);
        return false;
    }

    private void retakeRunningIfNeeded() {
        if (runningTests > 0 && runningShared == null) {
            runningShared = tryLock(RUNNING, true);
        }
    }

    private FileLock tryLock(long region, boolean shared) {
        try {
            return channel.tryLock(region, 1, shared);
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            // The file system cannot lock (NFS without lockd, some FUSE mounts): turn-taking is off, not stuck.
            if (broken == null) {
                broken = "the file system refused a lock on " + file + ": " + e;
                System.err.println("WARNING: [parallel-runs] measurements do not take turns: " + broken);
            }
            return null;
        }
    }

    /** Why turn-taking does not work with this file, if so. */
    public Optional<String> broken() {
        return Optional.ofNullable(broken);
    }

    /** Counts the turns taken on this file: bytes 8 to 15, written by each turn's holder under the gate. */
    private long turnCounter() {
        ByteBuffer buffer = ByteBuffer.allocate(8);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, COUNTER + buffer.position()) < 0) {
                    return 0;
                }
            }
            return buffer.flip().getLong();
        } catch (IOException e) {
            return 0;
        }
    }

    private void countTurn() {
        ByteBuffer buffer = ByteBuffer.allocate(8).putLong(turnCounter() + 1).flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, COUNTER + buffer.position());
            }
        } catch (IOException e) {
            // Without the counter, tests that gave up once wait again next time: slower, not wrong.
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
        } catch (IOException e) {
            // The channel stays open for the JVM's life; a failed release ends with the process.
        }
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * How long a test start waited.
     *
     * @param waited the time waited
     * @param ranOut whether the wait ended at its bound rather than with the turn
     */
    @API(status = INTERNAL, since = "0.1")
    public record Wait(Duration waited, boolean ranOut) {

        public Wait {
            Objects.requireNonNull(waited, "waited");
        }
    }

    /**
     * One measurement's turn on the machine: close it when the measurement ends.
     */
    @API(status = INTERNAL, since = "0.1")
    public static final class Turn implements AutoCloseable {

        private final MachineTurns turns;
        private final FileLock gate;
        private final FileLock running;
        private final Duration waitedForTurn;
        private final Duration waitedForTests;
        private boolean closed;

        Turn(MachineTurns turns, FileLock gate, FileLock running, Duration waitedForTurn, Duration waitedForTests) {
            this.turns = turns;
            this.gate = gate;
            this.running = running;
            this.waitedForTurn = waitedForTurn;
            this.waitedForTests = waitedForTests;
        }

        /** How long the measurement waited for other measurements, in this JVM and others. */
        public Duration waitedForTurn() {
            return waitedForTurn;
        }

        /** How long it then waited for tests running in other JVMs to end. */
        public Duration waitedForTests() {
            return waitedForTests;
        }

        /** Whether tests in other JVMs were still running when the wait for them ran out. */
        public boolean testsStillRunning() {
            return gate != null && running == null;
        }

        /** Why this turn is no turn at all (the file system cannot lock the file), if so. */
        public Optional<String> unavailable() {
            return gate == null ? turns.broken() : Optional.empty();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                turns.endTurn(gate, running);
            }
        }
    }
}
