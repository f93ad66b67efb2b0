package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.engine.OutcomeReport;
import io.github.parallelruns.internal.engine.ProcessSides;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.process.ProcessRun;
import io.github.parallelruns.internal.process.WorkerCommand;
import io.github.parallelruns.internal.process.WorkerPool;
import java.util.function.Supplier;

/**
 * {@code PROCESSES}, in the coordinating JVM: each run or measurement is a {@link ProcessRun} on worker
 * JVMs from the test run's pool, which run the test by its unique id. The pool and the worker command
 * are made when a run needs them, so that a measurement whose turn never comes starts nothing. Immutable.
 */
final class WorkerJvmsRunner implements ModeRunner {

    private final Supplier<WorkerPool> pool;
    private final Supplier<WorkerCommand> command;
    private final String uniqueId;

    WorkerJvmsRunner(Supplier<WorkerPool> pool, Supplier<WorkerCommand> command, String uniqueId) {
        this.pool = pool;
        this.command = command;
        this.uniqueId = uniqueId;
    }

    @Override
    public RunOutcome run(RunPlan plan) {
        return ProcessRun.execute(plan, pool.get(), command.get(), uniqueId);
    }

    /**
     * As {@link ModeRunner#measure}; the workers' failures are thrown before an abort the measurement
     * decided on (an unattainable bound), which is thrown as it is.
     */
    @Override
    public <T> OnSides<T> measure(RunPlan plan, Measurement<T> measurement) throws Throwable {
        ProcessRun.Measured<OnSides<T>> measured =
                ProcessRun.measure(plan, pool.get(), command.get(), uniqueId, processSides -> {
                    ProcessSides sides = new ProcessSides(processSides);
                    T result = measurement.measure(sides);
                    return new OnSides<>(result, sides.peakWorkers());
                });
        Throwable failure = OutcomeReport.failureOf(measured.outcome());
        if (failure != null) {
            throw failure;
        }
        if (measured.aborted().isPresent()) {
            throw measured.aborted().get();
        }
        return measured.result()
                .filter(onSides -> onSides.result() != null)
                .orElseThrow(() -> new IllegalStateException("the speedup measurement of " + plan.workers()
                        + " worker JVMs for '" + plan.name() + "' ended without a result and without a failure"));
    }
}
