package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.measure.Side;
import io.github.parallelruns.internal.measure.SideRunner;
import io.github.parallelruns.internal.process.ProcessRun;

/**
 * The two sides of a speedup measurement on worker JVMs: the task set on worker JVM 0 alone (the
 * baseline, so that both sides pay the same messaging and run the same compiled code) or on all of
 * them.
 */
final class ProcessSides implements SideRunner, PeakWorkers {

    private final ProcessRun.Sides sides;
    private int nextRunIndex;

    ProcessSides(ProcessRun.Sides sides) {
        this.sides = sides;
    }

    @Override
    public long run(Side side, int runIndex, boolean warmUp, int repetitions) throws InterruptedException {
        int firstRun = nextRunIndex;
        nextRunIndex += repetitions;
        return sides.run(side == Side.BASELINE, firstRun, warmUp, repetitions);
    }

    @Override
    public int peakWorkers() {
        return sides.peakWorkers();
    }
}
