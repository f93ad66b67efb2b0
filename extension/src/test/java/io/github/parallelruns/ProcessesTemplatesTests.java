package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of test method reaches the worker JVMs as the same invocation, found again by its unique id. */
class ProcessesTemplatesTests extends WorkerJvmTestSupport {

    @Test
    void eachRepetitionRunsInTheWorkersAsThatRepetition() throws IOException {
        run(RepeatedTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(2));

        assertThat(left("repetition-"))
                .containsExactlyInAnyOrder("repetition-1-0", "repetition-1-1", "repetition-2-0", "repetition-2-1");
    }

    @Test
    void eachParameterizedInvocationRunsWithItsOwnArgument() throws IOException {
        run(ParameterizedTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(2));

        assertThat(left("value-")).containsExactlyInAnyOrder("value-a-0", "value-a-1", "value-b-0", "value-b-1");
    }

    @Test
    void nestedInheritedAndOverloadedMethodsAreFoundAgain() throws IOException {
        run(OverloadedTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(3));

        assertThat(left("overload-"))
                .containsExactlyInAnyOrder(
                        "overload-plain-0", "overload-context-0", "overload-inherited-0", "overload-nested-0");
    }

    private List<String> left(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .collect(Collectors.toList());
        }
    }

    static class RepeatedTestCase {
        @RepeatedTest(2)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void body(RepetitionInfo repetition, TaskContext task) {
            ProcessesTests.leave("repetition-" + repetition.getCurrentRepetition() + "-" + task.taskIndex());
        }
    }

    static class ParameterizedTestCase {
        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void body(String value, TaskContext task) {
            ProcessesTests.leave("value-" + value + "-" + task.taskIndex());
        }
    }

    abstract static class BaseTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void inherited() {
            ProcessesTests.leave("overload-inherited-0");
        }
    }

    static class OverloadedTestCase extends BaseTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            ProcessesTests.leave("overload-plain-0");
        }

        // Not a test: same name, other parameters; the worker must run the one above.
        void body(TaskContext task) {
            ProcessesTests.leave("overload-context-0");
        }

        @Nested
        class Inner {
            @Test
            @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
            void body(TaskContext task) {
                ProcessesTests.leave("overload-nested-" + task.taskIndex());
                body();
            }

            void body() {
                OverloadedTestCase.this.body(null);
            }
        }
    }
}
