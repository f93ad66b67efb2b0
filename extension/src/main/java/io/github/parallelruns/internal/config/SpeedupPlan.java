package io.github.parallelruns.internal.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.Mode;
import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.execution.RunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A checked {@link ExpectSpeedup}: the bounds on the speedup of one {@link RunPlan}.
 *
 * @param min the lowest acceptable speedup after combining {@code min} and {@code minEfficiency}
 *     ({@code 0} for none)
 * @param max the highest acceptable speedup ({@code +infinity} for none)
 * @param declaredMin {@code min} as declared
 * @param minEfficiency {@code minEfficiency} as declared
 * @param workload what limits the body's parallelism
 */
@API(status = INTERNAL, since = "0.1")
public record SpeedupPlan(double min, double max, double declaredMin, double minEfficiency, Workload workload) {

    private static final String ANNOTATION = "@ExpectSpeedup";

    public SpeedupPlan {
        Objects.requireNonNull(workload, "workload");
    }

    /**
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException naming the attribute and
     *     its value, for the first invalid one
     */
    public static SpeedupPlan resolve(ExpectSpeedup annotation, String method, RunPlan run) {
        double min = annotation.min();
        double max = annotation.max();
        double minEfficiency = annotation.minEfficiency();
        if (Double.isNaN(min) || Double.isInfinite(min) || min < 0) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION, method, "min", ">= 0 and finite (0 for no lower bound)", min);
        }
        if (Double.isNaN(max) || max <= 0) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION, method, "max", "> 0 (Double.POSITIVE_INFINITY for no upper bound)", max);
        }
        if (Double.isNaN(minEfficiency) || minEfficiency < 0 || minEfficiency > 1) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION, method, "minEfficiency", "in (0, 1] (0 for no efficiency bound)", minEfficiency);
        }
        if (min == 0 && minEfficiency == 0 && max == Double.POSITIVE_INFINITY) {
            throw ConfigurationErrors.mode(
                    ANNOTATION,
                    method,
                    "at least one of min, max and minEfficiency must be "
                            + "set, but none was (min = 0, max = Infinity, minEfficiency = 0)");
        }
        double lower = Math.max(min, minEfficiency * run.workers());
        if (lower > max) {
            String what = minEfficiency * run.workers() > min
                    ? "minEfficiency " + minEfficiency + " × " + run.workers() + " workers = " + lower
                    : "min " + min;
            throw ConfigurationErrors.mode(
                    ANNOTATION, method, "max must be at least the lowest speedup, " + what + ", but was " + max);
        }
        if (run.workers() < 2 && lower > 1) {
            throw ConfigurationErrors.mode(
                    ANNOTATION,
                    method,
                    "a speedup above 1 needs at least 2 workers, but " + "@ParallelRuns resolved to " + run.workers()
                            + " worker (lowest speedup asked: " + lower + ")");
        }
        return new SpeedupPlan(lower, max, min, minEfficiency, effectiveWorkload(annotation.workload(), run));
    }

    /**
     * {@code workload}, except AUTO with worker JVMs where {@code /proc} cannot show their CPU time
     * (not Linux): there the share cannot be measured, and the body is taken as CPU_BOUND.
     */
    public static Workload effectiveWorkload(Workload workload, RunPlan run) {
        if (workload == Workload.AUTO
                && run.mode() == Mode.PROCESSES
                && !Files.isDirectory(Path.of("/proc/self/task"))) {
            return Workload.CPU_BOUND;
        }
        return workload;
    }

    /** The bounds as the annotation declares them, for messages: {@code min = 1.6, max = 2.5}. */
    public String describeBounds() {
        StringBuilder text = new StringBuilder();
        if (declaredMin > 0) {
            text.append("min = ").append(declaredMin);
        }
        if (minEfficiency > 0) {
            text.append(text.length() > 0 ? ", " : "")
                    .append("minEfficiency = ")
                    .append(minEfficiency);
        }
        if (max != Double.POSITIVE_INFINITY) {
            text.append(text.length() > 0 ? ", " : "").append("max = ").append(max);
        }
        return text.toString();
    }
}
