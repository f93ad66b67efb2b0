package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** The outcome of a speedup test. */
@API(status = INTERNAL, since = "0.1")
public enum Verdict {
    /** The speedup meets the bounds, with the tolerance, at the confidence the test plans for. */
    PASS,
    /** The speedup misses a bound so clearly that noise is a very unlikely explanation. */
    FAIL,
    /** Neither could be shown within the pairs or the time available, or the machine was disturbed. */
    INCONCLUSIVE,
    /** No bound was given: the figures are an estimate with its interval, not a judgement. */
    MEASURED
}
