package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a measured point was judged against, and the verdict.
 *
 * @param ceiling the most this machine can give at the point, NaN when not known
 * @param minSpeedup the bound judged at the point, NaN for none
 * @param verdict the point's verdict
 * @param reason the sentence behind it
 * @param environmentInconclusive whether an INCONCLUSIVE came from the machine
 */
@API(status = INTERNAL, since = "0.1")
public record Judgement(
        double ceiling,
        double minSpeedup,
        Optional<ReportVerdict> verdict,
        Optional<String> reason,
        boolean environmentInconclusive) {

    /** Nothing judged: a sweep's reference point. */
    public static final Judgement NONE =
            new Judgement(Double.NaN, Double.NaN, Optional.empty(), Optional.empty(), false);

    public Judgement {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }
}
