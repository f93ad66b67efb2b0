package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** How a measured point compares with the stored baseline. */
@API(status = INTERNAL, since = "0.1")
public enum BaselineStatus {
    /** Not below the baseline beyond the interval and the tolerance. */
    PASS,
    /** Below the baseline beyond the interval and the tolerance: the test fails. */
    DROPPED,
    /** Below, but more than a quarter of the pairs were disturbed by the machine: not failed. */
    UNCLEAR,
    /** The baseline has no speedup for this test and worker count. */
    NEW,
    /** The baseline's entry has another mode or task count: not compared. */
    CHANGED
}
