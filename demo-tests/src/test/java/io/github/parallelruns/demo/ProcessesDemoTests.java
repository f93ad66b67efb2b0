package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Python story's {@code multiprocessing} examples, on worker JVMs ({@code Mode.PROCESSES}): three
 * processes that each sleep 0.1 s, started and joined, finishing together in 0.11 s; then a process
 * pool, with {@code submit} and with {@code map}, over calls that sleep 0.1 s, 1 s and 0.3 s (scaled
 * down ten times here, as in {@link ThreadsForWaitingDemoTests}). Every test here starts its own JVMs,
 * about a second for two or three of them on two cores, so there are few and they are small.
 */
class ProcessesDemoTests {

    // tag::three[]
    @Test
    @ParallelRuns(mode = Mode.PROCESSES, workers = 3, timeout = "60s")
    void threeProcessesSleepTogether() throws InterruptedException {
        Thread.sleep(100); // my_awesome_function(0.1)
        System.out.println("function with 0.1 time finished in JVM "
                + ProcessHandle.current().pid());
    }
    // end::three[]

    @Nested
    class APoolOfProcesses {

        // tag::pool[]
        static final long[] SLEEP_MILLIS = {10, 100, 30}; // 0.1 s, 1 s and 0.3 s, scaled down

        final List<Integer> callsInThisWorker = new ArrayList<>(); // each worker JVM has its own instance

        @Test // executor.submit(...) once per call: three calls, three processes
        @ParallelRuns(mode = Mode.PROCESSES, workers = 3, tasks = 3, timeout = "60s")
        void submitEachCall(TaskContext task) throws InterruptedException {
            String result = myAwesomeFunction(SLEEP_MILLIS[task.taskIndex()]);
            assertThat(result).isEqualTo("slept " + SLEEP_MILLIS[task.taskIndex()] + " ms");
            callsInThisWorker.add(task.taskIndex());
        }

        @Test // executor.map(...) on a pool smaller than the work: a free worker takes the next call
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 3, timeout = "60s")
        void mapTheCallsOverTwoProcesses(TaskContext task) throws InterruptedException {
            String result = myAwesomeFunction(SLEEP_MILLIS[task.taskIndex()]);
            assertThat(result).isEqualTo("slept " + SLEEP_MILLIS[task.taskIndex()] + " ms");
            callsInThisWorker.add(task.taskIndex());
        }

        String myAwesomeFunction(long millis) throws InterruptedException {
            Thread.sleep(millis);
            return "slept " + millis + " ms";
        }

        @AfterEach // runs in each worker JVM, after its last task; never in the coordinator
        void showWhichCallsRanHere() {
            System.out.println("this worker ran calls " + callsInThisWorker);
        }
        // end::pool[]
    }
}
