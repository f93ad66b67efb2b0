package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Mode;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.WorkerTaskContext;
import io.github.parallelruns.internal.worker.RunRequest;
import io.github.parallelruns.internal.worker.WorkerSession;
import org.opentest4j.TestAbortedException;

/**
 * The body's part inside a worker JVM: wait at the cross-process start barrier, then run the ranges
 * of tasks the coordinator hands out until it has none left or a task failed. Failures go to the
 * coordinator as data; the test itself passes in the worker, so that JUnit there reports only what
 * failed outside the tasks.
 */
final class WorkerSideRun {

    private WorkerSideRun() {
    }

    static void run(WorkerSession session, TaskBody body) throws Exception {
        RunRequest request = session.request();
        session.awaitStart();
        int started = 0;
        boolean failed = false;
        while (!failed) {
            int[] range = session.nextTasks();
            if (range[0] >= range[1]) {
                break;
            }
            for (int task = range[0]; task < range[1] && !failed; task++) {
                started++;
                try {
                    body.run(new WorkerTaskContext(request.workerIndex(), request.workers(), task, request.tasks(),
                            Mode.PROCESSES));
                } catch (Throwable e) {
                    session.taskFailed(task, e, e instanceof TestAbortedException);
                    failed = true;
                }
            }
        }
        session.done(started);
    }
}
