package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A sweep's scaling laws fitted to its points.
 *
 * @param amdahl Amdahl's law, when it could be fitted
 * @param amdahlNote what it was fitted to, or why there is no fit
 * @param usl the Universal Scalability Law, when it could be fitted
 * @param uslNote what it was fitted to, or why there is no fit
 */
@API(status = INTERNAL, since = "0.1")
public record Fits(Optional<Amdahl> amdahl, String amdahlNote, Optional<Usl> usl, String uslNote) {

    public Fits {
        Objects.requireNonNull(amdahl, "amdahl");
        Objects.requireNonNull(amdahlNote, "amdahlNote");
        Objects.requireNonNull(usl, "usl");
        Objects.requireNonNull(uslNote, "uslNote");
    }

    /**
     * {@code S(p) = 1 / (f + (1 - f) / p)}.
     *
     * @param serialFraction {@code f}
     * @param maxSpeedup {@code 1 / f}, positive infinity for {@code f = 0}
     * @param rmsError the fit's root-mean-square relative error
     */
    @API(status = INTERNAL, since = "0.1")
    public record Amdahl(double serialFraction, double maxSpeedup, double rmsError) {}

    /**
     * {@code S(p) = p / (1 + σ (p - 1) + κ p (p - 1))}.
     *
     * @param contention {@code σ}
     * @param coherency {@code κ}
     * @param peakWorkers where the speedup peaks, positive infinity when it never falls
     * @param peakSpeedup the speedup there, or the limit {@code 1 / σ}; positive infinity when unbounded
     * @param rmsError the fit's root-mean-square relative error
     */
    @API(status = INTERNAL, since = "0.1")
    public record Usl(double contention, double coherency, double peakWorkers, double peakSpeedup, double rmsError) {}
}
