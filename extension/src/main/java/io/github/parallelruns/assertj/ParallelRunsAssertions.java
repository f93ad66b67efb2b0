package io.github.parallelruns.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.parallelruns.RunResult;
import io.github.parallelruns.SpeedupEstimate;
import org.apiguardian.api.API;

/**
 * AssertJ assertions for the results of {@link io.github.parallelruns.Parallel}. AssertJ is an
 * optional dependency of ParallelRuns: add {@code org.assertj:assertj-core} to the test class path
 * to use these.
 *
 * <pre>{@code
 * import static io.github.parallelruns.assertj.ParallelRunsAssertions.assertThat;
 *
 * assertThat(run).hasNoFailures();
 * assertThat(speedup).hasSpeedupAtLeast(3.0).hasEfficiencyAtLeast(0.7);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ParallelRunsAssertions {

    private ParallelRunsAssertions() {}

    /**
     * Starts assertions on the result of {@link io.github.parallelruns.Parallel#run()}.
     *
     * @param actual the run to check
     * @return assertions on {@code actual}
     */
    public static RunResultAssert assertThat(RunResult actual) {
        return new RunResultAssert(actual);
    }

    /**
     * Starts assertions on a speedup measured by {@link io.github.parallelruns.Parallel#measureSpeedup()}.
     *
     * @param actual the measurement to check
     * @return assertions on {@code actual}
     */
    public static SpeedupEstimateAssert assertThat(SpeedupEstimate actual) {
        return new SpeedupEstimateAssert(actual);
    }
}
