package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Python story's pool: joblib spreads 30 x 10 = 300 calls of {@code f(i, j)}, each sleeping
 * 0.1 s, over 12 workers: 2.98 s against 30.95 s sequential. Scaled down ten times here: 300 tasks
 * of 10 ms on 12 workers, ideal 250 ms, against 3 s one after the other.
 */
class PoolMapDemoTests {

    // tag::pool[]
    static final int ROWS = 30;
    static final int COLUMNS = 10;

    final AtomicLongArray results = new AtomicLongArray(ROWS * COLUMNS);

    @Test
    @ParallelRuns(workers = 12, tasks = ROWS * COLUMNS)
    void mapOverTwelveWorkers(TaskContext task) throws InterruptedException {
        int i = task.taskIndex() / COLUMNS;
        int j = task.taskIndex() % COLUMNS;
        results.set(task.taskIndex(), functionToTest(i, j));
    }

    static long functionToTest(int i, int j) throws InterruptedException {
        Thread.sleep(10);
        return (long) i * i + j;
    }

    @AfterEach
    void everyCellComputed() {
        for (int cell = 0; cell < ROWS * COLUMNS; cell++) {
            int i = cell / COLUMNS;
            int j = cell % COLUMNS;
            assertThat(results.get(cell)).as("f(%d, %d)", i, j).isEqualTo((long) i * i + j);
        }
    }
    // end::pool[]
}
