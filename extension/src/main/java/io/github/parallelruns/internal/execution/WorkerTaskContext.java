package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import io.github.parallelruns.TaskContext;
import org.apiguardian.api.API;

/** The {@link TaskContext} handed to one invocation of the body. */
@API(status = INTERNAL, since = "0.1")
public record WorkerTaskContext(
        int workerIndex,
        int workers,
        int taskIndex,
        int tasks,
        Mode mode,
        int runIndex,
        boolean isBaseline,
        boolean isWarmUp)
        implements TaskContext {

    /** The context of a task of a test's only run (no speedup measurement). */
    public WorkerTaskContext(int workerIndex, int workers, int taskIndex, int tasks, Mode mode) {
        this(workerIndex, workers, taskIndex, tasks, mode, 0, false, false);
    }
}
