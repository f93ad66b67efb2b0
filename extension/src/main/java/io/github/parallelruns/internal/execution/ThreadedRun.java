package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * One parallel run on threads of the test's JVM ({@link Mode#THREADS} or
 * {@link Mode#VIRTUAL_THREADS}).
 *
 * <p>The workers are started, wait behind a start barrier until all of them are ready, and are
 * released together. Worker {@code w} runs task {@code w} first, so that with one task per worker
 * every worker runs the body once, all at the same time; then the workers take the other task indexes
 * from one shared counter until it runs out. Every task runs, also after others failed, unless the
 * plan fails fast (then no new task starts after a failure or an aborted assumption). Failures are
 * counted by kind in a {@link FailureTally}. How the released workers begin is a {@link StartPlan}:
 * by default they spin to a common instant, so that short bodies overlap. The caller's thread waits
 * with the plan's timeout;
 * when it expires, it records where each unfinished worker is, interrupts the workers, and waits up
 * to {@link #INTERRUPT_GRACE} for them to end before giving up on them. Either way every worker
 * thread has ended, or is named in the outcome, when {@link #execute} returns.
 */
@API(status = INTERNAL, since = "0.1")
public final class ThreadedRun {

    /** How long interrupted workers get to end after a timeout before they are reported as left behind. */
    public static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    /** Slots between two workers' entries in {@link #currentTask}, so they do not share a cache line. */
    private static final int PADDING = 16;

    private static final int IDLE = StuckWorker.BETWEEN_TASKS;
    private static final int AT_BARRIER = StuckWorker.AT_START_BARRIER;

    private final RunPlan plan;
    private final TaskBody body;
    private final WorkerHooks hooks;
    private final StartPlan start;
    /** The common instant aligned workers spin until; written before the release, read after it. */
    private volatile long startAt;

    private final boolean aligned;
    private final Thread[] threads;
    private final CountDownLatch ready;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch finished;
    private final AtomicInteger nextTask;
    /** Workers that started their own first task. */
    private final AtomicInteger ownTasksStarted = new AtomicInteger();

    private final AtomicIntegerArray currentTask;
    private final AtomicLong lastTaskEnd = new AtomicLong(Long.MIN_VALUE);
    private final FailureTally failures = new FailureTally();
    private final FailureTally aborted = new FailureTally();
    private final Queue<TaskFailure> endedByInterrupt = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;
    private volatile boolean timedOut;
    private boolean coordinatorInterrupted;

    private ThreadedRun(RunPlan plan, TaskBody body, WorkerHooks hooks, StartPlan start) {
        if (plan.mode() == Mode.PROCESSES) {
            throw new IllegalArgumentException("ThreadedRun runs THREADS and VIRTUAL_THREADS, not " + plan.mode());
        }
        this.plan = plan;
        this.body = body;
        this.hooks = hooks;
        this.start = start;
        // Spinning needs a core per worker; a virtual thread that spins holds its carrier.
        this.aligned = start.aligned()
                && plan.mode() == Mode.THREADS
                && plan.workers() <= Runtime.getRuntime().availableProcessors();
        this.threads = new Thread[plan.workers()];
        this.ready = new CountDownLatch(plan.workers());
        this.finished = new CountDownLatch(plan.workers());
        // Tasks 0 to workers - 1 are the workers' own first tasks (a plan has at least one task per worker).
        this.nextTask = new AtomicInteger(plan.workers());
        // Slot of worker w at (w + 1) * PADDING: none shares a cache line with the array's header,
        // which every worker reads on each store (measured: half the dispatch cost with 2 workers).
        this.currentTask = new AtomicIntegerArray((plan.workers() + 2) * PADDING);
        for (int worker = 0; worker < plan.workers(); worker++) {
            currentTask.set(slot(worker), AT_BARRIER);
        }
    }

    /**
     * Runs {@code body} as {@code plan} says and waits until every task has run, or until the timeout.
     *
     * @throws IllegalStateException when the JVM cannot start a worker thread; the workers already
     *     started have been stopped
     */
    public static RunOutcome execute(RunPlan plan, TaskBody body) {
        return execute(plan, body, StartPlan.ALIGNED);
    }

    /** As {@link #execute(RunPlan, TaskBody)}, the workers starting as {@code start} says. */
    public static RunOutcome execute(RunPlan plan, TaskBody body, StartPlan start) {
        return new ThreadedRun(plan, body, WorkerHooks.NONE, Objects.requireNonNull(start, "start")).run();
    }

    /**
     * As {@link #execute(RunPlan, TaskBody)}, with {@code hooks} called on each worker's own thread, and
     * the workers started as the latch wakes them (a measured run: nothing but the tasks in its window).
     */
    public static RunOutcome execute(RunPlan plan, TaskBody body, WorkerHooks hooks) {
        return new ThreadedRun(plan, body, Objects.requireNonNull(hooks, "hooks"), StartPlan.RELEASED).run();
    }

    /** Called on a worker's own thread: once released, and once it takes no more tasks. */
    public interface WorkerHooks {

        /** No hooks. */
        WorkerHooks NONE = new WorkerHooks() {};

        /** The worker {@code worker} was released and is about to take its first task. */
        default void released(int worker) {}

        /** The worker {@code worker} takes no more tasks (also after a failure or timeout). */
        default void finished(int worker) {}
    }

    private RunOutcome run() {
        long startedAt = System.nanoTime();
        long deadline = startedAt + plan.timeout().toNanos();
        startWorkers();
        boolean allReady = await(ready, deadline);
        if (!allReady) {
            // Workers released now must not start a task of a run that is already over.
            stopped = true;
        }
        long releasedAt = System.nanoTime();
        Duration startup = Duration.ofNanos(releasedAt - startedAt);
        startAt = releasedAt + StartPlan.MARGIN_NANOS;
        release.countDown();
        boolean allFinished = allReady && await(finished, deadline);
        if (allFinished) {
            List<String> leftBehind = join(System.nanoTime() + INTERRUPT_GRACE.toNanos());
            // An aligned start times the run from the common instant, not from the release before it.
            long from = aligned ? startAt : releasedAt;
            return outcome(
                    startup, Duration.ofNanos(Math.max(0, lastTaskEnd.get() - from)), false, List.of(), leftBehind);
        }
        stopped = true;
        timedOut = true;
        Duration wallTime = Duration.ofNanos(System.nanoTime() - releasedAt);
        List<StuckWorker> stuck = stuckWorkers();
        for (Thread thread : threads) {
            thread.interrupt();
        }
        List<String> leftBehind = join(System.nanoTime() + INTERRUPT_GRACE.toNanos());
        return outcome(startup, wallTime, true, stuck, leftBehind);
    }

    private static int slot(int worker) {
        return (worker + 1) * PADDING;
    }

    private void startWorkers() {
        ClassLoader contextClassLoader = Thread.currentThread().getContextClassLoader();
        for (int worker = 0; worker < threads.length; worker++) {
            int index = worker;
            String name = "parallelruns-" + plan.name() + "-worker-" + index;
            try {
                Thread thread = plan.mode() == Mode.VIRTUAL_THREADS
                        ? VirtualThreads.unstarted(name, () -> work(index))
                        : new Thread(() -> work(index), name);
                if (plan.mode() == Mode.THREADS) {
                    // A worker that ignores interruption must not keep the JVM from exiting.
                    thread.setDaemon(true);
                }
                thread.setContextClassLoader(contextClassLoader);
                threads[index] = thread;
                thread.start();
            } catch (RuntimeException | OutOfMemoryError e) {
                abandonStart(index);
                throw new IllegalStateException(
                        "could not start worker " + index + " of " + threads.length + " (" + plan.mode() + ") for "
                                + plan.name() + ": " + e,
                        e);
            }
        }
    }

    private void abandonStart(int startedWorkers) {
        stopped = true;
        release.countDown();
        for (int worker = 0; worker < startedWorkers; worker++) {
            threads[worker].interrupt();
        }
        threads[startedWorkers] = null;
        for (int worker = 0; worker < startedWorkers; worker++) {
            joinQuietly(threads[worker], System.nanoTime() + INTERRUPT_GRACE.toNanos());
        }
    }

    private void work(int worker) {
        ready.countDown();
        boolean released = false;
        try {
            release.await();
            released = true;
            try {
                hooks.released(worker);
            } catch (RuntimeException e) {
                // A hook only observes; its failure must not lose the worker.
            }
            currentTask.setRelease(slot(worker), IDLE);
            if (aligned) {
                // Spin to the common instant (plus this worker's offset), so that the bodies begin together.
                long at = startAt + start.offsetNanos(worker);
                while (System.nanoTime() - at < 0 && !stopped) {
                    Thread.onSpinWait();
                }
            }
            int tasks = plan.tasks();
            if (!stopped) {
                ownTasksStarted.incrementAndGet();
                runTask(worker, worker);
                if (!stopped) {
                    Thread.interrupted();
                }
            }
            while (!stopped) {
                int task = nextTask.getAndIncrement();
                if (task >= tasks || task < 0) {
                    break;
                }
                runTask(worker, task);
                if (!stopped) {
                    // A task that leaves its thread interrupted must not make the next task fail.
                    Thread.interrupted();
                }
            }
        } catch (InterruptedException e) {
            // Interrupted before the release: the run was abandoned, nothing to do.
        } finally {
            lastTaskEnd.accumulateAndGet(System.nanoTime(), Math::max);
            if (released) {
                try {
                    hooks.finished(worker);
                } catch (RuntimeException e) {
                    // A hook only observes; its failure must not lose the worker.
                }
            }
            finished.countDown();
        }
    }

    private void runTask(int worker, int task) {
        currentTask.setRelease(slot(worker), task);
        try {
            body.run(new WorkerTaskContext(worker, plan.workers(), task, plan.tasks(), plan.mode()));
        } catch (TestAbortedException e) {
            aborted.add(new TaskFailure(worker, task, e));
            if (plan.failFast()) {
                stopped = true;
            }
        } catch (Throwable e) {
            // Whatever a task throws once the timeout has interrupted it is a consequence of the timeout.
            if (timedOut) {
                endedByInterrupt.add(new TaskFailure(worker, task, e));
            } else {
                failures.add(new TaskFailure(worker, task, e));
                if (plan.failFast()) {
                    stopped = true;
                }
            }
        } finally {
            currentTask.setRelease(slot(worker), IDLE);
        }
    }

    private List<StuckWorker> stuckWorkers() {
        List<StuckWorker> stuck = new ArrayList<>();
        for (int worker = 0; worker < threads.length; worker++) {
            Thread thread = threads[worker];
            if (thread.isAlive()) {
                // Stacks only for the first few: a run of 100000 stuck virtual threads must still report quickly.
                List<StackTraceElement> stack =
                        stuck.size() < StuckWorker.STACKS_KEPT ? Arrays.asList(thread.getStackTrace()) : List.of();
                stuck.add(new StuckWorker(worker, currentTask.getAcquire(slot(worker)), thread.getName(), stack));
            }
        }
        return stuck;
    }

    private List<String> join(long deadline) {
        List<String> leftBehind = new ArrayList<>();
        for (Thread thread : threads) {
            if (!joinQuietly(thread, deadline)) {
                leftBehind.add(thread.getName());
            }
        }
        return leftBehind;
    }

    private static boolean joinQuietly(Thread thread, long deadline) {
        // Join even when this thread's interrupt flag is set; restore the flag afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            while (thread.isAlive()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean await(CountDownLatch latch, long deadline) {
        try {
            return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The test's own thread was interrupted (JUnit's @Timeout, for example): stop as on a timeout.
            Thread.currentThread().interrupt();
            coordinatorInterrupted = true;
            return false;
        }
    }

    private RunOutcome outcome(
            Duration startup, Duration wallTime, boolean timedOut, List<StuckWorker> stuck, List<String> leftBehind) {
        // Every index the counter handed out below the task count started: a worker takes one only to run it.
        int handedOut = nextTask.get();
        int fromQueue = (handedOut < 0 || handedOut > plan.tasks() ? plan.tasks() : handedOut) - plan.workers();
        int started = ownTasksStarted.get() + fromQueue;
        return new RunOutcome(
                plan,
                startup,
                wallTime,
                started,
                failures.snapshot(),
                aborted.snapshot(),
                timedOut,
                coordinatorInterrupted,
                stuck,
                inTaskOrder(endedByInterrupt),
                leftBehind,
                List.of());
    }

    static List<TaskFailure> inTaskOrder(Queue<TaskFailure> failures) {
        List<TaskFailure> sorted = new ArrayList<>(failures);
        sorted.sort(Comparator.comparingInt(TaskFailure::taskIndex));
        return sorted;
    }
}
