package io.github.parallelruns.internal.process;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import io.github.parallelruns.WorkerFailedError;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.StuckWorker;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.RemoteThrowable;
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
 * barrier opens. Workers then ask for tasks and get ranges of task indexes from one counter (guided
 * self-scheduling: large ranges while many tasks remain, single tasks at the end, so that a round
 * trip per task does not dominate short bodies). Failures come back as data. A worker that exits
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
    private final List<TaskFailure> failures = new ArrayList<>();
    private final List<TaskFailure> aborted = new ArrayList<>();
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

    private ProcessRun(RunPlan plan, String uniqueId) {
        this.plan = plan;
        this.uniqueId = uniqueId;
        this.finished = new CountDownLatch(plan.workers());
    }

    public static RunOutcome execute(RunPlan plan, WorkerPool pool, WorkerCommand command, String uniqueId) {
        return new ProcessRun(plan, uniqueId).run(pool, command);
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
                    });
                }
                try {
                    timedOut = !finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
            List<TaskFailure> sortedFailures = new ArrayList<>(failures);
            sortedFailures.sort(Comparator.comparingInt(TaskFailure::taskIndex));
            List<TaskFailure> sortedAborted = new ArrayList<>(aborted);
            sortedAborted.sort(Comparator.comparingInt(TaskFailure::taskIndex));
            Duration startup = Duration.ofNanos((released ? releasedAt : System.nanoTime()) - startedAt);
            // A worker that never said how many tasks it started (it timed out or died) is counted as having
            // started every task it was handed: it may not have, but no task is said to be not started wrongly.
            int started = tasksStarted;
            for (Worker worker : workers) {
                if (!worker.reportedDone) {
                    started += worker.handedOut;
                }
            }
            return new RunOutcome(plan, startup, Duration.ofNanos(Math.max(0, wall)), started, sortedFailures,
                    sortedAborted, timedOut, interrupted, stuck, List.of(), List.of(), faults);
        }
    }

    /** Waits until every worker is connected; false when one died first or the deadline passed. */
    private boolean awaitConnections(long deadline) {
        for (Worker worker : workers) {
            while (!worker.connected()) {
                if (System.nanoTime() > deadline) {
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
        for (Worker worker : workers) {
            if (worker.ready && !worker.gone) {
                worker.sendQuietly(MessageType.GO);
            }
        }
    }

    synchronized void next(Worker worker) {
        int from = nextTask;
        int remaining = plan.tasks() - from;
        int size = stopped || remaining <= 0 ? 0 : Math.max(1, remaining / (4 * plan.workers()));
        nextTask += size;
        worker.handedOut += size;
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
        stopped = true;
    }

    synchronized void done(Worker worker, int started) {
        tasksStarted += started;
        worker.reportedDone = true;
        lastEnd = Math.max(lastEnd, System.nanoTime());
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
        }
    }

    private synchronized void markFaulty(Worker worker, Throwable fault) {
        faults.add(fault);
        faulty.add(worker);
    }

    private synchronized void addFault(Throwable fault) {
        faults.add(fault);
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
