/**
 * Measuring a speedup and judging it against bounds without flaky verdicts: paired, interleaved
 * baseline and parallel runs, a sequential sign test on the log ratios, machine counters that
 * explain disturbed pairs, and what this machine could give at best.
 *
 * <p>Pure logic with no JUnit dependency, so the statistics can be tested with synthetic timings;
 * the engine (internal.engine) supplies the {@link io.github.parallelruns.internal.measure.SideRunner}.
 * Its verdicts are the public {@link io.github.parallelruns.Verdict}, the one verdict type there is.
 */
package io.github.parallelruns.internal.measure;
