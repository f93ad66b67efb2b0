package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Mode;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.WorkerTaskContext;
import io.github.parallelruns.internal.worker.RunOrder;
import io.github.parallelruns.internal.worker.RunRequest;
import io.github.parallelruns.internal.worker.WorkerSession;
import org.opentest4j.TestAbortedException;

/**
 * The body's part inside a worker JVM: wait at the cross-process start barrier, then run the ranges
 * of tasks the coordinator hands out until it has none left or a task failed. Under
 * {@code @ExpectSpeedup} the coordinator orders one run after another (the baseline on worker 0
 * alone, the parallel side on all) until it says the measurement is over. Failures go to the
 * coordinator as data; the test itself passes in the worker, so that JUnit there reports only what
 * failed outside the tasks.
 */
final class WorkerSideRun {

    private WorkerSideRun() {
    }

    static void run(WorkerSession session, TaskBody body) throws Exception {
        RunRequest request = session.request();
        RunOrder order = session.awaitStart();
        while (order.kind() != RunOrder.FINISH) {
            session.done(runTasks(session, request, order, body));
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
                    body.run(new WorkerTaskContext(request.workerIndex(), order.workers(), task % tasks, tasks,
                            Mode.PROCESSES, order.firstRun() + task / tasks, order.baseline(), order.warmUp()));
                } catch (Throwable e) {
                    session.taskFailed(task % tasks, e, e instanceof TestAbortedException);
                    return started;
                }
            }
        }
    }
}
