package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import org.apiguardian.api.API;

/** What wrote a record: a plain {@code @ParallelRuns} test, an {@code @ExpectSpeedup} or a {@code @ScalingSweep}. */
@API(status = INTERNAL, since = "0.1")
public enum RecordKind {
    RUN,
    SPEEDUP,
    SWEEP;

    /** The kind as the report files and pages name it: {@code run}, {@code speedup}, {@code sweep}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
