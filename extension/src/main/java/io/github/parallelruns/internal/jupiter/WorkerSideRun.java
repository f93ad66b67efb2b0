package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Mode;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.WorkerTaskContext;
import io.github.parallelruns.internal.measure.ThreadCpu;
import io.github.parallelruns.internal.protocol.RunOrder;
import io.github.parallelruns.internal.worker.RunRequest;
import io.github.parallelruns.internal.worker.WorkerTasks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.opentest4j.TestAbortedException;

/**
 * The body's part inside a worker JVM: wait at the cross-process start barrier, then run the ranges
 * of tasks the coordinator hands out until it has none left (or, failing fast, until a task failed). Under
 * {@code @ExpectSpeedup} the coordinator orders one run after another (the baseline on worker 0
 * alone, the parallel side on all) until it says the measurement is over. Failures go to the
 * coordinator as data; the test itself passes in the worker, so that JUnit there reports only what
 * failed outside the tasks.
 */
final class WorkerSideRun {

    private WorkerSideRun() {}

    static void run(WorkerTasks session, TaskBody body) throws Exception {
        RunRequest request = session.request();
        RunOrder order = session.awaitStart();
        while (order.kind() != RunOrder.FINISH) {
            // The run that measures the body's CPU share asks for what this thread did with its time: read here,
            // where neither this JVM's compiler nor other processes enter the figure; and what this JVM spent
            // beside it outside the compiler (the body's helper threads, the collector). Timed runs read nothing.
            boolean measured = order.kind() == RunOrder.MEASURED && order.readThreads();
            int started;
            long[] times;
            // The time spent waiting for the coordinator to hand out tasks is not the body's: on a busy machine the
            // coordinator's and this JVM's reader threads wait for a CPU meanwhile, and that time, blocked here,
            // would read as a body that sleeps. It is left out, with the CPU and the run-queue wait inside it.
            try (Dispatch dispatch = new Dispatch(
                    measured ? ThreadCpu.WaitClock.openForThisThread().orElse(null) : null)) {
                // The process outside, the thread inside the wall clock: what the readings themselves cost (the first
                // one loads classes) stays out of the thread's run time, or is in its wall time too, so that run and
                // wait fit in the time the share divides by.
                long[] processBefore = measured ? ThreadCpu.readThisProcess().orElse(null) : null;
                long startedAt = System.nanoTime();
                long[] before = measured ? ThreadCpu.readThisThread().orElse(null) : null;
                started = runTasks(session, request, order, body, dispatch);
                long[] after =
                        before == null ? null : ThreadCpu.readThisThread().orElse(null);
                long wall = Math.max(1, System.nanoTime() - startedAt - dispatch.wallNanos);
                long[] processAfter = processBefore == null
                        ? null
                        : ThreadCpu.readThisProcess().orElse(null);
                times = after == null ? null : times(before, after, wall, processBefore, processAfter, dispatch);
            }
            session.done(started, times);
            if (order.kind() == RunOrder.ONLY) {
                return;
            }
            order = session.awaitOrder();
        }
    }

    /**
     * Run time, run-queue wait and wall time of the thread over the order, less what asking for tasks took, and the
     * JVM's CPU time outside the thread and its compiler ({@code -1} when not read).
     */
    private static long[] times(
            long[] before, long[] after, long wall, long[] processBefore, long[] processAfter, Dispatch dispatch) {
        long threadRun = Math.max(0, after[0] - before[0]);
        long outside = processAfter == null
                ? -1
                : Math.max(0, processAfter[0] - processBefore[0] - (processAfter[1] - processBefore[1]) - threadRun);
        return new long[] {
            Math.max(0, threadRun - dispatch.cpuNanos),
            Math.max(0, after[1] - before[1] - dispatch.waitNanos),
            wall,
            outside
        };
    }

    /**
     * The time, CPU and run-queue wait spent asking the coordinator for tasks in one order, kept where the thread's
     * wait can be read ({@code clock} not null: the share run, on Linux); otherwise all stay 0.
     */
    private static final class Dispatch implements AutoCloseable {

        private final ThreadCpu.WaitClock clock;
        private final ThreadMXBean threads;
        long wallNanos;
        long waitNanos;
        long cpuNanos;

        Dispatch(ThreadCpu.WaitClock clock) {
            this.clock = clock;
            ThreadMXBean bean = clock == null ? null : ManagementFactory.getThreadMXBean();
            // Without the thread's CPU clock, the run time comes from schedstat, and the little CPU of asking stays in.
            this.threads = bean != null && bean.isCurrentThreadCpuTimeSupported() ? bean : null;
        }

        int[] next(WorkerTasks session) throws IOException, InterruptedException {
            if (clock == null) {
                // Nothing is read in this order (a timed run, or no schedstat): nothing to leave out.
                return session.nextTasks();
            }
            // The readings bracket the wall clock's: a preemption right around the asking is subtracted as wait while
            // its wall time stays, which can read a little as sleeping but never lets run and wait exceed the wall
            // time; the window is a few microseconds wide.
            long cpuBefore = threads == null ? -1 : threads.getCurrentThreadCpuTime();
            long waitBefore = clock.waitNanos();
            long askedAt = System.nanoTime();
            int[] range = session.nextTasks();
            wallNanos += System.nanoTime() - askedAt;
            long waitAfter = clock.waitNanos();
            long cpuAfter = threads == null ? -1 : threads.getCurrentThreadCpuTime();
            if (waitBefore >= 0 && waitAfter >= waitBefore) {
                waitNanos += waitAfter - waitBefore;
            }
            if (cpuBefore >= 0 && cpuAfter >= cpuBefore) {
                cpuNanos += cpuAfter - cpuBefore;
            }
            return range;
        }

        @Override
        public void close() {
            if (clock != null) {
                clock.close();
            }
        }
    }

    /** Runs the ranges handed out until an empty one. */
    private static int runTasks(
            WorkerTasks session, RunRequest request, RunOrder order, TaskBody body, Dispatch dispatch)
            throws Exception {
        int tasks = request.tasks();
        int started = 0;
        while (true) {
            int[] range = dispatch.next(session);
            if (range[0] >= range[1]) {
                return started;
            }
            for (int task = range[0]; task < range[1]; task++) {
                started++;
                try {
                    body.run(new WorkerTaskContext(
                            request.workerIndex(),
                            order.workers(),
                            task % tasks,
                            tasks,
                            Mode.PROCESSES,
                            order.firstRun() + task / tasks,
                            order.baseline(),
                            order.warmUp()));
                } catch (Throwable e) {
                    session.taskFailed(task % tasks, e, e instanceof TestAbortedException);
                    if (request.failFast()) {
                        return started;
                    }
                    // A task that leaves its thread interrupted must not make the next task fail.
                    Thread.interrupted();
                }
            }
        }
    }
}
