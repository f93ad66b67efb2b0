package io.github.parallelruns.internal.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.ScalingSweep;
import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.SpeedupMeasurement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A checked {@link ScalingSweep}.
 *
 * @param workers the worker counts, ascending and distinct, the first possibly 1
 * @param tasks the task count at every point
 * @param maxSerialFraction the bound, NaN for none
 * @param nonDecreasing whether the speedup must not fall as workers grow
 * @param workload what limits the body's parallelism
 */
@API(status = INTERNAL, since = "0.1")
public record SweepPlan(
        List<Integer> workers, int tasks, double maxSerialFraction, boolean nonDecreasing, Workload workload) {

    private static final String ANNOTATION = "@ScalingSweep";

    public SweepPlan {
        workers = List.copyOf(workers);
        Objects.requireNonNull(workload, "workload");
    }

    /**
     * @param run the plan {@code @ParallelRuns} resolved to, for its mode
     * @param cores the effective cores, for {@code maxWorkers = 0}
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException naming the attribute and
     *     its value, for the first invalid one
     */
    public static SweepPlan resolve(ScalingSweep sweep, ParallelRuns runs, String method, RunPlan run, int cores) {
        int limit = RunPlanResolver.maxWorkers(run.mode());
        if (runs.workers() != 0) {
            throw ConfigurationErrors.mode(
                    ANNOTATION,
                    method,
                    "@ParallelRuns must leave workers at 0 because the "
                            + "sweep sets the worker counts, but it declares workers = " + runs.workers());
        }
        int[] declared = sweep.workers();
        int maxWorkers = sweep.maxWorkers();
        List<Integer> workers = new ArrayList<>();
        if (declared.length > 0) {
            if (maxWorkers != 0) {
                throw ConfigurationErrors.attribute(
                        ANNOTATION,
                        method,
                        "maxWorkers",
                        "0 when workers are listed (" + Arrays.toString(declared) + ")",
                        maxWorkers);
            }
            for (int i = 0; i < declared.length; i++) {
                if (declared[i] < 1 || declared[i] > limit) {
                    throw ConfigurationErrors.attribute(
                            ANNOTATION,
                            method,
                            "workers",
                            "counts from 1 to " + limit + " for mode " + run.mode(),
                            Arrays.toString(declared));
                }
                if (i > 0 && declared[i] <= declared[i - 1]) {
                    throw ConfigurationErrors.attribute(
                            ANNOTATION,
                            method,
                            "workers",
                            "counts in ascending order without repeats",
                            Arrays.toString(declared));
                }
                workers.add(declared[i]);
            }
        } else {
            if (maxWorkers < 0 || maxWorkers > limit) {
                throw ConfigurationErrors.attribute(
                        ANNOTATION,
                        method,
                        "maxWorkers",
                        "from 2 to " + limit + " for mode " + run.mode() + ", or 0 for the effective cores",
                        maxWorkers);
            }
            int top = maxWorkers == 0 ? Math.min(cores, limit) : maxWorkers;
            if (top < 2) {
                throw ConfigurationErrors.mode(
                        ANNOTATION,
                        method,
                        maxWorkers == 0
                                ? "this machine has 1 effective core, so the default sweep (powers of two up to the cores) "
                                        + "has no worker count above 1; list the counts: workers = {1, 2, 4}"
                                : "maxWorkers must be at least 2, but was " + maxWorkers);
            }
            for (int count = 1; count < top; count *= 2) {
                workers.add(count);
            }
            workers.add(top);
        }
        int largest = workers.get(workers.size() - 1);
        if (largest < 2) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION,
                    method,
                    "workers",
                    "at least one count above 1 (the 1-worker point is the baseline itself)",
                    Arrays.toString(declared));
        }
        int tasks = runs.tasks() == 0 ? largest : runs.tasks();
        if (tasks < largest) {
            throw ConfigurationErrors.mode(
                    ANNOTATION,
                    method,
                    "@ParallelRuns declares tasks = " + tasks
                            + ", fewer than the largest worker count " + largest
                            + " of the sweep; every worker needs a "
                            + "task: raise tasks, or leave it at 0 for " + largest);
        }
        double fraction = sweep.maxSerialFraction();
        if (!Double.isNaN(fraction) && !(fraction >= 0 && fraction < 1)) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION, method, "maxSerialFraction", "in [0, 1), or NaN for no bound", fraction);
        }
        return new SweepPlan(
                workers, tasks, fraction, sweep.nonDecreasing(), SpeedupPlan.effectiveWorkload(sweep.workload(), run));
    }

    /**
     * The least pairs each point takes: with {@code nonDecreasing}, enough for bounds at the level the
     * comparison between points needs (a point that passes its bound after 8 pairs could not show a
     * fall); otherwise none.
     */
    public int minPairs() {
        return nonDecreasing ? SpeedupMeasurement.ESTIMATE_PAIRS : 0;
    }

    /** The plan of one point. */
    public RunPlan pointPlan(RunPlan run, int pointWorkers) {
        return new RunPlan(run.name(), run.mode(), pointWorkers, tasks, run.timeout(), run.failFast());
    }

    /** {@code workers = [1, 2, 4], maxSerialFraction = 0.1}, for messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("workers = ").append(workers);
        if (!Double.isNaN(maxSerialFraction)) {
            text.append(", maxSerialFraction = ").append(maxSerialFraction);
        }
        if (!nonDecreasing) {
            text.append(", nonDecreasing = false");
        }
        return text.toString();
    }

    /** Amdahl's speedup on {@code workers} with the serial fraction bound; NaN without a bound. */
    public double minSpeedup(int pointWorkers) {
        if (Double.isNaN(maxSerialFraction)) {
            return Double.NaN;
        }
        return 1 / (maxSerialFraction + (1 - maxSerialFraction) / pointWorkers);
    }
}
