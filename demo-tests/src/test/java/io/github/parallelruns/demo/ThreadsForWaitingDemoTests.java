package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Python story, first example: three calls that sleep 0.1 s, 1 s and 0.3 s take 1.40 s one after
 * the other and about 1.0 s on threads. Scaled down ten times here: 140 ms against 100 ms.
 */
class ThreadsForWaitingDemoTests {

    // tag::sleeps[]
    static final long[] SLEEP_MILLIS = {10, 100, 30};

    final AtomicIntegerArray calls = new AtomicIntegerArray(SLEEP_MILLIS.length);

    @Test
    @ParallelRuns(workers = 1, tasks = 3)
    void oneAfterTheOther(TaskContext task) throws InterruptedException {
        myAwesomeFunction(task.taskIndex());
    }

    @Test
    @ParallelRuns(workers = 3)
    void onThreeThreads(TaskContext task) throws InterruptedException {
        myAwesomeFunction(task.taskIndex());
    }

    void myAwesomeFunction(int call) throws InterruptedException {
        Thread.sleep(SLEEP_MILLIS[call]);
        calls.incrementAndGet(call);
    }

    @AfterEach
    void everyCallRanOnce() {
        for (int call = 0; call < SLEEP_MILLIS.length; call++) {
            assertThat(calls.get(call)).as("call %d", call).isEqualTo(1);
        }
    }
    // end::sleeps[]
}
