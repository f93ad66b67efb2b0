package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.parallelruns.ParallelRuns;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What the tool is for: a counter that passes every single-threaded test loses updates as soon as
 * four workers use it at once. The broken version is run through JUnit's test kit so that this demo
 * can show its failure and still pass.
 */
class RaceConditionDemoTests {

    // tag::race[]
    static class HitCounter {
        private volatile long hits;

        void hit() {
            hits++; // volatile makes each write visible, but ++ is still read, add, write
        }

        long hits() {
            return hits;
        }
    }

    static class HitCounterTestCase {
        final HitCounter counter = new HitCounter();

        @Test
        @ParallelRuns(workers = 4, tasks = 4)
        void fourWorkersHitTheCounter() {
            for (int i = 0; i < 1_000_000; i++) {
                counter.hit();
            }
        }

        @AfterEach
        void noHitIsLost() {
            assertThat(counter.hits()).isEqualTo(4_000_000);
        }
    }
    // end::race[]

    @Test
    void theRaceIsCaught() {
        // A race is a matter of timing: on a busy machine one run may by chance lose nothing.
        for (int attempt = 1; attempt <= 20; attempt++) {
            TestExecutionResult result = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(HitCounterTestCase.class))
                    .execute()
                    .testEvents()
                    .finished()
                    .list()
                    .get(0)
                    .getPayload(TestExecutionResult.class)
                    .orElseThrow();
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                System.out.println("[demo] the unsynchronized counter failed as it should (attempt " + attempt + "): "
                        + result.getThrowable()
                                .orElseThrow()
                                .getMessage()
                                .replaceAll("\\s+", " ")
                                .strip());
                return;
            }
        }
        fail("the unsynchronized counter never lost an update in 20 runs of 4 x 1,000,000 hits");
    }

    @Nested
    class WithAnAtomicCounter {
        // tag::fixed[]
        final AtomicLong hits = new AtomicLong();

        @Test
        @ParallelRuns(workers = 4, tasks = 4)
        void fourWorkersHitTheCounter() {
            for (int i = 0; i < 1_000_000; i++) {
                hits.incrementAndGet();
            }
        }

        @AfterEach
        void noHitIsLost() {
            assertThat(hits.get()).isEqualTo(4_000_000);
        }
        // end::fixed[]
    }
}
