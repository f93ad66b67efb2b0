package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's first example. */
class GettingStartedDemoTests {

    // tag::first[]
    final Map<String, Integer> visits = new ConcurrentHashMap<>();

    @Test
    @ParallelRuns(workers = 8, tasks = 1000, timeout = "30s")
    void countsVisitsFromManyThreads(TaskContext task) {
        visits.merge("page-" + task.taskIndex() % 10, 1, Integer::sum);
    }

    @AfterEach // runs once, after all 1000 tasks
    void noVisitIsLost() {
        assertThat(visits.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
    }
    // end::first[]
}
