package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.runMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.parallelruns.internal.measure.TurnHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * A speedup test whose turn does not come while another JVM measures: INCONCLUSIVE (environment)
 * without measuring, never a FAIL, and with worker JVMs the wait does not count against the run's
 * timeout.
 */
class MeasurementTurnsTests extends WorkerJvmTestSupport {

    private Process holder;
    private Path lockFile;

    @BeforeEach
    void anotherJvmMeasures() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("holder"));
        lockFile = dir.resolve("turns.lock");
        holder = TurnHolder.startInAnotherJvm(lockFile, folder, "measure");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(folder.resolve("holding")) || !holder.isAlive());
        assertThat(holder.isAlive()).isTrue();
    }

    @AfterEach
    void endIt() throws InterruptedException {
        holder.destroyForcibly();
        holder.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void onThreadsATurnThatNeverComesIsInconclusiveNotFailed() {
        TurnTestCase.calls = 0;

        Throwable failure = onlyFailure(runMethod(
                TurnTestCase.class,
                "onThreads",
                "parallelruns.turns.file",
                lockFile.toString(),
                "parallelruns.turns.wait",
                "300ms"));

        assertThat(failure)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("@ExpectSpeedup(min = 1.5) on 'onThreads()': INCONCLUSIVE (environment): not "
                        + "measured: waited ")
                .hasMessageContaining("for measurements in other JVMs to end (lock file " + lockFile
                        + "), the most parallelruns.turns.wait allows (300ms)");
        assertThat(TurnTestCase.calls).isZero();
    }

    @Test
    void withWorkerJvmsTheWaitForTheTurnIsNotPartOfTheRunsTimeout() {
        Throwable failure = onlyFailure(runMethod(
                TurnTestCase.class,
                "onWorkerJvms",
                "parallelruns.turns.file",
                lockFile.toString(),
                "parallelruns.turns.wait",
                "3s"));

        assertThat(failure)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("INCONCLUSIVE (environment): not measured: waited ")
                .hasMessageContaining("(3s)");
    }

    @Test
    void aSweepWhoseTurnNeverComesIsInconclusiveAsAWholeNotPassed() {
        Throwable failure = onlyFailure(runMethod(
                TurnTestCase.class,
                "sweep",
                "parallelruns.turns.file",
                lockFile.toString(),
                "parallelruns.turns.wait",
                "300ms"));

        assertThat(failure)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("@ScalingSweep(workers = [1, 2]) on 'sweep()' (environment): INCONCLUSIVE: not "
                        + "measured: waited ");
    }

    static class TurnTestCase {
        static volatile int calls;

        @Test
        @ParallelRuns(workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.5)
        void onThreads() throws InterruptedException {
            calls++;
            Thread.sleep(5);
        }

        @Test
        @ParallelRuns(tasks = 2)
        @ScalingSweep(workers = {1, 2})
        void sweep() throws InterruptedException {
            Thread.sleep(5);
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 4, timeout = "1s")
        @ExpectSpeedup(min = 1.5)
        void onWorkerJvms() throws InterruptedException {
            Thread.sleep(5);
        }
    }
}
