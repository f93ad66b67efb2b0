package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the Python story needs processes: CPU-bound work. Python threads share one interpreter lock
 * and run 80 such tasks no faster than one thread; JVM threads use every core. Compare the two
 * printed times (on 2 cores, close to half).
 */
class CpuBoundDemoTests {

    static final int TASKS = 40;
    static final int ITERATIONS = 2_000_000;

    final AtomicLongArray checksums = new AtomicLongArray(TASKS);

    @Test
    @ParallelRuns(workers = 1, tasks = TASKS)
    void cpuBoundOnOneWorker(TaskContext task) {
        checksums.set(task.taskIndex(), collatzSteps(task.taskIndex()));
    }

    @Test
    @ParallelRuns(workers = 2, tasks = TASKS)
    void cpuBoundOnTwoWorkers(TaskContext task) {
        checksums.set(task.taskIndex(), collatzSteps(task.taskIndex()));
    }

    /** Pure computation: the total number of Collatz steps of a range of numbers. */
    static long collatzSteps(int seed) {
        long steps = 0;
        for (long n = 1 + (long) seed * ITERATIONS / 64; n <= (long) seed * ITERATIONS / 64 + ITERATIONS / 64; n++) {
            long x = n;
            while (x != 1) {
                x = (x & 1) == 0 ? x >> 1 : 3 * x + 1;
                steps++;
            }
        }
        return steps;
    }

    static long[] expected;

    @BeforeAll
    static void computeExpectedChecksumsOnce() {
        expected = new long[TASKS];
        for (int task = 0; task < TASKS; task++) {
            expected[task] = collatzSteps(task);
        }
    }

    @AfterEach
    void everyTaskComputed() {
        for (int task = 0; task < TASKS; task++) {
            assertThat(checksums.get(task)).as("task %d", task).isEqualTo(expected[task]);
        }
    }
}
