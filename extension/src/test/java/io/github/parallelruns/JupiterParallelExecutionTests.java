package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.reportEntries;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * With Jupiter's own parallel execution on, several {@code @ParallelRuns} tests run at the same time,
 * each with all of its own workers: the workers are not taken from Jupiter's pool.
 */
class JupiterParallelExecutionTests {

    @Test
    void twoParallelRunsOverlapAndEachHasAllItsWorkers() {
        ConcurrentTestsTestCase.bothTestsRunning = new CountDownLatch(2);

        EngineExecutionResults results = run(
                ConcurrentTestsTestCase.class,
                "junit.jupiter.execution.parallel.enabled",
                "true",
                "junit.jupiter.execution.parallel.mode.default",
                "concurrent",
                "junit.jupiter.execution.parallel.config.strategy",
                "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism",
                "2");

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(reportEntries(results))
                .hasSize(2)
                .allSatisfy(entry -> assertThat(entry).containsEntry("parallelruns.workers", "3"));
    }

    static class ConcurrentTestsTestCase {
        static volatile CountDownLatch bothTestsRunning;
        final CountDownLatch allWorkersInside = new CountDownLatch(3);

        @Test
        @ParallelRuns(workers = 3)
        void first(TaskContext task) throws InterruptedException {
            body(task);
        }

        @Test
        @ParallelRuns(workers = 3)
        void second(TaskContext task) throws InterruptedException {
            body(task);
        }

        private void body(TaskContext task) throws InterruptedException {
            allWorkersInside.countDown();
            assertThat(allWorkersInside.await(10, TimeUnit.SECONDS))
                    .as("all 3 workers of this test inside")
                    .isTrue();
            if (task.workerIndex() == 0) {
                bothTestsRunning.countDown();
                assertThat(bothTestsRunning.await(10, TimeUnit.SECONDS))
                        .as("the other test runs meanwhile")
                        .isTrue();
            }
        }
    }
}
