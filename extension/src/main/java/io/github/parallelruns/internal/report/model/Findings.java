package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a test found: the verdict and the reason for it, and what the test's kind records besides.
 *
 * @param verdict the verdict
 * @param environmentInconclusive whether an INCONCLUSIVE came from the machine
 * @param reason the sentence behind the verdict
 * @param bounds what a speedup or sweep was asked to show
 * @param points the measured worker counts: one for a speedup, one per count for a sweep, none for a run
 * @param fits a sweep's scaling laws
 * @param run a plain run's times, tasks and failures
 * @param baseline the speedup's point, or the sweep's worst point, compared with the baseline
 * @param cpuShare the record's own CPU share: present for sweeps, which measure one for all their
 *     points, and for unattainable bounds; empty for other records, whose points hold theirs
 */
@API(status = INTERNAL, since = "0.1")
public record Findings(
        Optional<ReportVerdict> verdict,
        boolean environmentInconclusive,
        Optional<String> reason,
        Optional<Bounds> bounds,
        List<Point> points,
        Optional<Fits> fits,
        Optional<RunFacts> run,
        Optional<BaselineCheck> baseline,
        Optional<RecordShare> cpuShare) {

    public Findings {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(fits, "fits");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(cpuShare, "cpuShare");
        points = List.copyOf(points);
    }

    /** A speedup or sweep whose body failed while it was measured. */
    public static Findings failed(String reason) {
        return new Findings(
                Optional.of(ReportVerdict.FAILED),
                false,
                Optional.of(reason),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** A bound this machine cannot give, judged with {@code share} when it had been measured. */
    public static Findings unattainable(String reason, Bounds bounds, Optional<ShareFacts> share) {
        return new Findings(
                Optional.of(ReportVerdict.UNATTAINABLE),
                false,
                Optional.of(reason),
                Optional.of(bounds),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new RecordShare(share)));
    }

    /** The record's own CPU share, if it has one and it was measured. */
    public Optional<ShareFacts> ownShare() {
        return cpuShare.flatMap(RecordShare::share);
    }

    /**
     * A record's own CPU share: written for sweeps and unattainable bounds, as {@code null} when the
     * workload is not {@code AUTO} or the share was not measured yet.
     *
     * @param share the share, when measured
     */
    @API(status = INTERNAL, since = "0.1")
    public record RecordShare(Optional<ShareFacts> share) {

        public RecordShare {
            Objects.requireNonNull(share, "share");
        }
    }
}
