package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.execution.StartPlan;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** {@code @HuntRaces}: repetitions with their lifecycle until one fails or the budget is spent. */
class HuntRacesTests {

    @Test
    void theHuntStopsAtTheFirstFailingRepetitionAndNamesItsSeed() {
        FailsThirdTestCase.repetitions.set(0);
        FailsThirdTestCase.befores.set(0);

        EngineExecutionResults results = run(FailsThirdTestCase.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        // Each repetition ran its whole lifecycle, its own @BeforeEach; none after the failure.
        assertThat(FailsThirdTestCase.befores).hasValue(3);
        List<String> names = results.testEvents().finished().stream()
                .map(event -> event.getTestDescriptor().getDisplayName())
                .collect(Collectors.toList());
        assertThat(names).hasSize(3).allMatch(name -> name.matches("repetition [123] \\(seed 0x[0-9A-F]+L\\)"));
        // The seed is in the failing repetition's report entry, as in its name.
        Event failed = results.testEvents().failed().list().get(0);
        String seed = failed.getTestDescriptor().getDisplayName().replaceAll(".*seed (0x[0-9A-F]+L).*", "$1");
        assertThat(entries(results, failed))
                .anySatisfy(entry -> assertThat(entry)
                        .containsEntry("parallelruns.hunt.repetition", "3")
                        .containsEntry("parallelruns.hunt.seed", seed));
    }

    @Test
    void aHuntThatFindsNothingRepeatsUntilItsBudgetIsSpentAndPasses() {
        EngineExecutionResults results = run(NeverFailsTestCase.class);

        // At least the first repetition, whatever the load; every repetition passed; none began after the budget.
        long started = results.testEvents().started().count();
        assertThat(started).isGreaterThanOrEqualTo(1);
        results.testEvents().assertStatistics(stats -> stats.succeeded(started).failed(0));
        List<Event> finished = results.testEvents().finished().list();
        assertThat(finished)
                .allSatisfy(event -> assertThat(event.getPayload(TestExecutionResult.class)
                                .orElseThrow()
                                .getStatus())
                        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
    }

    @Test
    void aGivenSeedIsTheFirstRepetitionsAndTheNextOnesDeriveFromIt() {
        EngineExecutionResults results = run(SeededTestCase.class);

        List<String> names = results.testEvents().started().stream()
                .map(event -> event.getTestDescriptor().getDisplayName())
                .collect(Collectors.toList());
        assertThat(names.get(0)).isEqualTo("repetition 1 (seed 0x2AL)");
        EngineExecutionResults again = run(SeededTestCase.class);
        List<String> namesAgain = again.testEvents().started().stream()
                .map(event -> event.getTestDescriptor().getDisplayName())
                .collect(Collectors.toList());
        int common = Math.min(names.size(), namesAgain.size());
        assertThat(namesAgain.subList(0, common)).isEqualTo(names.subList(0, common));
    }

    @Test
    void aSeedDrawsTheSameOffsetsEveryTimeMostlyBelowAMicrosecond() {
        StartPlan plan = StartPlan.jittered(42);
        long[] offsets = new long[1000];
        for (int worker = 0; worker < offsets.length; worker++) {
            offsets[worker] = plan.offsetNanos(worker);
            assertThat(offsets[worker]).isBetween(0L, StartPlan.MAX_JITTER_NANOS);
            assertThat(StartPlan.jittered(42).offsetNanos(worker)).isEqualTo(offsets[worker]);
        }
        long belowAMicrosecond =
                Arrays.stream(offsets).filter(offset -> offset < 1_000).count();
        // A quarter at 0, and u³ < 0.02 for u < 0.27: about 45 % in all.
        assertThat(belowAMicrosecond).isBetween(350L, 550L);
        assertThat(StartPlan.jittered(43).offsetNanos(1)).isNotEqualTo(plan.offsetNanos(1));
        assertThat(StartPlan.ALIGNED.offsetNanos(3)).isZero();
    }

    @Test
    void withoutParallelRunsOrWithAMeasurementOrABadBudgetItIsAConfigurationError() {
        assertThat(failureOf(NoParallelRunsTestCase.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@HuntRaces on method 'body()': @HuntRaces repeats a @ParallelRuns test, but the method "
                        + "has no @ParallelRuns; add it");
        assertThat(failureOf(MeasuringTestCase.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("cannot be combined with @ExpectSpeedup or @ScalingSweep");
        assertThat(failureOf(AlsoRepeatedTestCase.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@HuntRaces on method 'body()': @HuntRaces makes the method a test of its own, repeated; "
                        + "remove @RepeatedTest");
        assertThat(failureOf(BadBudgetTestCase.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@HuntRaces on method 'body()' must declare budget as a whole number and a unit (ns, us, "
                        + "ms, s, m, h or d), such as '30s' or '500ms', but was 'soon'");
    }

    private static Throwable failureOf(Class<?> testCase) {
        return run(testCase).allEvents().list().stream()
                .filter(event -> event.getType() == EventType.FINISHED)
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow())
                .filter(result -> result.getStatus() == TestExecutionResult.Status.FAILED)
                .map(result -> result.getThrowable().orElseThrow())
                .findFirst()
                .orElseThrow();
    }

    private static List<Map<String, String>> entries(EngineExecutionResults results, Event test) {
        return results.allEvents().reportingEntryPublished().stream()
                .filter(event -> event.getTestDescriptor()
                        .getUniqueId()
                        .equals(test.getTestDescriptor().getUniqueId()))
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .collect(Collectors.toList());
    }

    static class FailsThirdTestCase {
        static final AtomicInteger repetitions = new AtomicInteger();
        static final AtomicInteger befores = new AtomicInteger();

        @BeforeEach
        void before() {
            befores.incrementAndGet();
        }

        @ParallelRuns(workers = 2)
        @HuntRaces(budget = "1m")
        void body(TaskContext task) {
            if (task.taskIndex() == 0 && repetitions.incrementAndGet() == 3) {
                throw new IllegalStateException("found it");
            }
        }
    }

    static class NeverFailsTestCase {
        @ParallelRuns(workers = 2)
        @HuntRaces(budget = "200ms")
        void body() {}
    }

    static class SeededTestCase {
        @ParallelRuns(workers = 2)
        @HuntRaces(budget = "100ms", seed = 42)
        void body() {}
    }

    static class NoParallelRunsTestCase {
        @HuntRaces
        void body() {}
    }

    static class MeasuringTestCase {
        @ParallelRuns(workers = 2)
        @ExpectSpeedup(min = 1.5)
        @HuntRaces
        void body() {}
    }

    static class AlsoRepeatedTestCase {
        @ParallelRuns(workers = 2)
        @RepeatedTest(3)
        @HuntRaces
        void body() {}
    }

    static class BadBudgetTestCase {
        @ParallelRuns(workers = 2)
        @HuntRaces(budget = "soon")
        void body() {}
    }
}
