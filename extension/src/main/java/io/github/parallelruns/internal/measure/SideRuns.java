package io.github.parallelruns.internal.measure;

/**
 * The runs of one measurement: numbers every call of the {@link SideRunner} from 0, checks the time
 * it returns, and puts two runs together into a {@link Pair}.
 */
final class SideRuns {

    private final SideRunner runner;
    private int runIndex;

    SideRuns(SideRunner runner) {
        this.runner = runner;
    }

    /**
     * One baseline and one parallel run, in the order asked for. The counters are not read around it:
     * its disturbance is {@link Disturbance#NONE} until {@link Pair#withDisturbance} says otherwise.
     */
    Pair pair(boolean baselineFirst, boolean warmUp, int repetitions) throws Throwable {
        long baseline;
        long parallel;
        if (baselineFirst) {
            baseline = time(Side.BASELINE, warmUp, repetitions);
            parallel = time(Side.PARALLEL, warmUp, repetitions);
        } else {
            parallel = time(Side.PARALLEL, warmUp, repetitions);
            baseline = time(Side.BASELINE, warmUp, repetitions);
        }
        return new Pair(baseline, parallel, baselineFirst, Disturbance.NONE);
    }

    long time(Side side, boolean warmUp, int repetitions) throws Throwable {
        int index = runIndex++;
        long nanos = runner.run(side, index, warmUp, repetitions);
        if (nanos <= 0) {
            throw new IllegalStateException("the runner returned " + nanos + " ns for " + side + " run " + index
                    + ", but a run's time must be > 0");
        }
        return nanos;
    }

    /** A warm-up run of the baseline side that also reads what the worker threads did, where the runner can. */
    SideRunner.Timed timeReadingThreads(int repetitions) throws Throwable {
        int index = runIndex++;
        SideRunner.Timed timed = runner.runReadingThreads(Side.BASELINE, index, true, repetitions);
        if (timed.nanos() <= 0) {
            throw new IllegalStateException("the runner returned " + timed.nanos() + " ns for BASELINE run " + index
                    + ", but a run's time must be > 0");
        }
        return timed;
    }
}
