package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.parallelruns.internal.jupiter.ParallelRunsExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Measures how a {@link ParallelRuns} test scales: the same tasks on one worker (the sequential
 * baseline) against each of several worker counts, with the protocol of {@link ExpectSpeedup}, then
 * the efficiency and Karp-Flatt serial fraction of each point, an Amdahl fit and a Universal
 * Scalability Law fit, and the checks asked for.
 *
 * <pre>{@code
 * @Test
 * @ParallelRuns(mode = Mode.THREADS, tasks = 48)
 * @ScalingSweep(workers = {1, 2, 4, 8, 16}, workload = Workload.BLOCKING, maxSerialFraction = 0.05)
 * void fetches(TaskContext task) throws Exception { ... }
 * }</pre>
 *
 * <p>The task count stays the same at every point (strong scaling): {@link ParallelRuns#tasks()}, or
 * when that is 0 the largest worker count of the sweep. {@link ParallelRuns#workers()} must be left
 * at 0: the sweep sets the workers. The 1-worker point is the baseline itself (speedup 1) and is not
 * measured; every other point is one measurement with its own time budget
 * ({@code parallelruns.speedup.budget}), so a sweep of 4 counts may take up to 3 budgets.
 *
 * <p>The test fails when a check fails, passes when all hold, and is INCONCLUSIVE (aborted by
 * default, see {@code parallelruns.speedup.inconclusive}) when a check could not decide. Each point,
 * the fits and the verdict are published as report entries and written to the JSON and HTML
 * reports.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)
@ExtendWith(ParallelRunsExtension.class)
public @interface ScalingSweep {

    /**
     * The worker counts, ascending, each at least 1 and at most the mode's limit; empty (the default)
     * for the powers of two from 1 up to {@link #maxWorkers()}, and {@code maxWorkers} itself.
     *
     * @return the worker counts, or none for the default
     */
    int[] workers() default {};

    /**
     * With {@link #workers()} empty, the largest worker count; {@code 0} (the default) for the
     * effective cores of the machine (on 2 cores: 1, 2; on 12: 1, 2, 4, 8, 12). Must be 0 when
     * {@code workers} is given.
     *
     * @return the largest worker count, or {@code 0} for the effective cores
     */
    int maxWorkers() default 0;

    /**
     * The highest acceptable serial fraction in {@code [0, 1)}, or NaN (the default) for no bound.
     * At each worker count p the speedup must reach, with the 5% tolerance, what Amdahl's law allows
     * with that fraction, {@code 1 / (f + (1 - f) / p)}: a Karp-Flatt serial fraction at most f.
     * Points the machine cannot reach (by {@link #workload()}) are measured but not judged.
     *
     * @return the highest acceptable serial fraction, or NaN for none
     */
    double maxSerialFraction() default Double.NaN;

    /**
     * Whether the speedup must not fall as the workers grow: {@code true} (the default) fails the
     * test when a point's speedup is below the previous one's by more than 5% and clear of both
     * intervals. {@code false} for bodies expected to slow down past some count.
     *
     * @return whether the speedup must not fall
     */
    boolean nonDecreasing() default true;

    /**
     * What limits the body's parallelism, as in {@link ExpectSpeedup#workload()} (default
     * {@link Workload#AUTO}, measured once before the first point): it decides which points a
     * {@link #maxSerialFraction()} bound can be judged at on this machine.
     *
     * @return what limits the body's parallelism
     */
    Workload workload() default Workload.AUTO;
}
