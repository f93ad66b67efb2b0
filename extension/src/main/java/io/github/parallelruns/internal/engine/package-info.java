/**
 * What the Jupiter extension and the programmatic {@code io.github.parallelruns.Parallel} share:
 * the two sides of a speedup measurement on threads ({@link
 * io.github.parallelruns.internal.engine.ThreadSides}) or on worker JVMs ({@link
 * io.github.parallelruns.internal.engine.ProcessSides}), the machine's turn to measure in, one
 * measurement of a run plan in that turn, and the failure a run ends with.
 *
 * <p>Free of JUnit: nothing here imports {@code org.junit}, only opentest4j's exceptions, so that
 * {@code Parallel} runs without any JUnit context; the Jupiter glue (extension context, store,
 * report entries' publishing, the test's outcome) stays in {@code internal.jupiter}.
 */
package io.github.parallelruns.internal.engine;
