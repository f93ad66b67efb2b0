package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A measured point compared with the stored baseline.
 *
 * @param status how it compares
 * @param speedup the stored speedup, NaN when there is none
 * @param threshold the stored speedup less the tolerance, NaN when there is none
 * @param file the baseline file, as configured
 * @param message one sentence saying how it compares
 */
@API(status = INTERNAL, since = "0.1")
public record BaselineCheck(
        Optional<BaselineStatus> status, double speedup, double threshold, String file, String message) {

    public BaselineCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }
}
