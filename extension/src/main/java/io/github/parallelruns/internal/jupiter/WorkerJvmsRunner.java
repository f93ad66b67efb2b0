package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.engine.OutcomeReport;
import io.github.parallelruns.internal.engine.ProcessSides;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.process.ProcessRun;
import io.github.parallelruns.internal.process.WorkerCommand;
import io.github.parallelruns.internal.process.WorkerPool;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code PROCESSES}, in the coordinating JVM: each run or measurement is a {@link ProcessRun} on worker
 * JVMs from the test run's pool, which run the test by its unique id. The pool and the worker command
 * are made when a run needs them, so that a measurement whose turn never comes starts nothing. Publishes,
 * once, whether the workers start from a class-data archive. Thread-safe.
 */
final class WorkerJvmsRunner implements ModeRunner {

    private final Supplier<WorkerPool> pool;
    private final Supplier<WorkerCommand> command;
    private final String uniqueId;
    private final Consumer<Map<String, String>> reportEntries;
    /** Whether the report entry was published: once per test, however many runs it makes. */
    private final AtomicBoolean reported = new AtomicBoolean();

    WorkerJvmsRunner(
            Supplier<WorkerPool> pool,
            Supplier<WorkerCommand> command,
            String uniqueId,
            Consumer<Map<String, String>> reportEntries) {
        this.pool = pool;
        this.command = command;
        this.uniqueId = uniqueId;
        this.reportEntries = reportEntries;
    }

    /** The report entry {@value #CLASS_DATA_SHARING_ENTRY}, then the command, for a run about to start. */
    private WorkerCommand commandReported(WorkerPool workers) {
        WorkerCommand workerCommand = command.get();
        if (reported.compareAndSet(false, true)) {
            reportEntries.accept(Map.of(CLASS_DATA_SHARING_ENTRY, workers.describeClassDataSharing(workerCommand)));
        }
        return workerCommand;
    }

    /** The report entry saying whether the worker JVMs start from a class-data archive, and why not. */
    static final String CLASS_DATA_SHARING_ENTRY = "parallelruns.classDataSharing";

    @Override
    public RunOutcome run(RunPlan plan) {
        WorkerPool workers = pool.get();
        return ProcessRun.execute(plan, workers, commandReported(workers), uniqueId);
    }

    /**
     * As {@link ModeRunner#measure}; the workers' failures are thrown before an abort the measurement
     * decided on (an unattainable bound), which is thrown as it is.
     */
    @Override
    public <T> OnSides<T> measure(RunPlan plan, Measurement<T> measurement) throws Throwable {
        WorkerPool workers = pool.get();
        ProcessRun.Measured<OnSides<T>> measured =
                ProcessRun.measure(plan, workers, commandReported(workers), uniqueId, processSides -> {
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
