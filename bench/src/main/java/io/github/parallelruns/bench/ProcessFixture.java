package io.github.parallelruns.bench;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The {@code PROCESSES} workloads. Each repeated test runs its repetitions in one Launcher execution,
 * so in one worker pool: the first repetition starts new worker JVMs (cold), the next ones get the
 * same JVMs back when the pool reuses them (warm). Launched by {@link ProcessesBench}; not a test of
 * this build.
 */
class ProcessFixture {

    // tag::fixture[]
    @RepeatedTest(Workloads.READY_REPEATS)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 12, tasks = 12, timeout = Workloads.TIMEOUT)
    void ready12() {}
    // end::fixture[]

    @RepeatedTest(Workloads.READY_REPEATS)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 4, tasks = 4, timeout = Workloads.TIMEOUT)
    void ready4() {}

    @RepeatedTest(Workloads.READY_REPEATS)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2, timeout = Workloads.TIMEOUT)
    void ready2() {}

    /** The sequential baseline of {@link #cpu()}: the same tasks on one thread of the measuring JVM. */
    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 1, tasks = Workloads.PROCESS_CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpuSequential() {
        CpuWork.task(cpuSteps());
    }

    /** Another sequential baseline: the same tasks on one worker JVM, cold and warm. */
    @RepeatedTest(2)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 1, tasks = Workloads.PROCESS_CPU_TASKS, timeout = Workloads.TIMEOUT)
    void cpuOneWorker() {
        CpuWork.task(cpuSteps());
    }

    @RepeatedTest(2)
    @ParallelRuns(
            mode = Mode.PROCESSES,
            workers = Workloads.PROCESS_CPU_WORKERS,
            tasks = Workloads.PROCESS_CPU_TASKS,
            timeout = Workloads.TIMEOUT)
    void cpu() {
        CpuWork.task(cpuSteps());
    }

    @RepeatedTest(2)
    @ParallelRuns(
            mode = Mode.PROCESSES,
            workers = Workloads.PROCESS_SLEEP_WORKERS,
            tasks = Workloads.PROCESS_SLEEP_TASKS,
            timeout = Workloads.TIMEOUT)
    void sleep() throws InterruptedException {
        Thread.sleep(Workloads.PROCESS_SLEEP_MS);
    }

    @RepeatedTest(Workloads.PROCESS_EMPTY_REPEATS)
    @ParallelRuns(
            mode = Mode.PROCESSES,
            workers = 2,
            tasks = Workloads.PROCESS_EMPTY_TASKS,
            timeout = Workloads.TIMEOUT)
    void empty2() {}

    @RepeatedTest(Workloads.PROCESS_EMPTY_REPEATS)
    @ParallelRuns(
            mode = Mode.PROCESSES,
            workers = 12,
            tasks = Workloads.PROCESS_EMPTY_TASKS,
            timeout = Workloads.TIMEOUT)
    void empty12() {}

    /** The calibrated task length, which the worker JVMs get as a system property from the measuring JVM. */
    private static long cpuSteps() {
        Long steps = Long.getLong(Workloads.PROCESS_CPU_STEPS_PROPERTY);
        if (steps == null) {
            throw new IllegalStateException("no system property " + Workloads.PROCESS_CPU_STEPS_PROPERTY);
        }
        return steps;
    }
}
