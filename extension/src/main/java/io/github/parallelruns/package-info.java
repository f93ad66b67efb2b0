/**
 * The public API of ParallelRuns: the annotations a test author puts on test methods, what the test
 * body receives, the failures it reports, and the programmatic entry point.
 *
 * <h2>Annotations</h2>
 *
 * <ul>
 *   <li>{@link io.github.parallelruns.ParallelRuns}: runs the body of a test on many workers at once,
 *       in a {@link io.github.parallelruns.Mode} (platform threads, virtual threads or worker JVMs);
 *   <li>{@link io.github.parallelruns.ExpectSpeedup}: asserts that the parallel run is faster than a
 *       sequential baseline, with a PASS, FAIL or INCONCLUSIVE {@link io.github.parallelruns.Verdict}
 *       that noise does not decide;
 *   <li>{@link io.github.parallelruns.ScalingSweep}: measures the speedup at several worker counts,
 *       with Amdahl and Universal Scalability Law fits;
 *   <li>{@link io.github.parallelruns.HuntRaces}: repeats a parallel test with perturbed start times
 *       until it fails or a time budget is spent;
 *   <li>{@link io.github.parallelruns.WorkerJvmArgs}: JVM options for the worker JVMs of
 *       {@link io.github.parallelruns.Mode#PROCESSES}.
 * </ul>
 *
 * <p>The body of a parallel test may declare a {@link io.github.parallelruns.TaskContext} parameter,
 * which says which worker and which task it runs as. A failed run throws a
 * {@link io.github.parallelruns.TaskFailedError}, a {@link io.github.parallelruns.MultipleTaskFailuresError}
 * or a {@link io.github.parallelruns.WorkerFailedError}; the JUnit Platform configuration parameters it
 * reads are the constants of {@link io.github.parallelruns.ConfigurationParameters}.
 *
 * <h2>Without annotations</h2>
 *
 * <p>{@link io.github.parallelruns.Parallel} runs a {@link io.github.parallelruns.ParallelTask} on
 * threads and returns a {@link io.github.parallelruns.RunResult}, or measures its speedup as a
 * {@link io.github.parallelruns.SpeedupEstimate}; {@link io.github.parallelruns.assertj} has AssertJ
 * assertions for both.
 *
 * <p>Everything under {@code io.github.parallelruns.internal} is an implementation detail that may
 * change in any release: do not use it.
 *
 * @since 0.1
 */
package io.github.parallelruns;
