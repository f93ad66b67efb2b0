package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * One test of the baseline file: the speedups a committed run measured, which later runs are compared
 * with.
 *
 * @param test the test's short name, {@code Class.method(Params)}; empty when the file lacks it
 * @param mode the mode as the file names it
 * @param tasks the task count
 * @param points the speedup measured at each worker count
 */
@API(status = INTERNAL, since = "0.1")
public record BaselineEntry(String test, Optional<String> mode, OptionalInt tasks, List<Point> points) {

    public BaselineEntry {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(tasks, "tasks");
        points = List.copyOf(points);
    }

    /**
     * The speedup stored for one worker count.
     *
     * @param workers the worker count
     * @param speedup the median speedup, NaN when the file has none
     * @param lower its interval's lower end, NaN when not known
     * @param upper its upper end, positive infinity when unbounded, NaN when not known
     */
    @API(status = INTERNAL, since = "0.1")
    public record Point(OptionalInt workers, double speedup, double lower, double upper) {

        /** A point with nothing known, as an item of the list that is not an object reads. */
        public static final Point UNKNOWN = new Point(OptionalInt.empty(), Double.NaN, Double.NaN, Double.NaN);

        public Point {
            Objects.requireNonNull(workers, "workers");
        }
    }
}
