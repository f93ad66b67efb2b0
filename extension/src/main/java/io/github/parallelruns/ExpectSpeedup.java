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
 * Asserts that a {@link ParallelRuns} test is actually faster in parallel: the same tasks are run
 * on one worker (the sequential baseline) and on all workers, in randomized interleaved pairs, and
 * the speedup {@code T_baseline / T_parallel} is checked against the bounds.
 *
 * <p>The verdict is PASS, FAIL or INCONCLUSIVE. A FAIL needs strong evidence (at most 1 false FAIL in
 * 1000 tests when the speedup really meets the bound, including a 5&nbsp;% tolerance below
 * {@link #min()}); when the pairs cannot decide within the time budget
 * ({@value ConfigurationParameters#SPEEDUP_BUDGET}, 10 s by default) the verdict is INCONCLUSIVE, and
 * the test is aborted (reported as skipped with the reason) unless
 * {@value ConfigurationParameters#SPEEDUP_INCONCLUSIVE} says otherwise. A bound that this machine
 * cannot reach (for example {@code min = 3} with 4 CPU-bound workers on 2 cores) aborts the test
 * before measuring. The body runs many times: a warm-up, then every pair runs all tasks twice.
 *
 * <p>While it measures, the test holds JUnit's global resource lock for writing, so that with
 * JUnit's parallel execution no other test runs at the same time (JUnit moves that lock to the test
 * class, so the whole class runs alone).
 *
 * <pre>{@code
 * @Test
 * @ParallelRuns(workers = 2, tasks = 40)
 * @ExpectSpeedup(min = 1.6)
 * void crunch() {
 *     checksum(block);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)
@ExtendWith(ParallelRunsExtension.class)
public @interface ExpectSpeedup {

    /**
     * The lowest acceptable speedup, {@code T_baseline / T_parallel}; {@code 0} (the default) for no
     * lower bound. The test passes when the speedup is, with confidence, at least
     * {@code min × 0.95}.
     *
     * @return the lower bound of the speedup, or {@code 0} for none
     */
    double min() default 0;

    /**
     * The highest acceptable speedup; {@code Double.POSITIVE_INFINITY} (the default) for no upper
     * bound. Use it to assert that something does <em>not</em> run in parallel (a body serialized by
     * a lock: {@code max = 1.2}). It must be greater than zero and at least {@link #min()}.
     *
     * @return the upper bound of the speedup, or {@code Double.POSITIVE_INFINITY} for none
     */
    double max() default Double.POSITIVE_INFINITY;

    /**
     * The lowest acceptable efficiency, speedup divided by the number of workers, in {@code (0, 1]};
     * {@code 0} (the default) for none. {@code minEfficiency = 0.8} with 4 workers means a speedup of
     * at least 3.2. When both this and {@link #min()} are set, the higher bound applies.
     *
     * @return the lower bound of the efficiency, or {@code 0} for none
     */
    double minEfficiency() default 0;

    /**
     * What limits the body's parallelism, which decides the highest speedup this machine can give:
     * {@link Workload#AUTO} (the default: measured), {@link Workload#CPU_BOUND} (the effective cores),
     * {@link Workload#BLOCKING} (the workers and tasks), or {@link Workload#PROBED} (a short capacity
     * probe measures the cores the machine delivers now). A bound above that ceiling aborts the test
     * before it measures pairs.
     *
     * @return what limits the body's parallelism
     */
    Workload workload() default Workload.AUTO;
}
