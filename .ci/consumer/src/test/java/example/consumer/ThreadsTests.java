package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Four threads share 100 tasks: every task runs once, and every worker runs at least its own. */
class ThreadsTests {

    final Set<Integer> tasks = ConcurrentHashMap.newKeySet();
    final Set<Integer> workers = ConcurrentHashMap.newKeySet();

    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 4, tasks = 100)
    void everyTaskRunsOnceOnFourThreads(TaskContext task) {
        assertTrue(tasks.add(task.taskIndex()), () -> "task " + task.taskIndex() + " ran twice");
        workers.add(task.workerIndex());
    }

    @AfterEach // once, after all 100 tasks
    void everyTaskAndEveryWorkerRan() {
        assertEquals(IntStream.range(0, 100).boxed().collect(Collectors.toSet()), tasks);
        assertEquals(Set.of(0, 1, 2, 3), workers);
    }
}
