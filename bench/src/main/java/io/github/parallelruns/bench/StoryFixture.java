package io.github.parallelruns.bench;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.Workload;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The Python story's workloads as ParallelRuns tests, in each mode. {@code PROCESSES} tests repeat
 * twice in one Launcher execution: the first on new worker JVMs (cold), the second on the same ones
 * (warm). Launched by {@link StoryBench}; not a test of this build.
 */
class StoryFixture {

    /** The story's three waits, 1.4 s one after the other. */
    static final long[] SLEEPS_MS = {100, 1000, 300};

    static final int CPU_TASKS = 80;

    private static void sleepOf(TaskContext task) throws InterruptedException {
        Thread.sleep(SLEEPS_MS[task.taskIndex()]);
    }

    private static void cpu() {
        CpuWork.task(Long.getLong(Workloads.PROCESS_CPU_STEPS_PROPERTY));
    }

    // The three waits: one after the other, then one worker each.
    @Test
    @ParallelRuns(workers = 1, tasks = 3, timeout = Workloads.TIMEOUT)
    void sleepsSequential(TaskContext task) throws InterruptedException {
        sleepOf(task);
    }

    @Test
    @ParallelRuns(workers = 3, tasks = 3, timeout = Workloads.TIMEOUT)
    void sleepsThreads(TaskContext task) throws InterruptedException {
        sleepOf(task);
    }

    @Test
    @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 3, tasks = 3, timeout = Workloads.TIMEOUT)
    void sleepsVirtual(TaskContext task) throws InterruptedException {
        sleepOf(task);
    }

    @RepeatedTest(2)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 3, tasks = 3, timeout = Workloads.TIMEOUT)
    void sleepsProcesses(TaskContext task) throws InterruptedException {
        sleepOf(task);
    }

    // Three workers sleeping 0.1 s each.
    @Test
    @ParallelRuns(workers = 3, tasks = 3, timeout = Workloads.TIMEOUT)
    void threeThreads() throws InterruptedException {
        Thread.sleep(100);
    }

    @Test
    @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 3, tasks = 3, timeout = Workloads.TIMEOUT)
    void threeVirtual() throws InterruptedException {
        Thread.sleep(100);
    }

    @RepeatedTest(2)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 3, tasks = 3, timeout = Workloads.TIMEOUT)
    void threeProcesses() throws InterruptedException {
        Thread.sleep(100);
    }

    // 300 calls of 0.1 s on 12 workers.
    @Test
    @ParallelRuns(workers = 12, tasks = 300, timeout = Workloads.TIMEOUT)
    void poolThreads() throws InterruptedException {
        Thread.sleep(100);
    }

    @Test
    @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 12, tasks = 300, timeout = Workloads.TIMEOUT)
    void poolVirtual() throws InterruptedException {
        Thread.sleep(100);
    }

    @RepeatedTest(2)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 12, tasks = 300, timeout = Workloads.TIMEOUT)
    void poolProcesses() throws InterruptedException {
        Thread.sleep(100);
    }

    // 80 CPU-bound tasks of about 50 ms: one after the other, then on 2 and 4 workers.
    @Test
    @ParallelRuns(workers = 1, tasks = CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpuSequential() {
        cpu();
    }

    @Test
    @ParallelRuns(workers = 2, tasks = CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpu2Threads() {
        cpu();
    }

    @Test
    @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 2, tasks = CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpu2Virtual() {
        cpu();
    }

    @RepeatedTest(2)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpu2Processes() {
        cpu();
    }

    @Test
    @ParallelRuns(workers = 4, tasks = CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpu4Threads() {
        cpu();
    }

    @Test
    @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 4, tasks = CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpu4Virtual() {
        cpu();
    }

    @RepeatedTest(2)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 4, tasks = CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpu4Processes() {
        cpu();
    }

    // The harness's own costs: an empty body handed out 100 000 times; one @ExpectSpeedup verdict.
    @Test
    @ParallelRuns(workers = 12, tasks = 100_000, timeout = Workloads.TIMEOUT)
    void dispatch() {}

    @Test
    @ParallelRuns(workers = 12, tasks = 300, timeout = Workloads.TIMEOUT)
    void verdictBare() throws InterruptedException {
        Thread.sleep(1);
    }

    @Test
    @ParallelRuns(workers = 12, tasks = 300, timeout = Workloads.TIMEOUT)
    @ExpectSpeedup(min = 8, workload = Workload.BLOCKING)
    void verdict() throws InterruptedException {
        Thread.sleep(1);
    }
}
