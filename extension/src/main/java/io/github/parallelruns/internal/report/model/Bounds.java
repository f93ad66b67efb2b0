package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Workload;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/** What a speedup or sweep record was asked to show. */
@API(status = INTERNAL, since = "0.1")
public sealed interface Bounds {

    /**
     * The bounds of an {@code @ExpectSpeedup}.
     *
     * @param min the lowest acceptable speedup, {@code min} and {@code minEfficiency} combined (0 for none)
     * @param max the highest acceptable speedup, positive infinity for none
     * @param minEfficiency {@code minEfficiency} as declared (0 for none)
     * @param workload what limits the body's parallelism
     * @param tolerance the tolerance a PASS is judged with
     */
    @API(status = INTERNAL, since = "0.1")
    record Speedup(double min, double max, double minEfficiency, Optional<Workload> workload, double tolerance)
            implements Bounds {

        public Speedup {
            Objects.requireNonNull(workload, "workload");
        }
    }

    /**
     * The bounds of a {@code @ScalingSweep}.
     *
     * @param maxSerialFraction the highest acceptable serial fraction, NaN for none
     * @param nonDecreasing whether the speedup must not fall as workers grow
     * @param workload what limits the body's parallelism
     * @param workerCounts the worker counts swept
     */
    @API(status = INTERNAL, since = "0.1")
    record Sweep(
            double maxSerialFraction, boolean nonDecreasing, Optional<Workload> workload, List<Integer> workerCounts)
            implements Bounds {

        public Sweep {
            Objects.requireNonNull(workload, "workload");
            workerCounts = List.copyOf(workerCounts);
        }
    }
}
