package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.engine.ThreadSides;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.StartPlan;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.ThreadedRun;

/** {@code THREADS} and {@code VIRTUAL_THREADS}: the body runs on threads of this JVM. Immutable. */
final class ThreadsRunner implements ModeRunner {

    private final TaskBody body;
    private final StartPlan start;

    /** @param start how the workers of a run begin (a measurement's sides start them as the latch wakes them) */
    ThreadsRunner(TaskBody body, StartPlan start) {
        this.body = body;
        this.start = start;
    }

    @Override
    public RunOutcome run(RunPlan plan) {
        return ThreadedRun.execute(plan, body, start);
    }

    @Override
    public <T> OnSides<T> measure(RunPlan plan, Measurement<T> measurement) throws Throwable {
        ThreadSides sides = new ThreadSides(plan, body);
        T result = measurement.measure(sides);
        return new OnSides<>(result, sides.peakWorkers());
    }
}
