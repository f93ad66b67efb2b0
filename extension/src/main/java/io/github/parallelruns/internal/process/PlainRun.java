package io.github.parallelruns.internal.process;

import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.RunOrder;
import java.util.List;

/**
 * A run without a measurement: once every worker is ready, one {@code GO} releases them all to run the
 * task set once, and the test thread only waits for their results. Immutable.
 */
final class PlainRun implements RunStrategy {

    private final int workers;

    PlainRun(int workers) {
        this.workers = workers;
    }

    @Override
    public void released(List<Assignment> assignments) {
        RunOrder order = RunOrder.only(workers);
        for (Assignment assignment : assignments) {
            if (assignment.ready && !assignment.worker.gone) {
                assignment.worker.sendQuietly(MessageType.GO, order::write);
            }
        }
    }

    @Override
    public boolean drive(ProcessRun run, long deadline) {
        return false;
    }

    @Override
    public void done(long[] threadTimes) {
        // Read only by measurements.
    }

    @Override
    public int tasksStarted(int reported) {
        return reported;
    }
}
