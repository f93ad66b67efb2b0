/**
 * AssertJ assertions for the results of {@link io.github.parallelruns.Parallel}: start with
 * {@link io.github.parallelruns.assertj.ParallelRunsAssertions#assertThat(io.github.parallelruns.RunResult)}
 * or {@link io.github.parallelruns.assertj.ParallelRunsAssertions#assertThat(io.github.parallelruns.SpeedupEstimate)}.
 *
 * <p>AssertJ is an optional dependency of ParallelRuns: this package is the only one that uses it, and
 * works when {@code org.assertj:assertj-core} is on the test class path.
 *
 * @since 0.1
 */
package io.github.parallelruns.assertj;
