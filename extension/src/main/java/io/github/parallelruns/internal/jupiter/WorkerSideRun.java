package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Mode;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.WorkerTaskContext;
import io.github.parallelruns.internal.measure.ThreadCpu;
import io.github.parallelruns.internal.protocol.RunOrder;
import io.github.parallelruns.internal.worker.RunRequest;
import io.github.parallelruns.internal.worker.WorkerSession;
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

    static void run(WorkerSession session, TaskBody body) throws Exception {
        RunRequest request = session.request();
        RunOrder order = session.awaitStart();
        while (order.kind() != RunOrder.FINISH) {
            // A measured run reports what this thread did with its time, for the body's CPU share: read here,
            // where neither this JVM's compiler nor other processes enter the figure; and what this JVM spent
            // beside it outside the compiler (the body's helper threads, the collector).
            boolean measured = order.kind() == RunOrder.MEASURED;
            long[] before = measured ? ThreadCpu.readThisThread().orElse(null) : null;
            long[] processBefore = measured ? ThreadCpu.readThisProcess().orElse(null) : null;
            long startedAt = System.nanoTime();
            int started = runTasks(session, request, order, body);
            long wall = Math.max(1, System.nanoTime() - startedAt);
            long[] after = before == null ? null : ThreadCpu.readThisThread().orElse(null);
            long[] processAfter =
                    processBefore == null ? null : ThreadCpu.readThisProcess().orElse(null);
            long[] times = null;
            if (after != null) {
                long run = Math.max(0, after[0] - before[0]);
                long outside = processAfter == null
                        ? -1
                        : Math.max(0, processAfter[0] - processBefore[0] - (processAfter[1] - processBefore[1]) - run);
                times = new long[] {run, Math.max(0, after[1] - before[1]), wall, outside};
            }
            session.done(started, times);
            if (order.kind() == RunOrder.ONLY) {
                return;
            }
            order = session.awaitOrder();
        }
    }

    private static int runTasks(WorkerSession session, RunRequest request, RunOrder order, TaskBody body)
            throws Exception {
        int tasks = request.tasks();
        int started = 0;
        while (true) {
            int[] range = session.nextTasks();
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
