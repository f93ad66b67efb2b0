package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * The body's CPU share that a ceiling followed from, with what it was measured on.
 *
 * @param share the share used, in [0, 1]
 * @param measured the share the run showed; differs from {@code share} when it was taken as 1
 * @param assumed whether the share was taken as 1
 * @param assumption why it was taken as 1; empty when measured
 * @param basis where the figures come from
 * @param cpuMs the CPU time the share rests on
 * @param waitMs the workers' time waiting for a CPU (0 for the process tree)
 * @param wallMs the time the CPU time is divided by
 * @param activeWorkers the workers that ran
 * @param coresCeiling the effective cores over the share; positive infinity at share 0
 */
@API(status = INTERNAL, since = "0.1")
public record ShareFacts(
        double share,
        double measured,
        boolean assumed,
        Optional<String> assumption,
        Optional<ShareBasis> basis,
        double cpuMs,
        double waitMs,
        double wallMs,
        OptionalInt activeWorkers,
        double coresCeiling) {

    public ShareFacts {
        Objects.requireNonNull(assumption, "assumption");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(activeWorkers, "activeWorkers");
    }
}
