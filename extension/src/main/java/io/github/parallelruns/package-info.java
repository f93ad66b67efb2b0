/**
 * The public API of ParallelRuns: {@link io.github.parallelruns.ParallelRuns}, its
 * {@link io.github.parallelruns.Mode}, the {@link io.github.parallelruns.TaskContext} injected into
 * the body, the failures it reports and the configuration parameters it reads.
 *
 * <p>Everything under {@code io.github.parallelruns.internal} is an implementation detail that may
 * change in any release: do not use it.
 */
package io.github.parallelruns;
