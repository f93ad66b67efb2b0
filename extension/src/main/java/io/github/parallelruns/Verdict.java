package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What a speedup measurement concluded about its bounds.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Verdict {
    /** The speedup meets the bounds, with the 5% tolerance, at the confidence the test plans for. */
    PASS,
    /** The speedup misses a bound so clearly that noise is a very unlikely explanation. */
    FAIL,
    /** Neither could be shown within the pairs or the time available, or the machine was disturbed. */
    INCONCLUSIVE,
    /** No bound was given: the figures are an estimate with its interval, not a judgement. */
    MEASURED
}
