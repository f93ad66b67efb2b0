package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** What wrote a record: a plain {@code @ParallelRuns} test, an {@code @ExpectSpeedup} or a {@code @ScalingSweep}. */
@API(status = INTERNAL, since = "0.1")
public enum RecordKind {
    RUN,
    SPEEDUP,
    SWEEP
}
