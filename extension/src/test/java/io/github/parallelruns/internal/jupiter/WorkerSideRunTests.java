package io.github.parallelruns.internal.jupiter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.measure.ThreadCpu;
import io.github.parallelruns.internal.protocol.RunOrder;
import io.github.parallelruns.internal.worker.RunRequest;
import io.github.parallelruns.internal.worker.WorkerTasks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The body's part in a worker JVM, against a coordinator that is slow to hand out tasks. */
class WorkerSideRunTests {

    private static final long HAND_OUT_MILLIS = 25;
    private static final long HAND_OUT_CPU_NANOS = 3_000_000L;
    private static final long TASK_CPU_NANOS = 5_000_000L;

    @Test
    void timeWaitingForTheCoordinatorToHandOutTasksDoesNotLowerAComputingBodysShare() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(
                ThreadCpu.readThisThread().isPresent() && threads.isCurrentThreadCpuTimeSupported(),
                "the worker thread's times can be read here");
        SlowCoordinator coordinator = new SlowCoordinator(4, true);

        WorkerSideRun.run(coordinator, task -> compute(TASK_CPU_NANOS));

        assertThat(coordinator.started).containsExactly(4);
        long[] times = coordinator.threadTimes.get(0);
        assertThat(times).hasSize(4);
        // It ran its 4 tasks' 20 ms (and what starting them costs a new JVM: loading classes, interpreting); the 5
        // hand-outs, 25 ms each of which 3 ms of CPU, are left out of its figures: with them it would be 35 ms.
        assertThat(times[0]).isBetween(4 * TASK_CPU_NANOS, 4 * TASK_CPU_NANOS + 5 * HAND_OUT_CPU_NANOS / 2);
        // Its wait for a CPU and its CPU while asking are left out too: run and wait fit in its time (within what the
        // kernel's and the JVM's clocks may disagree by).
        assertThat(times[0] + times[1]).isLessThanOrEqualTo(times[2] + 200_000L);
        // About 1; a pause of this JVM's (a garbage collection for the tests before) may lower it a little.
        double share = new ThreadCpu(times[0], times[1], times[2]).share();
        assertThat(share)
                .as(
                        "the body's CPU share with the hand-outs' %d ms of waiting in its time it would be about 0.25",
                        5 * HAND_OUT_MILLIS)
                .isGreaterThan(0.6);
    }

    @Test
    void timedRunsReadNothingOnlyTheRunThatAsksDoes() throws Exception {
        SlowCoordinator coordinator = new SlowCoordinator(2, false);

        WorkerSideRun.run(coordinator, task -> compute(100_000L));

        assertThat(coordinator.started).containsExactly(2);
        assertThat(coordinator.threadTimes).containsExactly((long[]) null);
    }

    private static void compute(long cpuNanos) {
        // Computes for its own CPU time, however long other processes keep it from a core.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + cpuNanos;
        while (threads.getCurrentThreadCpuTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** Hands out one task at a time, each after {@link #HAND_OUT_MILLIS}, for one baseline run. */
    private static final class SlowCoordinator implements WorkerTasks {

        private final Deque<int[]> ranges = new ArrayDeque<>();
        private final int tasks;
        private final boolean readThreads;
        final List<Integer> started = new ArrayList<>();
        final List<long[]> threadTimes = new ArrayList<>();

        SlowCoordinator(int tasks, boolean readThreads) {
            this.tasks = tasks;
            this.readThreads = readThreads;
            for (int task = 0; task < tasks; task++) {
                ranges.add(new int[] {task, task + 1});
            }
            ranges.add(new int[] {tasks, tasks});
        }

        @Override
        public RunRequest request() {
            return new RunRequest("[engine:junit-jupiter]/[method:m()]", 1, tasks, 0, false);
        }

        @Override
        public RunOrder awaitStart() {
            return new RunOrder(RunOrder.MEASURED, 1, 0, 1, true, true, readThreads);
        }

        @Override
        public RunOrder awaitOrder() {
            return RunOrder.finish();
        }

        @Override
        public int[] nextTasks() throws InterruptedException {
            // Sending and waking up cost the asking thread some CPU; then it waits, blocked.
            compute(HAND_OUT_CPU_NANOS);
            Thread.sleep(HAND_OUT_MILLIS);
            return ranges.remove();
        }

        @Override
        public void taskFailed(int task, Throwable failure, boolean aborted) {
            throw new AssertionError("task " + task + " failed", failure);
        }

        @Override
        public void done(int tasksStarted, long[] times) {
            started.add(tasksStarted);
            threadTimes.add(times);
        }
    }
}
