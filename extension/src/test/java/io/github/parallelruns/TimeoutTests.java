package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.reportEntries;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class TimeoutTests {

    @Test
    void aTimeoutNamesTheStuckWorkersAndAttachesTheirStacks() {
        StuckTestCase.taskOfWorker.clear();
        StuckTestCase.threads.clear();

        EngineExecutionResults results = run(StuckTestCase.class);

        Throwable failure = onlyFailure(results);
        String workers = StuckTestCase.taskOfWorker.entrySet().stream()
                .map(entry -> "worker " + entry.getKey() + " in task " + entry.getValue())
                .collect(Collectors.joining(", "));
        assertThat(failure)
                .isInstanceOf(TimeoutException.class)
                .hasMessage(
                        "@ParallelRuns run of 'body(TaskContext)' timed out after 1 s: 3 of 3 workers were still running ("
                                + workers + "); 3 of 6 tasks were not started. Their stack traces at the timeout are "
                                + "attached. When interrupted, 3 task(s) ended with an exception; attached.");
        Throwable[] suppressed = failure.getSuppressed();
        assertThat(suppressed).hasSize(6);
        assertThat(Arrays.asList(suppressed).subList(0, 3)).allSatisfy(stack -> {
            assertThat(stack.getMessage())
                    .matches("worker \\d \\(thread 'parallelruns-body\\(TaskContext\\)-worker-\\d'\\) "
                            + "in task \\d at the timeout");
            assertThat(stack.getStackTrace()).anySatisfy(frame -> {
                assertThat(frame.getClassName()).isEqualTo(StuckTestCase.class.getName());
                assertThat(frame.getMethodName()).isEqualTo("body");
            });
        });
        assertThat(Arrays.asList(suppressed).subList(3, 6))
                .allSatisfy(interrupted -> assertThat(interrupted.getCause()).isInstanceOf(InterruptedException.class));
        assertThat(StuckTestCase.threads).noneMatch(Thread::isAlive);
        assertThat(reportEntries(results))
                .singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("parallelruns.timedOut", "true"));
    }

    @Test
    void aWorkerThatIgnoresInterruptionDoesNotHangTheTestAndIsNamed() {
        IgnoresInterruptTestCase.release = false;
        IgnoresInterruptTestCase.threads.clear();
        try {
            Throwable failure = onlyFailure(run(IgnoresInterruptTestCase.class));

            assertThat(failure)
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageEndingWith(
                            "Still alive 1 s after being interrupted (they ignore interruption and are left running): "
                                    + "parallelruns-body()-worker-0");
            assertThat(IgnoresInterruptTestCase.threads).singleElement().satisfies(thread -> {
                assertThat(thread.isAlive()).isTrue();
                assertThat(thread.isDaemon()).as("cannot keep the JVM alive").isTrue();
            });
        } finally {
            IgnoresInterruptTestCase.release = true;
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(IgnoresInterruptTestCase.threads).noneMatch(Thread::isAlive));
    }

    @Test
    void theDefaultTimeoutComesFromTheConfigurationParameter() {
        Throwable failure = onlyFailure(run(NoTimeoutAttributeTestCase.class, "parallelruns.timeout.default", "200ms"));

        assertThat(failure)
                .isInstanceOf(TimeoutException.class)
                .hasMessageStartingWith("@ParallelRuns run of 'body()' timed out after 200 ms: 1 of 1 workers");
    }

    @Test
    void junitsOwnTimeoutStopsTheRunAndItsWorkers() {
        JupiterTimeoutTestCase.threads.clear();

        Throwable failure = onlyFailure(run(JupiterTimeoutTestCase.class));

        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessage("body() timed out after 300 milliseconds");
        assertThat(failure.getSuppressed())
                .singleElement()
                .satisfies(ours -> assertThat(ours)
                        .isInstanceOf(TimeoutException.class)
                        .hasMessageStartingWith("@ParallelRuns run of 'body()' was interrupted after ")
                        .hasMessageContaining("(its test thread was interrupted, by JUnit's @Timeout for example): "
                                + "2 of 2 workers were still running"));
        assertThat(JupiterTimeoutTestCase.threads).hasSize(2).noneMatch(Thread::isAlive);
    }

    @Test
    void aTimeoutOfManyWorkersStaysReadable() {
        Throwable failure = onlyFailure(run(ManyStuckWorkersTestCase.class));

        assertThat(failure.getMessage())
                .startsWith(
                        "@ParallelRuns run of 'body()' timed out after 500 ms: 30 of 30 workers were still running (worker ")
                .contains(" and 20 more). ")
                .contains("The stack traces of the first 20 at the timeout are attached.");
        assertThat(Arrays.stream(failure.getSuppressed())
                        .filter(s -> s.getMessage().endsWith(" at the timeout")))
                .hasSize(20);
    }

    static class ManyStuckWorkersTestCase {
        final CountDownLatch allInside = new CountDownLatch(30);

        @Test
        @ParallelRuns(workers = 30, timeout = "500ms")
        void body() throws InterruptedException {
            allInside.countDown();
            allInside.await();
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }

    static class JupiterTimeoutTestCase {
        static final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        @Test
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
        @ParallelRuns(workers = 2)
        void body() throws InterruptedException {
            threads.add(Thread.currentThread());
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }

    static class StuckTestCase {
        static final Map<Integer, Integer> taskOfWorker = new ConcurrentSkipListMap<>();
        static final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final CountDownLatch allInside = new CountDownLatch(3);

        @Test
        @ParallelRuns(workers = 3, tasks = 6, timeout = "1s")
        void body(TaskContext task) throws InterruptedException {
            threads.add(Thread.currentThread());
            taskOfWorker.put(task.workerIndex(), task.taskIndex());
            allInside.countDown();
            // All three are in a task before anyone sleeps: none can be reported "between tasks".
            allInside.await();
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }

    static class IgnoresInterruptTestCase {
        static volatile boolean release;
        static final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        @Test
        @ParallelRuns(workers = 1, timeout = "200ms")
        void body() {
            threads.add(Thread.currentThread());
            while (!release) {
                Thread.interrupted();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    static class NoTimeoutAttributeTestCase {
        @Test
        @ParallelRuns(workers = 1)
        void body() throws InterruptedException {
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }
}
