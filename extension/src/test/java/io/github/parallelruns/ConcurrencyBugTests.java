package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** What the tool is for: a race that a single-threaded test never shows. */
class ConcurrencyBugTests {

    static final int WORKERS = 4;
    static final int INCREMENTS = 1_000;

    @Test
    void anUnsynchronizedCounterLosesUpdatesAndTheTestFails() {
        Throwable failure = onlyFailure(run(UnsafeCounterTestCase.class));

        assertThat(failure)
                .hasMessageStartingWith("[lost updates]")
                .hasMessageContaining("expected: " + WORKERS * INCREMENTS);
    }

    @Test
    void theSameWithAnAtomicCounterPasses() {
        EngineExecutionResults results = run(AtomicCounterTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    static class UnsafeCounterTestCase {
        volatile int count;
        // Every worker reads before any writes: the lost update happens on every round, not by chance.
        final CyclicBarrier allHaveRead = new CyclicBarrier(WORKERS);

        @Test
        @ParallelRuns(workers = WORKERS)
        void increment() throws Exception {
            for (int i = 0; i < INCREMENTS; i++) {
                int seen = count;
                allHaveRead.await(10, TimeUnit.SECONDS);
                count = seen + 1;
            }
        }

        @AfterEach
        void everyIncrementCounted() {
            assertThat(count).as("lost updates").isEqualTo(WORKERS * INCREMENTS);
        }
    }

    static class AtomicCounterTestCase {
        final AtomicInteger count = new AtomicInteger();

        @Test
        @ParallelRuns(workers = WORKERS)
        void increment() {
            for (int i = 0; i < INCREMENTS; i++) {
                count.incrementAndGet();
            }
        }

        @AfterEach
        void everyIncrementCounted() {
            assertThat(count).hasValue(WORKERS * INCREMENTS);
        }
    }
}
