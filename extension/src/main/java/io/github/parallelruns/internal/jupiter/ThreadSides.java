package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.TaskContext;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.execution.ThreadedRun;
import io.github.parallelruns.internal.execution.WorkerTaskContext;
import io.github.parallelruns.internal.measure.Side;
import io.github.parallelruns.internal.measure.SideRunner;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/**
 * The two sides of a speedup measurement on threads of this JVM: the task set on one worker (the
 * baseline) or on all of the plan's workers, each side a {@link ThreadedRun} of its own. Repetitions
 * of a short task set run as one larger queue, so that the start barrier is paid once per side.
 */
final class ThreadSides implements SideRunner, PeakWorkers {

    /** Longs between two workers' entries in {@link #spans}, so that workers do not share a cache line. */
    private static final int PADDING = 8;

    private final RunPlan plan;
    private final TaskBody body;
    private int nextRunIndex;
    private int peakWorkers;

    ThreadSides(RunPlan plan, TaskBody body) {
        this.plan = plan;
        this.body = body;
    }

    @Override
    public long run(Side side, int runIndex, boolean warmUp, int repetitions) throws Throwable {
        boolean baseline = side == Side.BASELINE;
        int workers = baseline ? 1 : plan.workers();
        int tasks = plan.tasks();
        if ((long) tasks * repetitions > Integer.MAX_VALUE) {
            throw new IllegalStateException(repetitions + " repetitions of " + tasks + " tasks are more than one run "
                    + "can hand out");
        }
        int firstRun = nextRunIndex;
        nextRunIndex += repetitions;
        // Per worker: when its first task started and its last task ended, for the peak of workers at once.
        AtomicLongArray spans = new AtomicLongArray((workers + 1) * PADDING * 2);
        TaskBody sideBody = task -> {
            int slot = (task.workerIndex() + 1) * PADDING * 2;
            if (spans.getPlain(slot) == 0) {
                spans.setPlain(slot, System.nanoTime());
            }
            try {
                body.run(contextOf(task, workers, tasks, firstRun, baseline, warmUp));
            } finally {
                spans.setPlain(slot + 1, System.nanoTime());
            }
        };
        RunPlan sidePlan = new RunPlan(plan.name(), plan.mode(), workers, tasks * repetitions, plan.timeout());
        RunOutcome outcome = ThreadedRun.execute(sidePlan, sideBody);
        if (!outcome.succeeded()) {
            throw OutcomeReport.failureOf(asOneRun(outcome, workers, tasks, side, firstRun));
        }
        if (!baseline) {
            // The worker threads have ended: their plain writes are visible after the joins in execute.
            peakWorkers = Math.max(peakWorkers, PeakWorkers.peak(spans, workers, PADDING * 2));
        }
        return outcome.wallTime().toNanos();
    }

    @Override
    public int peakWorkers() {
        return peakWorkers;
    }

    private TaskContext contextOf(TaskContext task, int workers, int tasks, int firstRun, boolean baseline,
            boolean warmUp) {
        int index = task.taskIndex();
        return new WorkerTaskContext(task.workerIndex(), workers, index % tasks, tasks, plan.mode(),
                firstRun + index / tasks, baseline, warmUp);
    }

    /** The outcome of a side as the user declared the run: task indexes within the task set. */
    private RunOutcome asOneRun(RunOutcome outcome, int workers, int tasks, Side side, int firstRun) {
        String name = plan.name() + " (" + (side == Side.BASELINE ? "sequential baseline" : "parallel side")
                + " of the speedup measurement, from run " + firstRun + ")";
        RunPlan onePlan = new RunPlan(name, plan.mode(), workers, tasks, plan.timeout());
        return new RunOutcome(onePlan, outcome.startup(), outcome.wallTime(),
                Math.min(tasks, outcome.tasksStarted()), remap(outcome.failures(), tasks),
                remap(outcome.aborted(), tasks), outcome.timedOut(), outcome.interrupted(), outcome.stuckWorkers(),
                remap(outcome.endedByInterrupt(), tasks), outcome.threadsLeftBehind(), outcome.workerFaults());
    }

    private static List<TaskFailure> remap(List<TaskFailure> failures, int tasks) {
        return failures.stream()
                .map(failure -> new TaskFailure(failure.workerIndex(), failure.taskIndex() % tasks, failure.error()))
                .collect(Collectors.toList());
    }
}
