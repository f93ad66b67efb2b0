package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a sweep records beside each measured point.
 *
 * @param notJudged why the sweep's bound is not judged at the point (the machine cannot reach it), if so
 * @param baseline the point compared with the baseline, when there is one to compare with
 */
@API(status = INTERNAL, since = "0.1")
public record SweepCheck(Optional<String> notJudged, Optional<BaselineCheck> baseline) {

    public SweepCheck {
        Objects.requireNonNull(notJudged, "notJudged");
        Objects.requireNonNull(baseline, "baseline");
    }
}
