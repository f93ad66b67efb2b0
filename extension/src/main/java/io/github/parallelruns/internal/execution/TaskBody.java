package io.github.parallelruns.internal.execution;

import io.github.parallelruns.TaskContext;

/** The code a worker runs once per task. */
@FunctionalInterface
public interface TaskBody {

    void run(TaskContext task) throws Throwable;
}
