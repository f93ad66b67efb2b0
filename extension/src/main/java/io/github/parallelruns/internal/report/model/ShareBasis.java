package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Where a recorded CPU share's figures come from. The report's own names, so that renaming the
 * measurement's constants cannot change the files.
 */
@API(status = INTERNAL, since = "0.1")
public enum ShareBasis {
    /** The worker threads' own run and run-queue times. */
    WORKER_THREADS,
    /** The CPU time of the test's process tree over the run's wall time. */
    PROCESS_TREE
}
