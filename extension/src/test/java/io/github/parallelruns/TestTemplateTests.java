package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.reportEntries;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class TestTemplateTests {

    @Test
    void eachRepetitionIsAParallelRunOfItsOwn() {
        RepeatedTestCase.seen.clear();

        EngineExecutionResults results = run(RepeatedTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(3));
        assertThat(reportEntries(results))
                .hasSize(3)
                .allSatisfy(entry -> assertThat(entry).containsEntry("parallelruns.tasks", "4"));
        assertThat(RepeatedTestCase.seen).hasSize(12);
        for (int repetition = 1; repetition <= 3; repetition++) {
            int r = repetition;
            assertThat(RepeatedTestCase.seen.stream()
                            .filter(s -> s.startsWith(r + ":"))
                            .map(s -> s.substring(2)))
                    .containsExactlyInAnyOrder("0", "1", "2", "3");
        }
    }

    @Test
    void eachParameterizedInvocationRunsInParallelWithItsArguments() {
        ParameterizedTestCase.seen.clear();

        EngineExecutionResults results = run(ParameterizedTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(3));
        List<String> seen = List.copyOf(ParameterizedTestCase.seen);
        assertThat(seen).hasSize(6);
        assertThat(seen.stream().map(s -> s.substring(0, s.indexOf(':'))).collect(Collectors.toList()))
                .containsExactlyInAnyOrder("a", "a", "b", "b", "c", "c");
    }

    @Test
    void aFailingInvocationFailsOnlyItself() {
        EngineExecutionResults results = run(OneBadParameterTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(1));
    }

    @Test
    void worksAsAMetaAnnotation() {
        EngineExecutionResults results = run(ComposedAnnotationTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(reportEntries(results))
                .singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("parallelruns.workers", "3"));
    }

    static class RepeatedTestCase {
        static final Queue<String> seen = new ConcurrentLinkedQueue<>();

        @RepeatedTest(3)
        @ParallelRuns(workers = 2, tasks = 4)
        void body(RepetitionInfo repetition, TaskContext task) {
            seen.add(repetition.getCurrentRepetition() + ":" + task.taskIndex());
        }
    }

    static class ParameterizedTestCase {
        static final Queue<String> seen = new ConcurrentLinkedQueue<>();

        @ParameterizedTest
        @ValueSource(strings = {"a", "b", "c"})
        @ParallelRuns(workers = 2)
        void body(String value, TaskContext task) throws InterruptedException {
            seen.add(value + ":" + task.taskIndex());
        }
    }

    static class OneBadParameterTestCase {
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        @ParallelRuns(workers = 2)
        void body(int value) {
            assertThat(value).isNotEqualTo(2);
        }
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Test
    @ParallelRuns(workers = 3)
    @interface ThreeAtOnce {}

    static class ComposedAnnotationTestCase {
        final CountDownLatch allInside = new CountDownLatch(3);

        @ThreeAtOnce
        void body() throws InterruptedException {
            allInside.countDown();
            assertThat(allInside.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
