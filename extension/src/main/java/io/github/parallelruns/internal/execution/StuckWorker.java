package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A worker that was still running when the run timed out.
 *
 * @param taskIndex the task it was running, {@link #BETWEEN_TASKS} or {@link #AT_START_BARRIER}
 * @param stackTrace where it was, taken before it was interrupted; empty for all but the first
 *     {@link #STACKS_KEPT} stuck workers, and for worker JVMs
 * @param threadDump a worker JVM's thread dump, or empty
 */
@API(status = INTERNAL, since = "0.1")
public record StuckWorker(
        int workerIndex, int taskIndex, String threadName, List<StackTraceElement> stackTrace, String threadDump) {

    /** A worker of the test's JVM, with its stack. */
    public StuckWorker(int workerIndex, int taskIndex, String threadName, List<StackTraceElement> stackTrace) {
        this(workerIndex, taskIndex, threadName, stackTrace, "");
    }

    public static final int BETWEEN_TASKS = -1;
    public static final int AT_START_BARRIER = -2;
    /** A worker JVM: which task it was in is in its thread dump. */
    public static final int IN_WORKER_JVM = -3;
    /** How many stuck workers' stacks are taken; a timeout report stays readable and quick. */
    public static final int STACKS_KEPT = 20;

    public StuckWorker {
        stackTrace = List.copyOf(stackTrace);
    }
}
