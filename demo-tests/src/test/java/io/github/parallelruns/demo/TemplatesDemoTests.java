package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The docs' examples of repeated and parameterized tests. */
class TemplatesDemoTests {

    // tag::parameterized[]
    final Queue<String> seen = new ConcurrentLinkedQueue<>();

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    @ParallelRuns(tasks = 16)
    void eachInvocationRunsInParallel(int batchSize, TaskContext task) {
        // JUnit resolves batchSize once per invocation; TaskContext must come after the arguments.
        seen.add(batchSize + ":" + task.taskIndex());
    }

    @RepeatedTest(3)
    @ParallelRuns(workers = 4, tasks = 8)
    void eachRepetitionRunsInParallel(TaskContext task) {
        seen.add("repetition:" + task.taskIndex());
    }
    // end::parameterized[]

    @AfterEach
    void everyTaskOfTheInvocationRanOnce() {
        List<Integer> tasks = seen.stream()
                .map(entry -> Integer.parseInt(entry.substring(entry.indexOf(':') + 1)))
                .sorted()
                .collect(Collectors.toList());
        assertThat(tasks)
                .hasSizeBetween(8, 16)
                .isEqualTo(IntStream.range(0, tasks.size()).boxed().collect(Collectors.toList()));
    }
}
