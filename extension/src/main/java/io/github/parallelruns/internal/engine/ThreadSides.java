package io.github.parallelruns.internal.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.TaskContext;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.execution.ThreadedRun;
import io.github.parallelruns.internal.execution.WorkerTaskContext;
import io.github.parallelruns.internal.measure.Side;
import io.github.parallelruns.internal.measure.SideRunner;
import io.github.parallelruns.internal.measure.ThreadCpu;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The two sides of a speedup measurement on threads of this JVM: the task set on one worker (the
 * baseline) or on all of the plan's workers, each side a {@link ThreadedRun} of its own. Repetitions
 * of a short task set run as one larger queue, so that the start barrier is paid once per side.
 */
@API(status = INTERNAL, since = "0.1")
public final class ThreadSides implements SideRunner, PeakWorkers {

    /** Longs between two workers' entries in {@link #spans}, so that workers do not share a cache line. */
    private static final int PADDING = 8;

    private final RunPlan plan;
    private final TaskBody body;
    private int nextRunIndex;
    private int peakWorkers;

    public ThreadSides(RunPlan plan, TaskBody body) {
        this.plan = plan;
        this.body = body;
    }

    @Override
    public long run(Side side, int runIndex, boolean warmUp, int repetitions) throws Throwable {
        return run(side, warmUp, repetitions, null);
    }

    @Override
    public Timed runReadingThreads(Side side, int runIndex, boolean warmUp, int repetitions) throws Throwable {
        ThreadTimes times = new ThreadTimes(side == Side.BASELINE ? 1 : plan.workers());
        long nanos = run(side, warmUp, repetitions, times);
        return new Timed(nanos, times.total(), -1);
    }

    private long run(Side side, boolean warmUp, int repetitions, ThreadTimes times) throws Throwable {
        boolean baseline = side == Side.BASELINE;
        int workers = baseline ? 1 : plan.workers();
        int tasks = plan.tasks();
        if ((long) tasks * repetitions > Integer.MAX_VALUE) {
            throw new IllegalStateException(
                    repetitions + " repetitions of " + tasks + " tasks are more than one run " + "can hand out");
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
        RunPlan sidePlan =
                new RunPlan(plan.name(), plan.mode(), workers, tasks * repetitions, plan.timeout(), plan.failFast());
        RunOutcome outcome =
                ThreadedRun.execute(sidePlan, sideBody, times == null ? ThreadedRun.WorkerHooks.NONE : times);
        if (!outcome.succeeded()) {
            throw OutcomeReport.failureOf(asOneRun(outcome, workers, tasks, side, firstRun));
        }
        if (!baseline) {
            // The worker threads have ended: their plain writes are visible after the joins in execute.
            peakWorkers = Math.max(peakWorkers, PeakWorkers.peak(spans, workers, PADDING * 2));
        }
        return outcome.wallTime().toNanos();
    }

    /** Each worker's run and run-queue time between its release and its last task, read on its own thread. */
    private static final class ThreadTimes implements ThreadedRun.WorkerHooks {

        private final long[][] started;
        private final long[] startedAt;
        private final AtomicLong run = new AtomicLong();
        private final AtomicLong wait = new AtomicLong();
        private final AtomicLong wall = new AtomicLong();
        private volatile boolean complete = true;

        ThreadTimes(int workers) {
            this.started = new long[workers][];
            this.startedAt = new long[workers];
        }

        @Override
        public void released(int worker) {
            started[worker] = ThreadCpu.readThisThread().orElse(null);
            startedAt[worker] = System.nanoTime();
        }

        @Override
        public void finished(int worker) {
            long end = System.nanoTime();
            long[] before = started[worker];
            long[] after = ThreadCpu.readThisThread().orElse(null);
            if (before == null || after == null) {
                complete = false;
                return;
            }
            run.addAndGet(Math.max(0, after[0] - before[0]));
            wait.addAndGet(Math.max(0, after[1] - before[1]));
            wall.addAndGet(Math.max(1, end - startedAt[worker]));
        }

        /** Read after the run's workers ended (their writes are visible after the joins). */
        Optional<ThreadCpu> total() {
            return complete && wall.get() > 0
                    ? Optional.of(new ThreadCpu(run.get(), wait.get(), wall.get()))
                    : Optional.empty();
        }
    }

    @Override
    public int peakWorkers() {
        return peakWorkers;
    }

    private TaskContext contextOf(
            TaskContext task, int workers, int tasks, int firstRun, boolean baseline, boolean warmUp) {
        int index = task.taskIndex();
        return new WorkerTaskContext(
                task.workerIndex(),
                workers,
                index % tasks,
                tasks,
                plan.mode(),
                firstRun + index / tasks,
                baseline,
                warmUp);
    }

    /** The outcome of a side as the user declared the run: task indexes within the task set. */
    private RunOutcome asOneRun(RunOutcome outcome, int workers, int tasks, Side side, int firstRun) {
        String name = plan.name() + " (" + (side == Side.BASELINE ? "sequential baseline" : "parallel side")
                + " of the speedup measurement, from run " + firstRun + ")";
        RunPlan onePlan = new RunPlan(name, plan.mode(), workers, tasks, plan.timeout(), plan.failFast());
        return new RunOutcome(
                onePlan,
                outcome.startup(),
                outcome.wallTime(),
                Math.min(tasks, outcome.tasksStarted()),
                outcome.failures().remap(task -> task % tasks),
                outcome.aborted().remap(task -> task % tasks),
                outcome.timedOut(),
                outcome.interrupted(),
                outcome.stuckWorkers(),
                remap(outcome.endedByInterrupt(), tasks),
                outcome.threadsLeftBehind(),
                outcome.workerFaults());
    }

    private static List<TaskFailure> remap(List<TaskFailure> failures, int tasks) {
        return failures.stream()
                .map(failure -> new TaskFailure(failure.workerIndex(), failure.taskIndex() % tasks, failure.error()))
                .collect(Collectors.toList());
    }
}
