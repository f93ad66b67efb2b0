package io.github.parallelruns.internal.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.measure.Side;
import io.github.parallelruns.internal.measure.SideRunner;
import io.github.parallelruns.internal.measure.ThreadCpu;
import io.github.parallelruns.internal.process.ProcessRun;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The two sides of a speedup measurement on worker JVMs: the task set on worker JVM 0 alone (the
 * baseline, so that both sides pay the same messaging and run the same compiled code) or on all of
 * them.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProcessSides implements SideRunner, PeakWorkers {

    private final ProcessRun.Sides sides;
    private int nextRunIndex;

    public ProcessSides(ProcessRun.Sides sides) {
        this.sides = sides;
    }

    @Override
    public long run(Side side, int runIndex, boolean warmUp, int repetitions) throws InterruptedException {
        return run(side, warmUp, repetitions, false);
    }

    private long run(Side side, boolean warmUp, int repetitions, boolean readThreads) throws InterruptedException {
        int firstRun = nextRunIndex;
        nextRunIndex += repetitions;
        return sides.run(side == Side.BASELINE, firstRun, warmUp, repetitions, readThreads);
    }

    @Override
    public Timed runReadingThreads(Side side, int runIndex, boolean warmUp, int repetitions)
            throws InterruptedException {
        long nanos = run(side, warmUp, repetitions, true);
        long[] times = sides.lastThreadTimes();
        return new Timed(
                nanos,
                times == null || times[2] <= 0
                        ? Optional.empty()
                        : Optional.of(new ThreadCpu(times[0], times[1], times[2])),
                times == null ? -1 : times[3]);
    }

    @Override
    public int peakWorkers() {
        return sides.peakWorkers();
    }
}
