package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Every verdict a report record or one of its points holds, by the name the JSON gives it: the
 * verdicts of runs, of speedups and sweeps, and what a test that was not measured says instead.
 */
@API(status = INTERNAL, since = "0.1")
public enum ReportVerdict {
    /** A plain run whose tasks all ran without failure. */
    SUCCESSFUL,
    /** A plain run in which tasks failed, or a speedup or sweep whose body failed while it was measured. */
    FAILED,
    /** A speedup or sweep run as a plain run because {@code parallelruns.speedup.enabled} is false. */
    NOT_CHECKED,
    /** The speedup meets its bounds. */
    PASS,
    /** The speedup misses a bound. */
    FAIL,
    /** Neither could be shown; {@code environmentInconclusive} says whether the machine was the cause. */
    INCONCLUSIVE,
    /** The machine cannot give the bound, so nothing was measured. */
    UNATTAINABLE,
    /** No bound was asserted: the figures are an estimate. */
    MEASURED
}
