package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What one parallel run does: {@code tasks} invocations of a body spread over {@code workers} workers
 * of one {@link Mode}, within {@code timeout}. Values are already resolved and checked against the
 * user's configuration; the checks here only guard the engine against programming errors.
 *
 * @param name what the run is called in thread names and messages (the test method)
 * @param failFast whether no new task starts after a task failed or aborted; otherwise every task runs
 */
@API(status = INTERNAL, since = "0.1")
public record RunPlan(String name, Mode mode, int workers, int tasks, Duration timeout, boolean failFast) {

    /** A plan whose every task runs, also after failures. */
    public RunPlan(String name, Mode mode, int workers, int tasks, Duration timeout) {
        this(name, mode, workers, tasks, timeout, false);
    }

    public RunPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, but was " + workers);
        }
        if (tasks < workers) {
            throw new IllegalArgumentException("tasks must be >= workers (" + workers + "), but was " + tasks);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, but was " + timeout);
        }
    }
}
