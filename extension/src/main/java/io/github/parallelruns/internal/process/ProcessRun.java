package io.github.parallelruns.internal.process;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import io.github.parallelruns.WorkerFailedError;
import io.github.parallelruns.internal.execution.FailureTally;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.StuckWorker;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.RemoteThrowable;
import io.github.parallelruns.internal.worker.RunOrder;
import io.github.parallelruns.internal.worker.WorkerMain;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;

/**
 * One parallel run on worker JVMs ({@link Mode#PROCESSES}).
 *
 * <p>Workers come from a {@link WorkerPool}: idle ones that were started with the same command, or
 * new ones, which connect back on loopback with the pool's secret token. Each worker runs the test
 * through the JUnit Platform Launcher and reports when it reached the body; when all have, the start
 * barrier opens. Each worker's first range is its own task, {@code [w, w + 1)}, so that with one task
 * per worker every worker JVM runs the body once, all at the same time; then workers get ranges of
 * the other task indexes from one counter (guided self-scheduling: large ranges while many tasks
 * remain, single tasks at the end, so that a round trip per task does not dominate short bodies).
 * Failures come back as data, and every task runs, also after failures, unless the plan fails fast. A worker that exits
 * early is explained by its exit code and last output; at the timeout each unfinished worker is asked
 * for a thread dump, then it and its descendants are killed. Workers that ended cleanly go back to
 * the pool.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProcessRun {

    /** Errors after which a worker JVM is not reused: its state may be damaged. */
    private static final java.util.Set<String> VIRTUAL_MACHINE_ERRORS = java.util.Set.of(
            "java.lang.OutOfMemoryError", "java.lang.StackOverflowError", "java.lang.InternalError",
            "java.lang.UnknownError");

    /** The task index of an abort that happened in a worker's lifecycle, not in a task. */
    public static final int OUTSIDE_TASKS = -1;

    private final RunPlan plan;
    private final String uniqueId;
    private final CountDownLatch finished;
    private final FailureTally failures = new FailureTally();
    private final FailureTally aborted = new FailureTally();
    private final List<Throwable> faults = new ArrayList<>();
    private final List<Worker> faulty = new ArrayList<>();
    private List<Worker> workers = List.of();
    private int nextTask;
    private int tasksStarted;
    private int readyOrGone;
    private boolean released;
    private boolean stopped;
    private long releasedAt;
    private long lastEnd = Long.MIN_VALUE;
    // A speedup measurement orders one run after another once every worker is ready.
    private final Measurement measurement;
    private boolean allReady;
    private int currentTasks;
    private int currentWorkers;
    private int outstanding;
    private final java.util.Set<Worker> active = new java.util.HashSet<>();
    // The workers that were handed their own first task in the current run.
    private final java.util.Set<Worker> ownTaskGiven = new java.util.HashSet<>();
    private int peakWorkers;
    // The current side's worker threads: run time, run-queue wait and wall time, and their JVMs' CPU outside
    // them and the JIT compiler, summed over the workers; read by every worker.
    private final long[] sideThreadTimes = new long[4];
    private boolean sideThreadsRead;

    private ProcessRun(RunPlan plan, String uniqueId, Measurement measurement) {
        this.plan = plan;
        this.uniqueId = uniqueId;
        this.measurement = measurement;
        this.finished = new CountDownLatch(plan.workers());
        this.currentTasks = plan.tasks();
        this.currentWorkers = plan.workers();
        // Tasks 0 to workers - 1 are the workers' own first ranges.
        this.nextTask = plan.workers();
    }

    public static RunOutcome execute(RunPlan plan, WorkerPool pool, WorkerCommand command, String uniqueId) {
        return new ProcessRun(plan, uniqueId, null).run(pool, command);
    }

    /**
     * Runs a speedup measurement on the plan's worker JVMs: once all of them wait in the body,
     * {@code measurement} orders runs through {@link Sides} (a baseline on worker 0 alone, or all
     * workers), then every worker is told the measurement is over and the test ends in each. The outcome
     * reports failures of tasks and workers as {@link #execute} does.
     */
    public static RunOutcome measure(RunPlan plan, WorkerPool pool, WorkerCommand command, String uniqueId,
            Measurement measurement) {
        return new ProcessRun(plan, uniqueId, measurement).run(pool, command);
    }

    /** What measures, given the sides once every worker is ready. */
    @FunctionalInterface
    public interface Measurement {
        void measure(Sides sides) throws Throwable;
    }

    /** One timed run of the whole task set at a time, on worker 0 alone or on all workers. */
    public interface Sides {

        /**
         * Runs the task set {@code repetitions} times, on worker 0 alone ({@code baseline}) or on all
         * workers, and returns the nanoseconds from sending the order to the last worker's DONE.
         *
         * @throws SideStopped when a task or a worker failed, or the run's timeout expired: the run's
         *     outcome says what happened
         */
        long run(boolean baseline, int firstRun, boolean warmUp, int repetitions) throws InterruptedException;

        /**
         * What the worker threads of the last {@link #run} did with their time, summed over its workers and
         * read in each worker JVM on the thread that ran the tasks: run time, run-queue wait and wall time, then
         * the worker JVMs' CPU time outside those threads and the JIT compiler ({@code -1} when not read), in
         * nanoseconds; {@code null} when a worker could not read its thread's.
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
        List<Worker> acquired;
        synchronized (this) {
            acquired = pool.acquire(command, plan.workers(), this);
            workers = acquired;
        }
        try {
            boolean connected = awaitConnections(deadline);
            interrupted = Thread.currentThread().isInterrupted();
            if (connected) {
                for (Worker worker : acquired) {
                    // A worker whose channel broke is reported by its reader thread (channelEnded); the
                    // others go on.
                    worker.sendQuietly(MessageType.RUN, out -> {
                        Channel.writeString(out, uniqueId);
                        out.writeInt(plan.workers());
                        out.writeInt(plan.tasks());
                        out.writeInt(worker.index);
                        out.writeBoolean(plan.failFast());
                    });
                }
                if (measurement != null) {
                    timedOut = runMeasurement(deadline);
                    interrupted = Thread.currentThread().isInterrupted();
                }
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
            for (Worker worker : acquired) {
                boolean healthy = !timedOut && worker.connected() && !worker.gone && isHealthy(worker);
                if (timedOut && !worker.resultReceived) {
                    worker.kill();
                }
                pool.release(worker, healthy || timedOut && worker.resultReceived && isHealthy(worker));
            }
        }
        synchronized (this) {
            long wall = released && lastEnd != Long.MIN_VALUE ? lastEnd - releasedAt
                    : released ? System.nanoTime() - releasedAt : 0;
            Duration startup = Duration.ofNanos((released ? releasedAt : System.nanoTime()) - startedAt);
            // A worker that never said how many tasks it started (it timed out or died) is counted as having
            // started every task it was handed: it may not have, but no task is said to be not started wrongly.
            int started = tasksStarted;
            for (Worker worker : workers) {
                if (!worker.reportedDone) {
                    started += worker.handedOut;
                }
            }
            if (measurement != null) {
                // Every task ran at least once before a measurement's failure; none is "not started".
                started = plan.tasks();
            }
            return new RunOutcome(plan, startup, Duration.ofNanos(Math.max(0, wall)), started, failures.snapshot(),
                    aborted.snapshot(), timedOut, interrupted, stuck, List.of(), List.of(), faults);
        }
    }

    /** Waits until every worker is connected; false when one died first or the deadline passed. */
    private boolean awaitConnections(long deadline) {
        for (Worker worker : workers) {
            while (!worker.connected()) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                try {
                    worker.attach(worker.connection.get(100, TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    if (!worker.process.isAlive()) {
                        markFaulty(worker, worker.exitFault("before connecting to the coordinator"));
                        return false;
                    }
                } catch (ExecutionException e) {
                    markFaulty(worker, new WorkerFailedError(worker.index, "worker " + worker.index
                            + " could not connect: " + e.getCause(), e.getCause()));
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Measures once every worker is ready; true when the run's timeout expired meanwhile. */
    private boolean runMeasurement(long deadline) {
        boolean timedOut = false;
        try {
            if (awaitAllReady(deadline)) {
                measurement.measure(new Sides() {
                    @Override
                    public long run(boolean baseline, int firstRun, boolean warmUp, int repetitions)
                            throws InterruptedException {
                        return runSide(baseline, firstRun, warmUp, repetitions, deadline);
                    }

                    @Override
                    public long[] lastThreadTimes() {
                        synchronized (ProcessRun.this) {
                            return sideThreadsRead ? sideThreadTimes.clone() : null;
                        }
                    }

                    @Override
                    public int peakWorkers() {
                        synchronized (ProcessRun.this) {
                            return peakWorkers;
                        }
                    }
                });
            } else {
                timedOut = System.nanoTime() - deadline >= 0;
            }
        } catch (SideStopped e) {
            timedOut = System.nanoTime() - deadline >= 0 && faultCount() == 0 && !hasFailures();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        } catch (Throwable e) {
            addFault(e);
        }
        synchronized (this) {
            stopped = true;
            for (Worker worker : workers) {
                if (worker.ready && !worker.gone && !worker.resultReceived) {
                    worker.sendQuietly(MessageType.GO, RunOrder.finish()::write);
                }
            }
        }
        return timedOut;
    }

    private synchronized boolean awaitAllReady(long deadline) throws InterruptedException {
        while (!allReady && !stopped && faults.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return allReady && !stopped && faults.isEmpty();
    }

    private synchronized long runSide(boolean baseline, int firstRun, boolean warmUp, int repetitions, long deadline)
            throws InterruptedException {
        if (stopped || !faults.isEmpty()) {
            throw new SideStopped("the measurement was stopped");
        }
        if ((long) plan.tasks() * repetitions > Integer.MAX_VALUE) {
            throw new IllegalStateException(repetitions + " repetitions of " + plan.tasks() + " tasks are more than "
                    + "one run can hand out");
        }
        List<Worker> participants = baseline ? workers.subList(0, 1) : workers;
        currentWorkers = participants.size();
        currentTasks = plan.tasks() * repetitions;
        nextTask = currentWorkers;
        ownTaskGiven.clear();
        outstanding = participants.size();
        active.clear();
        lastEnd = Long.MIN_VALUE;
        java.util.Arrays.fill(sideThreadTimes, 0);
        sideThreadsRead = true;
        RunOrder order = new RunOrder(RunOrder.MEASURED, currentWorkers, firstRun, repetitions, baseline, warmUp);
        long sentAt = System.nanoTime();
        for (Worker worker : participants) {
            worker.sendQuietly(MessageType.GO, order::write);
        }
        while (outstanding > 0 && !stopped && faults.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                stopped = true;
                throw new SideStopped("the run's timeout expired");
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        if (hasFailures()) {
            // Every task of the side ran; the measurement ends with its failures.
            stopped = true;
        }
        if (stopped || !faults.isEmpty()) {
            throw new SideStopped("a task or a worker failed");
        }
        return lastEnd - sentAt;
    }

    private synchronized boolean hasFailures() {
        return failures.count() > 0 || aborted.count() > 0;
    }

    // --- called by the workers' reader threads ---------------------------------------------------

    synchronized void ready(Worker worker) {
        worker.ready = true;
        readyOrGone++;
        releaseWhenAllReady();
    }

    private void releaseWhenAllReady() {
        if (released || readyOrGone < workers.size()) {
            return;
        }
        released = true;
        releasedAt = System.nanoTime();
        if (measurement != null) {
            allReady = true;
            notifyAll();
            return;
        }
        RunOrder order = RunOrder.only(plan.workers());
        for (Worker worker : workers) {
            if (worker.ready && !worker.gone) {
                worker.sendQuietly(MessageType.GO, order::write);
            }
        }
    }

    synchronized void next(Worker worker) {
        int from;
        int size;
        if (!stopped && worker.index < currentWorkers && ownTaskGiven.add(worker)) {
            // A worker's first range is its own task.
            from = worker.index;
            size = 1;
        } else {
            from = nextTask;
            int remaining = currentTasks - from;
            size = stopped || remaining <= 0 ? 0 : Math.max(1, remaining / (4 * currentWorkers));
            nextTask += size;
        }
        worker.handedOut += size;
        if (size > 0 && active.add(worker)) {
            peakWorkers = Math.max(peakWorkers, active.size());
        } else if (size == 0) {
            active.remove(worker);
        }
        int to = from + size;
        worker.sendQuietly(MessageType.TASKS, out -> {
            out.writeInt(from);
            out.writeInt(to);
        });
    }

    synchronized void taskFailed(Worker worker, int task, boolean wasAborted, Throwable error) {
        (wasAborted ? aborted : failures).add(new TaskFailure(worker.index, task, error));
        if (error instanceof RemoteThrowable
                && VIRTUAL_MACHINE_ERRORS.contains(((RemoteThrowable) error).originalClassName())) {
            worker.markDamaged();
        }
        if (plan.failFast()) {
            stopped = true;
        }
        notifyAll();
    }

    synchronized void done(Worker worker, int started, long[] threadTimes) {
        tasksStarted += started;
        if (threadTimes == null) {
            sideThreadsRead = false;
        } else {
            for (int i = 0; i < 3; i++) {
                sideThreadTimes[i] += threadTimes[i];
            }
            // -1 from any worker: the CPU outside the worker threads is unknown for the run.
            sideThreadTimes[3] = sideThreadTimes[3] < 0 || threadTimes[3] < 0 ? -1 : sideThreadTimes[3] + threadTimes[3];
        }
        worker.reportedDone = true;
        lastEnd = Math.max(lastEnd, System.nanoTime());
        active.remove(worker);
        outstanding--;
        notifyAll();
    }

    synchronized void result(Worker worker, byte status, boolean reachedBody, Throwable failure) {
        if (status == WorkerMain.STATUS_ABORTED || status == WorkerMain.STATUS_SKIPPED) {
            // An assumption failed, or a condition disabled the test, in the worker: the test is aborted, as
            // it would be with threads.
            aborted.add(new TaskFailure(worker.index, OUTSIDE_TASKS, failure));
            stopped = true;
        } else if (status != WorkerMain.STATUS_SUCCESSFUL) {
            String where = reachedBody ? "outside its tasks (in @AfterEach or another extension, say)"
                    : "before reaching the body (in @BeforeEach, @BeforeAll or the constructor, say)";
            markFaulty(worker, new WorkerFailedError(worker.index, "worker " + worker.index + " (pid "
                    + worker.process.pid() + "): the test failed in the worker JVM " + where + ": " + failure, failure));
        }
        if (!worker.ready) {
            readyOrGone++;
            stopped = true;
            releaseWhenAllReady();
        }
        worker.finish(finished);
        notifyAll();
    }

    void channelEnded(Worker worker, Throwable channelError) {
        synchronized (this) {
            if (worker.resultReceived) {
                return;
            }
        }
        // Outside the lock: waiting for the process to exit must not hold up the other workers.
        WorkerFailedError fault = worker.exitFault("before its test ended", channelError);
        synchronized (this) {
            markFaulty(worker, fault);
            stopped = true;
            if (!worker.ready) {
                readyOrGone++;
                releaseWhenAllReady();
            }
            worker.finish(finished);
            notifyAll();
        }
    }

    private synchronized void markFaulty(Worker worker, Throwable fault) {
        faults.add(fault);
        faulty.add(worker);
        notifyAll();
    }

    private synchronized void addFault(Throwable fault) {
        faults.add(fault);
        notifyAll();
    }

    private synchronized boolean isHealthy(Worker worker) {
        return worker.resultReceived && !faulty.contains(worker);
    }

    private synchronized int faultCount() {
        return faults.size();
    }

    private List<StuckWorker> stuckWorkers() {
        // JUnit's @Timeout interrupts this thread: ask for the dumps all the same, then say so again.
        boolean interrupted = Thread.interrupted();
        List<Worker> running = new ArrayList<>();
        for (Worker worker : workers) {
            if (!worker.resultReceived && worker.process.isAlive()) {
                running.add(worker);
                worker.requestThreadDump();
            }
        }
        long deadline = System.nanoTime() + Worker.DUMP_GRACE.toNanos();
        List<StuckWorker> stuck = new ArrayList<>();
        for (Worker worker : running) {
            stuck.add(new StuckWorker(worker.index, StuckWorker.IN_WORKER_JVM, "pid " + worker.process.pid(),
                    List.of(), worker.awaitThreadDump(deadline)));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stuck;
    }
}
