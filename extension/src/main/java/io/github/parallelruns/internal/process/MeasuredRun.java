package io.github.parallelruns.internal.process;

import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.RunOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * A speedup measurement on worker JVMs: once every worker waits in the body, the measurement orders one
 * side after another through {@link ProcessRun.Sides} (a {@code GO} with a {@link RunOrder} to worker 0
 * alone or to all, timed until the last {@code DONE}), then a {@code FINISH} order lets the body return
 * in every worker.
 *
 * <p>Threads: the fields of the current side are guarded by the run's lock (the {@link ProcessRun}'s
 * monitor), shared by the test thread, which orders the sides, and the workers' reader threads, which
 * report their {@code DONE}. The run, the deadline and what the measurement returned are the test
 * thread's alone: {@link #drive} sets them, and the measurement calls the sides on that thread.
 */
final class MeasuredRun<T> implements RunStrategy, ProcessRun.Sides {

    private final int tasks;
    private final ProcessRun.Measurement<T> measurement;

    // Guarded by the run's lock.
    private boolean allReady;
    /** Workers of the current side that have not said DONE. */
    private int outstanding;
    /**
     * The current side's worker threads: run time, run-queue wait and wall time, and their JVMs' CPU outside
     * them and the JIT compiler, summed over the workers; read by every worker.
     */
    private final long[] sideThreadTimes = new long[4];

    private boolean sideThreadsRead;

    // The test thread's.
    private ProcessRun run;
    private long deadline;
    private T result;
    private TestAbortedException abortedBy;

    MeasuredRun(int tasks, ProcessRun.Measurement<T> measurement) {
        this.tasks = tasks;
        this.measurement = measurement;
    }

    /** What the measurement returned; empty when it ended otherwise or never began. */
    Optional<T> result() {
        return Optional.ofNullable(result);
    }

    /** The abort the measurement ended with (its own decision, an unattainable bound say), if so. */
    Optional<TestAbortedException> abortedBy() {
        return Optional.ofNullable(abortedBy);
    }

    @Override
    public void released(List<Assignment> assignments) {
        // The test thread, waiting in awaitAllReady, orders the first side.
        allReady = true;
    }

    @Override
    public boolean drive(ProcessRun driven, long runDeadline) {
        run = driven;
        deadline = runDeadline;
        boolean timedOut = false;
        try {
            if (awaitAllReady()) {
                result = measurement.measure(this);
            } else {
                timedOut = System.nanoTime() - deadline >= 0;
            }
        } catch (TestAbortedException e) {
            // The measurement's own decision (an unattainable bound), not a fault of the workers.
            abortedBy = e;
        } catch (ProcessRun.SideStopped e) {
            timedOut = System.nanoTime() - deadline >= 0 && run.faultCount() == 0 && !run.hasFailures();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        } catch (Throwable e) {
            run.addFault(e);
        }
        synchronized (run) {
            run.stop();
            for (Assignment assignment : run.assignments()) {
                if (assignment.ready && !assignment.worker.gone && !assignment.resultReceived) {
                    assignment.worker.sendQuietly(MessageType.GO, RunOrder.finish()::write);
                }
            }
        }
        return timedOut;
    }

    private boolean awaitAllReady() throws InterruptedException {
        synchronized (run) {
            while (!allReady && run.goingOn()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(run, remaining);
            }
            return allReady && run.goingOn();
        }
    }

    @Override
    public long run(boolean baseline, int firstRun, boolean warmUp, int repetitions, boolean readThreads)
            throws InterruptedException {
        synchronized (run) {
            if (!run.goingOn()) {
                throw new ProcessRun.SideStopped("the measurement was stopped");
            }
            if ((long) tasks * repetitions > Integer.MAX_VALUE) {
                throw new IllegalStateException(
                        repetitions + " repetitions of " + tasks + " tasks are more than " + "one run can hand out");
            }
            List<Assignment> participants =
                    run.startSide(baseline ? 1 : run.assignments().size(), tasks * repetitions);
            outstanding = participants.size();
            Arrays.fill(sideThreadTimes, 0);
            sideThreadsRead = readThreads;
            RunOrder order = new RunOrder(
                    RunOrder.MEASURED, participants.size(), firstRun, repetitions, baseline, warmUp, readThreads);
            long sentAt = System.nanoTime();
            for (Assignment assignment : participants) {
                assignment.worker.sendQuietly(MessageType.GO, order::write);
            }
            while (outstanding > 0 && run.goingOn()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    run.stop();
                    throw new ProcessRun.SideStopped("the run's timeout expired");
                }
                TimeUnit.NANOSECONDS.timedWait(run, remaining);
            }
            if (run.hasFailures()) {
                // Every task of the side ran; the measurement ends with its failures.
                run.stop();
            }
            if (!run.goingOn()) {
                throw new ProcessRun.SideStopped("a task or a worker failed");
            }
            return run.lastEnd() - sentAt;
        }
    }

    @Override
    public void done(long[] threadTimes) {
        if (threadTimes == null) {
            sideThreadsRead = false;
        } else {
            for (int i = 0; i < 3; i++) {
                sideThreadTimes[i] += threadTimes[i];
            }
            // -1 from any worker: the CPU outside the worker threads is unknown for the run.
            sideThreadTimes[3] =
                    sideThreadTimes[3] < 0 || threadTimes[3] < 0 ? -1 : sideThreadTimes[3] + threadTimes[3];
        }
        outstanding--;
    }

    @Override
    public long[] lastThreadTimes() {
        synchronized (run) {
            return sideThreadsRead ? sideThreadTimes.clone() : null;
        }
    }

    @Override
    public int peakWorkers() {
        synchronized (run) {
            return run.peakWorkers();
        }
    }

    @Override
    public int tasksStarted(int reported) {
        // Every task ran at least once before a measurement's failure; none is "not started".
        return tasks;
    }
}
