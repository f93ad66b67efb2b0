package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Mode;
import io.github.parallelruns.TaskContext;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The test method's arguments as JUnit resolved them, with each {@link TaskContext} placeholder
 * replaced by the context of the task about to run.
 */
final class TaskContextArguments {

    private final Object[] arguments;
    private final int[] contextPositions;

    private TaskContextArguments(Object[] arguments, int[] contextPositions) {
        this.arguments = arguments;
        this.contextPositions = contextPositions;
    }

    static TaskContextArguments of(List<Object> resolved) {
        Object[] arguments = resolved.toArray();
        int[] positions = IntStream.range(0, arguments.length)
                .filter(i -> arguments[i] == Placeholder.INSTANCE)
                .toArray();
        return new TaskContextArguments(arguments, positions);
    }

    Object[] forTask(TaskContext task) {
        if (contextPositions.length == 0) {
            return arguments;
        }
        Object[] copy = arguments.clone();
        for (int position : contextPositions) {
            copy[position] = task;
        }
        return copy;
    }

    /**
     * What the parameter resolver hands JUnit; never seen by the body, which gets the task's own
     * context instead.
     */
    enum Placeholder implements TaskContext {
        INSTANCE;

        @Override
        public int workerIndex() {
            throw outsideRun();
        }

        @Override
        public int workers() {
            throw outsideRun();
        }

        @Override
        public int taskIndex() {
            throw outsideRun();
        }

        @Override
        public int tasks() {
            throw outsideRun();
        }

        @Override
        public Mode mode() {
            throw outsideRun();
        }

        private static IllegalStateException outsideRun() {
            return new IllegalStateException("this TaskContext was resolved for a @ParallelRuns test method but is "
                    + "used outside its parallel run; only the body receives a live TaskContext");
        }
    }
}
