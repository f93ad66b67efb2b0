package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.SideRunner;

/**
 * Where the tasks of a {@code @ParallelRuns} test run, in the JVM that runs the test: on threads of this
 * JVM ({@link ThreadsRunner}) or in worker JVMs ({@link WorkerJvmsRunner}). {@link CoordinatorRun} decides
 * what runs (the task set once, or a measurement); the runner only where. Inside a worker JVM the body
 * runs through {@link WorkerSideRun} instead.
 */
interface ModeRunner {

    /** One run of {@code plan}: every task once (unless it fails fast). */
    RunOutcome run(RunPlan plan) throws Throwable;

    /**
     * {@code measurement} on the two sides of {@code plan}: what it returned, and the most workers that ran
     * at once in its parallel sides. A failure of a task or a worker is thrown as the test's.
     */
    <T> OnSides<T> measure(RunPlan plan, Measurement<T> measurement) throws Throwable;

    /** What measures on the sides of a plan. */
    @FunctionalInterface
    interface Measurement<T> {
        T measure(SideRunner sides) throws Throwable;
    }

    /** What a measurement returned, and the most workers that ran at once in its parallel sides. */
    record OnSides<T>(T result, int peakWorkers) {}
}
