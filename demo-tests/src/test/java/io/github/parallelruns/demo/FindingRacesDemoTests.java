package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.parallelruns.HuntRaces;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The docs' "Finding races" page: a lazily created instance hunted with {@code @HuntRaces}, which
 * repeats the parallel run with fresh state and a new start perturbation each time until a
 * repetition fails or its budget is spent.
 */
class FindingRacesDemoTests {

    // tag::registry[]
    static class Registry {
        private final AtomicInteger created = new AtomicInteger();
        private Object instance;

        synchronized Object instance() { // without synchronized, two callers may both create it
            if (instance == null) {
                created.incrementAndGet();
                instance = new Object();
            }
            return instance;
        }

        int created() {
            return created.get();
        }
    }
    // end::registry[]

    // tag::hunt[]
    static class RegistryTestCase {
        Registry registry;

        @BeforeEach
        void freshRegistry() {
            registry = new Registry();
        }

        @ParallelRuns(workers = 2)
        @HuntRaces(budget = "1s")
        void bothWorkersAskForTheInstance(TaskContext task) {
            registry.instance();
        }

        @AfterEach
        void itWasCreatedOnce() {
            assertThat(registry.created()).isEqualTo(1);
        }
    }
    // end::hunt[]

    @Test
    void theHuntRepeatsWithFreshStateUntilItsBudgetIsSpent() {
        long start = System.nanoTime();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(RegistryTestCase.class))
                .execute();
        double seconds = (System.nanoTime() - start) / 1e9;

        long repetitions = results.testEvents().started().count();
        results.testEvents()
                .assertStatistics(stats -> stats.succeeded(repetitions).failed(0));
        assertThat(repetitions).isGreaterThanOrEqualTo(1);
        assertThat(results.testEvents()
                        .started()
                        .list()
                        .get(0)
                        .getTestDescriptor()
                        .getDisplayName())
                .matches("repetition 1 \\(seed 0x[0-9A-F]+L\\)");
        System.out.printf(
                "[demo] FindingRacesDemoTests: %d repetitions in %.2f s, none failed%n", repetitions, seconds);
    }
}
