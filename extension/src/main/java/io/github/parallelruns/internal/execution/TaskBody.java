package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.TaskContext;
import org.apiguardian.api.API;

/** The code a worker runs once per task. */
@FunctionalInterface
@API(status = INTERNAL, since = "0.1")
public interface TaskBody {

    void run(TaskContext task) throws Throwable;
}
