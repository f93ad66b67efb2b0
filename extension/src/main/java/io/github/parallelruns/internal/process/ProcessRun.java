package io.github.parallelruns.internal.process;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import io.github.parallelruns.WorkerFailedError;
import io.github.parallelruns.internal.execution.FailureTally;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.StuckWorker;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.RemoteThrowable;
import io.github.parallelruns.internal.protocol.ResultStatus;
import io.github.parallelruns.internal.protocol.RunMessage;
import io.github.parallelruns.internal.protocol.TaskRangeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * One parallel run on worker JVMs ({@link Mode#PROCESSES}).
 *
 * <p>Workers come from a {@link WorkerPool}: idle ones that were started with the same command, or
 * new ones, which connect back on loopback with the pool's secret token. Each worker runs the test
 * through the JUnit Platform Launcher and reports when it reached the body; when all have, the start
 * barrier opens. The workers then take ranges of task indexes ({@link TaskRanges}): first each its own
 * task, then ranges from one counter. Failures come back as data, and every task runs, also after
 * failures, unless the plan fails fast. A worker that exits early is explained by its exit code and last
 * output; at the timeout each unfinished worker is asked for a thread dump, then it and its descendants
 * are killed. Workers that ended cleanly go back to the pool. How the workers are used once ready is the
 * run's {@link RunStrategy}: a {@link PlainRun} ({@link #execute}) or a {@link MeasuredRun}
 * ({@link #measure}).
 *
 * <p>Threads. The test thread calls {@link #execute} or {@link #measure} and drives the run; each worker's
 * reader thread reports that worker's records through the package-private methods below. Everything they
 * share is guarded by this run's lock, its monitor: the fields below but the final ones, the fields of
 * each {@link Assignment}, and the strategy's that reader threads touch. {@code assignments} is written
 * once, under the lock, before any worker can report, so that the test thread reads it freely. The lock
 * is taken before the pool's and a worker's, never after: {@code acquire} runs under it; a reader thread
 * lets go of its worker's lock before it calls the run. Waiting for a process to exit, or for a thread
 * dump, happens outside it.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProcessRun {

    /** Errors after which a worker JVM is not reused: its state may be damaged. */
    private static final Set<String> VIRTUAL_MACHINE_ERRORS = Set.of(
            "java.lang.OutOfMemoryError",
            "java.lang.StackOverflowError",
            "java.lang.InternalError",
            "java.lang.UnknownError");

    /** The task index of an abort that happened in a worker's lifecycle, not in a task. */
    public static final int OUTSIDE_TASKS = -1;

    private final RunPlan plan;
    private final String uniqueId;
    private final RunStrategy strategy;
    /** Counted down once per worker whose test ended or who is gone. */
    private final CountDownLatch finished;

    private final FailureTally failures = new FailureTally();
    private final FailureTally aborted = new FailureTally();
    private final List<Throwable> faults = new ArrayList<>();
    private final List<Assignment> faulty = new ArrayList<>();
    /** The workers holding tasks in the current side. */
    private final Set<Assignment> active = new HashSet<>();

    private List<Assignment> assignments = List.of();
    private TaskRanges ranges;
    private int peakWorkers;
    private int tasksStarted;
    private int readyOrGone;
    private boolean released;
    private boolean stopped;
    private long releasedAt;
    private long lastEnd = Long.MIN_VALUE;

    private ProcessRun(RunPlan plan, String uniqueId, RunStrategy strategy) {
        this.plan = plan;
        this.uniqueId = uniqueId;
        this.strategy = strategy;
        this.finished = new CountDownLatch(plan.workers());
        this.ranges = new TaskRanges(plan.workers(), plan.tasks());
    }

    public static RunOutcome execute(RunPlan plan, WorkerPool pool, WorkerCommand command, String uniqueId) {
        return new ProcessRun(plan, uniqueId, new PlainRun(plan.workers())).run(pool, command);
    }

    /**
     * Runs a speedup measurement on the plan's worker JVMs: once all of them wait in the body,
     * {@code measurement} orders runs through {@link Sides} (a baseline on worker 0 alone, or all
     * workers), then every worker is told the measurement is over and the test ends in each. The outcome
     * reports failures of tasks and workers as {@link #execute} does; what the measurement threw but an
     * abort is among them.
     */
    public static <T> Measured<T> measure(
            RunPlan plan, WorkerPool pool, WorkerCommand command, String uniqueId, Measurement<T> measurement) {
        MeasuredRun<T> measured = new MeasuredRun<>(plan.tasks(), measurement);
        RunOutcome outcome = new ProcessRun(plan, uniqueId, measured).run(pool, command);
        return new Measured<>(outcome, measured.result(), measured.abortedBy());
    }

    /** What measures, given the sides once every worker is ready. */
    @FunctionalInterface
    public interface Measurement<T> {
        /**
         * Measures on {@code sides}; a {@link TestAbortedException} thrown here is the measurement's own
         * decision (an unattainable bound, say), not a fault of the workers.
         */
        T measure(Sides sides) throws Throwable;
    }

    /**
     * A measured run's outcome, and how its measurement ended: what it returned (empty when it ended
     * otherwise or never began: the outcome says why) or the abort it threw.
     */
    public record Measured<T>(RunOutcome outcome, Optional<T> result, Optional<TestAbortedException> aborted) {}

    /** One timed run of the whole task set at a time, on worker 0 alone or on all workers. */
    public interface Sides {

        /**
         * Runs the task set {@code repetitions} times, on worker 0 alone ({@code baseline}) or on all
         * workers, and returns the nanoseconds from sending the order to the last worker's DONE; with
         * {@code readThreads}, the workers also read their threads' times ({@link #lastThreadTimes()}).
         *
         * @throws SideStopped when a task or a worker failed, or the run's timeout expired: the run's
         *     outcome says what happened
         */
        long run(boolean baseline, int firstRun, boolean warmUp, int repetitions, boolean readThreads)
                throws InterruptedException;

        /**
         * What the worker threads of the last {@link #run} that read them did with their time, summed over its workers and
         * read in each worker JVM on the thread that ran the tasks: run time, run-queue wait and wall time, then
         * the worker JVMs' CPU time outside those threads and the JIT compiler ({@code -1} when not read), in
         * nanoseconds; {@code null} when a worker could not read its thread's, or the last run did not ask.
         */
        long[] lastThreadTimes();

        /** The most workers that held tasks at the same moment in any run of all workers. */
        int peakWorkers();
    }

    /** Ends a measurement whose run failed; the outcome of the whole run reports why. */
    public static final class SideStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SideStopped(String why) {
            super(why, null, false, false);
        }
    }

    private RunOutcome run(WorkerPool pool, WorkerCommand command) {
        long startedAt = System.nanoTime();
        long deadline = startedAt + plan.timeout().toNanos();
        boolean timedOut = false;
        boolean interrupted = false;
        List<StuckWorker> stuck = new ArrayList<>();
        synchronized (this) {
            // Under the lock: a reused worker's reader thread may report as soon as the worker is assigned.
            assignments = pool.acquire(command, plan.workers(), this);
        }
        try {
            boolean connected = awaitConnections(deadline);
            interrupted = Thread.currentThread().isInterrupted();
            if (connected) {
                for (Assignment assignment : assignments) {
                    // A worker whose channel broke is reported by its reader thread (channelEnded); the
                    // others go on.
                    RunMessage run =
                            new RunMessage(uniqueId, plan.workers(), plan.tasks(), assignment.index, plan.failFast());
                    assignment.worker.sendQuietly(MessageType.RUN, run::write);
                }
                timedOut = strategy.drive(this, deadline);
                interrupted = Thread.currentThread().isInterrupted();
                try {
                    timedOut = timedOut
                            || !finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    timedOut = true;
                    interrupted = true;
                }
            } else {
                timedOut = faultCount() == 0;
            }
        } finally {
            if (timedOut) {
                synchronized (this) {
                    stopped = true;
                }
                stuck = stuckWorkers();
            }
            for (Assignment assignment : assignments) {
                boolean resultReceived;
                boolean healthy;
                synchronized (this) {
                    resultReceived = assignment.resultReceived;
                    healthy = resultReceived && !faulty.contains(assignment);
                }
                Worker worker = assignment.worker;
                if (timedOut && !resultReceived) {
                    worker.kill();
                }
                pool.release(worker, healthy && (timedOut || worker.connected() && !worker.gone));
            }
        }
        synchronized (this) {
            long wall = released && lastEnd != Long.MIN_VALUE
                    ? lastEnd - releasedAt
                    : released ? System.nanoTime() - releasedAt : 0;
            Duration startup = Duration.ofNanos((released ? releasedAt : System.nanoTime()) - startedAt);
            // A worker that never said how many tasks it started (it timed out or died) is counted as having
            // started every task it was handed: it may not have, but no task is said to be not started wrongly.
            int started = tasksStarted;
            for (Assignment assignment : assignments) {
                if (!assignment.reportedDone) {
                    started += assignment.handedOut;
                }
            }
            return new RunOutcome(
                    plan,
                    startup,
                    Duration.ofNanos(Math.max(0, wall)),
                    strategy.tasksStarted(started),
                    failures.snapshot(),
                    aborted.snapshot(),
                    timedOut,
                    interrupted,
                    stuck,
                    List.of(),
                    List.of(),
                    faults);
        }
    }

    /** Waits until every worker is connected; false when one died first or the deadline passed. */
    private boolean awaitConnections(long deadline) {
        for (Assignment assignment : assignments) {
            Worker worker = assignment.worker;
            while (!worker.connected()) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                try {
                    worker.attach(worker.connection.get(100, TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    if (!worker.process.isAlive()) {
                        markFaulty(
                                assignment,
                                worker.exitFault(assignment.index, "before connecting to the " + "coordinator", null));
                        return false;
                    }
                } catch (ExecutionException e) {
                    markFaulty(
                            assignment,
                            new WorkerFailedError(
                                    assignment.index,
                                    "worker " + assignment.index + " could not connect: " + e.getCause(),
                                    e.getCause()));
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    // --- for the strategies, under the run's lock --------------------------------------------------

    List<Assignment> assignments() {
        return assignments;
    }

    /** Whether the run goes on: not stopped, and no worker failed. */
    boolean goingOn() {
        return !stopped && faults.isEmpty();
    }

    /** No more tasks are handed out, and a measurement orders no more sides. */
    void stop() {
        stopped = true;
    }

    /** Starts a side of {@code tasks} on the first {@code workers}: the workers taking part in it. */
    List<Assignment> startSide(int workers, int tasks) {
        ranges = new TaskRanges(workers, tasks);
        active.clear();
        lastEnd = Long.MIN_VALUE;
        return assignments.subList(0, workers);
    }

    /** When the last worker said DONE. */
    long lastEnd() {
        return lastEnd;
    }

    int peakWorkers() {
        return peakWorkers;
    }

    synchronized boolean hasFailures() {
        return failures.count() > 0 || aborted.count() > 0;
    }

    synchronized void addFault(Throwable fault) {
        faults.add(fault);
        notifyAll();
    }

    synchronized int faultCount() {
        return faults.size();
    }

    // --- called by the workers' reader threads ---------------------------------------------------

    synchronized void ready(Assignment assignment) {
        assignment.ready = true;
        readyOrGone++;
        releaseWhenAllReady();
    }

    private void releaseWhenAllReady() {
        if (released || readyOrGone < assignments.size()) {
            return;
        }
        released = true;
        releasedAt = System.nanoTime();
        strategy.released(assignments);
        notifyAll();
    }

    synchronized void next(Assignment assignment) {
        TaskRanges.Range range = ranges.next(assignment.index, stopped);
        assignment.handedOut += range.size();
        if (range.size() > 0 && active.add(assignment)) {
            peakWorkers = Math.max(peakWorkers, active.size());
        } else if (range.size() == 0) {
            active.remove(assignment);
        }
        assignment.worker.sendQuietly(MessageType.TASKS, new TaskRangeMessage(range.from(), range.to())::write);
    }

    synchronized void taskFailed(Assignment assignment, int task, boolean wasAborted, Throwable error) {
        (wasAborted ? aborted : failures).add(new TaskFailure(assignment.index, task, error));
        if (error instanceof RemoteThrowable
                && VIRTUAL_MACHINE_ERRORS.contains(((RemoteThrowable) error).originalClassName())) {
            assignment.worker.markDamaged();
        }
        if (plan.failFast()) {
            stopped = true;
        }
        notifyAll();
    }

    synchronized void done(Assignment assignment, int started, long[] threadTimes) {
        tasksStarted += started;
        strategy.done(threadTimes);
        assignment.reportedDone = true;
        lastEnd = Math.max(lastEnd, System.nanoTime());
        active.remove(assignment);
        notifyAll();
    }

    synchronized void result(Assignment assignment, ResultStatus status, boolean reachedBody, Throwable failure) {
        assignment.resultReceived = true;
        if (status == ResultStatus.ABORTED || status == ResultStatus.SKIPPED) {
            // An assumption failed, or a condition disabled the test, in the worker: the test is aborted, as
            // it would be with threads.
            aborted.add(new TaskFailure(assignment.index, OUTSIDE_TASKS, failure));
            stopped = true;
        } else if (status != ResultStatus.SUCCESSFUL) {
            String where = reachedBody
                    ? "outside its tasks (in @AfterEach or another extension, say)"
                    : "before reaching the body (in @BeforeEach, @BeforeAll or the constructor, say)";
            markFaulty(
                    assignment,
                    new WorkerFailedError(
                            assignment.index,
                            "worker " + assignment.index + " (pid "
                                    + assignment.worker.process.pid() + "): the test failed in the worker JVM " + where
                                    + ": "
                                    + failure,
                            failure));
        }
        if (!assignment.ready) {
            readyOrGone++;
            stopped = true;
            releaseWhenAllReady();
        }
        finish(assignment);
        notifyAll();
    }

    void channelEnded(Assignment assignment, Throwable channelError) {
        synchronized (this) {
            if (assignment.resultReceived) {
                return;
            }
        }
        // Outside the lock: waiting for the process to exit must not hold up the other workers.
        WorkerFailedError fault = assignment.worker.exitFault(assignment.index, "before its test ended", channelError);
        synchronized (this) {
            markFaulty(assignment, fault);
            stopped = true;
            if (!assignment.ready) {
                readyOrGone++;
                releaseWhenAllReady();
            }
            finish(assignment);
            notifyAll();
        }
    }

    /** Counts the worker as finished, once. */
    private void finish(Assignment assignment) {
        if (!assignment.finished) {
            assignment.finished = true;
            finished.countDown();
        }
    }

    private synchronized void markFaulty(Assignment assignment, Throwable fault) {
        faults.add(fault);
        faulty.add(assignment);
        notifyAll();
    }

    private List<StuckWorker> stuckWorkers() {
        // JUnit's @Timeout interrupts this thread: ask for the dumps all the same, then say so again.
        boolean interrupted = Thread.interrupted();
        List<Assignment> running = new ArrayList<>();
        for (Assignment assignment : assignments) {
            boolean resultReceived;
            synchronized (this) {
                resultReceived = assignment.resultReceived;
            }
            if (!resultReceived && assignment.worker.process.isAlive()) {
                running.add(assignment);
                assignment.worker.requestThreadDump();
            }
        }
        long deadline = System.nanoTime() + Worker.DUMP_GRACE.toNanos();
        List<StuckWorker> stuck = new ArrayList<>();
        for (Assignment assignment : running) {
            stuck.add(new StuckWorker(
                    assignment.index,
                    StuckWorker.IN_WORKER_JVM,
                    "pid " + assignment.worker.process.pid(),
                    List.of(),
                    assignment.awaitThreadDump(deadline)));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stuck;
    }
}
