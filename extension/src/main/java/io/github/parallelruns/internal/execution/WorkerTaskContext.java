package io.github.parallelruns.internal.execution;

import io.github.parallelruns.Mode;
import io.github.parallelruns.TaskContext;

/** The {@link TaskContext} handed to one invocation of the body. */
record WorkerTaskContext(int workerIndex, int workers, int taskIndex, int tasks, Mode mode) implements TaskContext {
}
