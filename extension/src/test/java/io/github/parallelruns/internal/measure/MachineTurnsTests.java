package io.github.parallelruns.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turn-taking through the lock file between this JVM and a {@link TurnHolder} JVM: who waits for whom,
 * that every wait is bounded, and that a killed JVM frees its turn.
 */
class MachineTurnsTests {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path lockFile;
    private Process holder;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void lockFileOfItsOwn() {
        // Each test its own file: other tests of this JVM, or other builds, must not take part.
        lockFile = dir.resolve("locks/turns.lock");
    }

    @AfterEach
    void endTheOtherJvm() throws InterruptedException {
        executor.shutdownNow();
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTestStartWaitsWhileAnotherJvmMeasuresAndGoesAheadWhenItEnds() throws Exception {
        holdInAnotherJvm("measure");
        MachineTurns turns = MachineTurns.forFile(lockFile);

        CompletableFuture<MachineTurns.Wait> start = async(() -> turns.testStarted(LONG));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !start.isDone());
        release();
        MachineTurns.Wait wait = start.get(30, TimeUnit.SECONDS);
        assertThat(wait.ranOut()).isFalse();
        assertThat(wait.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        turns.testFinished();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aJvmThatARunningTestStartedDoesNotWaitForAMeasurementThatWaitsForThatTest() throws Exception {
        MachineTurns turns = MachineTurns.forFile(lockFile);
        turns.testStarted(LONG);
        Path measurer = Files.createDirectory(dir.resolve("measurer"));
        Path nested = Files.createDirectory(dir.resolve("nested"));
        Process child = null;
        try {
            // Another JVM measures: it takes the gate, then waits for this JVM's running test.
            holder = TurnHolder.startInAnotherJvm(lockFile, measurer, "measure");
            await().atMost(Duration.ofSeconds(60)).until(() -> gateTakenByAnother() || !holder.isAlive());
            assertThat(holder.isAlive()).isTrue();

            // The running test starts a JVM whose tests take part in it: they go ahead at once.
            child = TurnHolder.startInAnotherJvm(lockFile, nested, "test");
            Process started = child;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(nested.resolve("holding")) && started.isAlive() && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertThat(nested.resolve("holding"))
                    .as(
                            "the nested JVM went ahead; locks: %s; its parent %s, this JVM %s",
                            Files.readString(Path.of("/proc/locks")),
                            started.toHandle().parent().map(ProcessHandle::pid),
                            ProcessHandle.current().pid())
                    .exists();
            assertThat(measurer.resolve("holding")).doesNotExist();
        } finally {
            Files.writeString(nested.resolve("release"), "now");
            turns.testFinished();
            Files.writeString(measurer.resolve("release"), "now");
            if (child != null) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Whether the holder JVM holds the gate (the file's first byte) exclusively, as {@code /proc/locks} says: a
     * probe through a channel of this JVM would, when closed, drop this JVM's own locks on the file.
     */
    private boolean gateTakenByAnother() throws IOException {
        return AncestorLocks.heldBy(
                Files.readAllLines(Path.of("/proc/locks")),
                AncestorLocks.Key.of(lockFile).orElseThrow(),
                0,
                false,
                Set.of(holder.pid()));
    }

    @Test
    void aMeasurementWaitsForAnotherJvmsMeasurement() throws Exception {
        holdInAnotherJvm("measure");
        MachineTurns turns = MachineTurns.forFile(lockFile);

        CompletableFuture<Optional<MachineTurns.Turn>> turn = async(() -> turns.takeTurn(LONG, LONG));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !turn.isDone());
        release();
        try (MachineTurns.Turn taken = turn.get(30, TimeUnit.SECONDS).orElseThrow()) {
            assertThat(taken.waitedForTurn()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(taken.testsStillRunning()).isFalse();
        }
    }

    @Test
    void aMeasurementWaitsForATestRunningInAnotherJvmToEnd() throws Exception {
        holdInAnotherJvm("test");
        MachineTurns turns = MachineTurns.forFile(lockFile);

        CompletableFuture<Optional<MachineTurns.Turn>> turn = async(() -> turns.takeTurn(LONG, LONG));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !turn.isDone());
        release();
        try (MachineTurns.Turn taken = turn.get(30, TimeUnit.SECONDS).orElseThrow()) {
            assertThat(taken.waitedForTests()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(taken.testsStillRunning()).isFalse();
        }
    }

    @Test
    void everyWaitIsBounded() throws Exception {
        holdInAnotherJvm("measure");
        MachineTurns turns = MachineTurns.forFile(lockFile);

        MachineTurns.Wait wait = turns.testStarted(Duration.ofMillis(200));
        Optional<MachineTurns.Turn> turn = turns.takeTurn(Duration.ofMillis(200), Duration.ofMillis(200));

        assertThat(wait.ranOut()).isTrue();
        assertThat(wait.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(20));
        assertThat(turn).isEmpty();
        turns.testFinished();
    }

    @Test
    void aTestThatGaveUpWaitingForAMeasurementDoesNotMakeTheNextTestWaitForTheSameOne() throws Exception {
        holdInAnotherJvm("measure");
        MachineTurns turns = MachineTurns.forFile(lockFile);

        MachineTurns.Wait first = turns.testStarted(Duration.ofMillis(300));
        turns.testFinished();
        MachineTurns.Wait second = turns.testStarted(LONG);
        turns.testFinished();

        assertThat(first.ranOut()).isTrue();
        // The same measurement still holds its turn: one try, no minute of waiting again.
        assertThat(second.ranOut()).isTrue();
        assertThat(second.waited()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aMeasurementGoesAheadWhenTestsElsewhereRunLongerThanItsWaitForThem() throws Exception {
        holdInAnotherJvm("test");
        MachineTurns turns = MachineTurns.forFile(lockFile);

        try (MachineTurns.Turn turn =
                turns.takeTurn(LONG, Duration.ofMillis(200)).orElseThrow()) {
            assertThat(turn.testsStillRunning()).isTrue();
            assertThat(turn.waitedForTests()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void withinOneJvmNothingWaitsOnItself() throws Exception {
        MachineTurns turns = MachineTurns.forFile(lockFile);
        MachineTurns.Wait outer = turns.testStarted(LONG);

        try (MachineTurns.Turn turn = turns.takeTurn(LONG, LONG).orElseThrow()) {
            MachineTurns.Wait inner = turns.testStarted(LONG);
            assertThat(inner.ranOut()).isFalse();
            assertThat(inner.waited()).isLessThan(Duration.ofSeconds(5));
            assertThat(turn.testsStillRunning()).isFalse();
            turns.testFinished();
        }
        assertThat(outer.ranOut()).isFalse();
        turns.testFinished();
    }

    @Test
    void aKilledJvmFreesItsTurnAndTheLockFileStays() throws Exception {
        holdInAnotherJvm("measure");
        MachineTurns turns = MachineTurns.forFile(lockFile);

        holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        try (MachineTurns.Turn turn =
                turns.takeTurn(Duration.ofSeconds(30), LONG).orElseThrow()) {
            assertThat(turn.waitedForTurn()).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(lockFile).exists();
        assertThat(Files.getPosixFilePermissions(lockFile.getParent()))
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
    }

    private void holdInAnotherJvm(String what) throws IOException {
        holder = TurnHolder.startInAnotherJvm(lockFile, dir, what);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("holding")) || !holder.isAlive());
        assertThat(holder.isAlive()).as("the other JVM: %s", log()).isTrue();
    }

    private void release() throws IOException {
        Files.writeString(dir.resolve("release"), "now");
    }

    private String log() throws IOException {
        Path log = dir.resolve("holder.log");
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    private <T> CompletableFuture<T> async(Interruptible<T> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                future.complete(call.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    @FunctionalInterface
    private interface Interruptible<T> {
        T call() throws Exception;
    }
}
