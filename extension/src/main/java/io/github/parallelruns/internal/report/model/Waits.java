package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a measured point waited for, each NaN when not recorded.
 *
 * @param turnMs for its turn while other measurements ran; not part of the time spent
 * @param testsMs then for tests running in other JVMs; not part of the time spent
 * @param quietMs for a quiet machine; part of the time spent
 * @param turnNote what to know about the turn, if anything
 */
@API(status = INTERNAL, since = "0.1")
public record Waits(double turnMs, double testsMs, double quietMs, Optional<String> turnNote) {

    /** Nothing recorded. */
    public static final Waits UNKNOWN = new Waits(Double.NaN, Double.NaN, Double.NaN, Optional.empty());

    public Waits {
        Objects.requireNonNull(turnNote, "turnNote");
    }
}
