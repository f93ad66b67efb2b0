package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** Which half of a pair runs: the tasks on one worker, or the same tasks on all workers. */
@API(status = INTERNAL, since = "0.1")
public enum Side {
    /** All tasks one after another on a single worker. */
    BASELINE,
    /** All tasks spread over all workers at once. */
    PARALLEL
}
