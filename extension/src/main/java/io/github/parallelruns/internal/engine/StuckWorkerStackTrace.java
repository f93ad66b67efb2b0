package io.github.parallelruns.internal.engine;

import io.github.parallelruns.internal.execution.StuckWorker;

/**
 * Where a worker was when its run timed out: attached to the timeout failure as a suppressed
 * exception, so that every report prints the worker's stack. Not an error of its own.
 */
final class StuckWorkerStackTrace extends Throwable {

    private static final long serialVersionUID = 1L;

    StuckWorkerStackTrace(StuckWorker stuck) {
        super(
                stuck.threadDump().isEmpty()
                        ? "worker " + stuck.workerIndex() + " (thread '" + stuck.threadName() + "') "
                                + OutcomeReport.where(stuck) + " at the timeout"
                        : "worker " + stuck.workerIndex() + " " + OutcomeReport.where(stuck)
                                + " at the timeout; its thread dump:" + System.lineSeparator() + stuck.threadDump(),
                null,
                false,
                true);
        setStackTrace(stuck.stackTrace().toArray(StackTraceElement[]::new));
    }
}
