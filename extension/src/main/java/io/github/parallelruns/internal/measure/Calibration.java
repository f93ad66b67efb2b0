package io.github.parallelruns.internal.measure;

/**
 * How often each run of a measurement repeats the tasks, so that one side lasts at least the
 * least time of a side: set from one parallel run with one repetition.
 *
 * @param onceNanos the time of that parallel run
 * @param repetitions the repetitions it calls for, {@code >= 1}
 */
record Calibration(long onceNanos, int repetitions) {

    /** Runs are never repeated more often than this, however short the body. */
    static final int MAX_REPETITIONS = 10_000;

    /** The calibration run, the first run of the measurement. */
    static Calibration measure(SideRuns runs, long minSideNanos) throws Throwable {
        long once = runs.time(Side.PARALLEL, true, 1);
        return new Calibration(once, repetitions(once, minSideNanos));
    }

    /**
     * 1 when a run of {@code runNanos} lasts {@code minSideNanos}, else {@code ceil(minSideNanos / runNanos)},
     * at most {@value #MAX_REPETITIONS}.
     */
    static int repetitions(long runNanos, long minSideNanos) {
        if (runNanos >= minSideNanos) {
            return 1;
        }
        return (int) Math.min(MAX_REPETITIONS, (minSideNanos + runNanos - 1) / runNanos);
    }
}
