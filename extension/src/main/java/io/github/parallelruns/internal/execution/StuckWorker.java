package io.github.parallelruns.internal.execution;

import java.util.List;

/**
 * A worker that was still running when the run timed out.
 *
 * @param taskIndex the task it was running, or -1 when it was between tasks
 * @param stackTrace where it was, taken before it was interrupted
 */
public record StuckWorker(int workerIndex, int taskIndex, String threadName, List<StackTraceElement> stackTrace) {

    public StuckWorker {
        stackTrace = List.copyOf(stackTrace);
    }
}
