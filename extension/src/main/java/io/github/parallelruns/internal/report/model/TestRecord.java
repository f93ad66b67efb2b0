package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * The record of one parallel test (one invocation of a repeated or parameterized one), as its
 * JSON report file holds it: which test, when, the run, the machine, and what it found.
 *
 * @param kind what wrote it
 * @param test which test
 * @param startedAt when the test's parallel part started
 * @param durationMs how long it took, NaN when not known
 * @param mode the run's mode
 * @param workers the run's workers; for a sweep, its largest worker count
 * @param tasks the run's tasks
 * @param environment the JVM and machine
 * @param findings the verdict and what the kind records besides
 */
@API(status = INTERNAL, since = "0.1")
public record TestRecord(
        Optional<RecordKind> kind,
        TestIdentity test,
        Optional<Instant> startedAt,
        double durationMs,
        Optional<Mode> mode,
        OptionalInt workers,
        OptionalInt tasks,
        Machine environment,
        Findings findings) {

    public TestRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(findings, "findings");
        if (findings.bounds().isPresent() && !ofKind(findings.bounds().get(), kind)) {
            throw new IllegalArgumentException("a speedup has speedup bounds and a sweep sweep bounds, but this "
                    + kind.map(Enum::name).orElse("record without a kind") + " has "
                    + findings.bounds().get());
        }
    }

    private static boolean ofKind(Bounds bounds, Optional<RecordKind> kind) {
        return bounds instanceof Bounds.Speedup
                ? kind.equals(Optional.of(RecordKind.SPEEDUP))
                : kind.equals(Optional.of(RecordKind.SWEEP));
    }

    /** Whether this is the record of {@code other}. */
    public boolean is(RecordKind other) {
        return kind.equals(Optional.of(other));
    }
}
