package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.reportEntries;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class ParallelRunsThreadsTests {

    @Test
    void allWorkersAreInsideTheBodyAtOnce() {
        EngineExecutionResults results = run(BarrierTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void eachWorkerStartsWithItsOwnTaskThenTakesTheOthersFromTheQueue() {
        OwnTaskTestCase.firstTaskOfWorker.clear();
        OwnTaskTestCase.workerOfTask.clear();

        run(OwnTaskTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(2));

        // Whatever the scheduler did: worker w's first task is task w, in both runs.
        assertThat(OwnTaskTestCase.firstTaskOfWorker)
                .hasSize(2 * 4)
                .allSatisfy((worker, task) -> assertThat(task).isEqualTo(worker % 100));
        // With one task per worker, each worker runs exactly one, its own.
        assertThat(OwnTaskTestCase.workerOfTask).hasSize(4 + 100).allSatisfy((task, worker) -> {
            if (task < 4) {
                assertThat(worker).isEqualTo(task);
            } else if (task % 1000 < 4) {
                assertThat(worker).isEqualTo(100 + task % 1000);
            }
        });
    }

    @Test
    void noTaskStartsBeforeEveryWorkerIsStarted() {
        // Without the start barrier, the first worker would run tasks while the others are still being created.
        FirstTaskSeesAllWorkersTestCase.workersAliveAtFirstTask.clear();

        run(FirstTaskSeesAllWorkersTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(5));

        assertThat(FirstTaskSeesAllWorkersTestCase.workersAliveAtFirstTask)
                .hasSize(5)
                .containsOnly(64L);
    }

    @Test
    void everyTaskIndexRunsExactlyOnceAndEveryWorkerIsUsed() {
        TaskSplittingTestCase.seen.clear();

        run(TaskSplittingTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        List<int[]> seen = List.copyOf(TaskSplittingTestCase.seen);
        assertThat(seen).hasSize(1000);
        assertThat(seen.stream().map(task -> task[1]))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 1000).boxed().collect(Collectors.toList()));
        assertThat(seen.stream().map(task -> task[0]).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void taskContextDescribesTheRun() {
        ContextTestCase.contexts.clear();

        run(ContextTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(ContextTestCase.contexts).hasSize(6).allSatisfy(context -> {
            assertThat(context.workers()).isEqualTo(3);
            assertThat(context.tasks()).isEqualTo(6);
            assertThat(context.mode()).isEqualTo(Mode.THREADS);
            assertThat(context.workerIndex()).isBetween(0, 2);
        });
    }

    @Test
    void oneInstanceAndOneLifecycleAroundTheWholeRun() {
        LifecycleTestCase.events.clear();

        run(LifecycleTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        List<String> events = List.copyOf(LifecycleTestCase.events);
        assertThat(events).first().isEqualTo("beforeEach");
        assertThat(events).last().isEqualTo("afterEach");
        assertThat(events.subList(1, events.size() - 1)).hasSize(8).containsOnly("body");
        assertThat(LifecycleTestCase.instances).hasSize(1);
    }

    @Test
    void otherParametersAreResolvedByJupiterAsUsual() {
        run(OtherParametersTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void noWorkerThreadOutlivesTheTest() {
        LeakTestCase.workers.clear();

        run(LeakTestCase.class)
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(1).failed(2));

        assertThat(LeakTestCase.workers).hasSize(4 + 4 + 2);
        assertThat(LeakTestCase.workers).noneMatch(Thread::isAlive);
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("parallelruns-"));
    }

    @Test
    void workersDefaultToOnePerProcessorAndTasksToOnePerWorker() {
        EngineExecutionResults results = run(DefaultsTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2));
        int processors = Runtime.getRuntime().availableProcessors();
        assertThat(reportEntries(results))
                .extracting(entry -> entry.get("parallelruns.workers"), entry -> entry.get("parallelruns.tasks"))
                .containsExactlyInAnyOrder(
                        Tuple.tuple(String.valueOf(processors), String.valueOf(processors)),
                        Tuple.tuple(String.valueOf(Math.min(processors, 1)), "1"));
    }

    @Test
    void workersDefaultComesFromTheConfigurationParameter() {
        EngineExecutionResults results = run(DefaultsTestCase.class, "parallelruns.workers.default", "3");

        assertThat(reportEntries(results))
                .extracting(entry -> entry.get("parallelruns.workers"))
                .containsExactlyInAnyOrder("3", "1");
    }

    @Test
    void everyRunPublishesItsFigures() {
        EngineExecutionResults results = run(BarrierTestCase.class);

        assertThat(reportEntries(results)).singleElement().satisfies(entry -> {
            assertThat(entry)
                    .containsEntry("parallelruns.mode", "THREADS")
                    .containsEntry("parallelruns.workers", "4")
                    .containsEntry("parallelruns.tasks", "4")
                    .containsEntry("parallelruns.tasksStarted", "4")
                    .containsEntry("parallelruns.failures", "0")
                    .containsEntry("parallelruns.aborted", "0")
                    .containsEntry("parallelruns.timedOut", "false");
            assertThat(Double.parseDouble(entry.get("parallelruns.wallTimeMs"))).isPositive();
            assertThat(Double.parseDouble(entry.get("parallelruns.startupMs"))).isPositive();
            assertThat(Double.parseDouble(entry.get("parallelruns.tasksPerSecond")))
                    .isPositive();
        });
    }

    static class BarrierTestCase {
        final CountDownLatch allInside = new CountDownLatch(4);

        @Test
        @ParallelRuns(workers = 4)
        void body() throws InterruptedException {
            allInside.countDown();
            // Opens only when all four workers are inside the body at the same time.
            assertThat(allInside.await(10, TimeUnit.SECONDS))
                    .as("all workers arrived")
                    .isTrue();
        }
    }

    static class FirstTaskSeesAllWorkersTestCase {
        static final Queue<Long> workersAliveAtFirstTask = new ConcurrentLinkedQueue<>();
        // No worker may finish (and end) before task 0 has counted the live workers.
        final CountDownLatch counted = new CountDownLatch(1);

        @RepeatedTest(5)
        @ParallelRuns(workers = 64, tasks = 64)
        void body(TaskContext task) throws InterruptedException {
            if (task.taskIndex() == 0) {
                workersAliveAtFirstTask.add(Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().startsWith("parallelruns-body(TaskContext)-worker-"))
                        .count());
                counted.countDown();
            } else {
                counted.await(10, TimeUnit.SECONDS);
            }
        }
    }

    static class TaskSplittingTestCase {
        static final Queue<int[]> seen = new ConcurrentLinkedQueue<>();
        final CountDownLatch allStarted = new CountDownLatch(4);

        @Test
        @ParallelRuns(workers = 4, tasks = 1000)
        void body(TaskContext task) throws InterruptedException {
            if (task.taskIndex() < 4) {
                // The first four tasks go to four different workers, which all wait for each other.
                allStarted.countDown();
                allStarted.await(10, TimeUnit.SECONDS);
            }
            seen.add(new int[] {task.workerIndex(), task.taskIndex()});
        }
    }

    static class ContextTestCase {
        static final Queue<TaskContext> contexts = new ConcurrentLinkedQueue<>();

        @Test
        @ParallelRuns(workers = 3, tasks = 6)
        void body(TaskContext task) {
            contexts.add(task);
        }
    }

    static class LifecycleTestCase {
        static final Queue<String> events = new ConcurrentLinkedQueue<>();
        static final Set<Object> instances = ConcurrentHashMap.newKeySet();

        @BeforeEach
        void beforeEach() {
            events.add("beforeEach");
        }

        @Test
        @ParallelRuns(workers = 4, tasks = 8)
        void body() {
            instances.add(this);
            events.add("body");
        }

        @AfterEach
        void afterEach() {
            events.add("afterEach");
        }
    }

    static class OtherParametersTestCase {
        @Test
        @ParallelRuns(workers = 2, tasks = 4)
        void body(TestInfo info, TaskContext task) {
            assertThat(info.getTestMethod()).get().extracting(Method::getName).isEqualTo("body");
            assertThat(task.taskIndex()).isBetween(0, 3);
        }
    }

    static class LeakTestCase {
        static final Set<Thread> workers = ConcurrentHashMap.newKeySet();
        final CountDownLatch allPassing = new CountDownLatch(4);
        final CountDownLatch allFailing = new CountDownLatch(4);

        @Test
        @ParallelRuns(workers = 4, tasks = 100)
        void passing(TaskContext task) throws InterruptedException {
            workers.add(Thread.currentThread());
            if (task.taskIndex() < 4) {
                allPassing.countDown();
                allPassing.await(10, TimeUnit.SECONDS);
            }
        }

        @Test
        @ParallelRuns(workers = 4, tasks = 4)
        void failing() throws InterruptedException {
            workers.add(Thread.currentThread());
            allFailing.countDown();
            allFailing.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("boom");
        }

        @Test
        @ParallelRuns(workers = 2, timeout = "100ms")
        void interruptible() throws InterruptedException {
            workers.add(Thread.currentThread());
            Thread.sleep(1000);
        }
    }

    static class DefaultsTestCase {
        static final AtomicInteger runs = new AtomicInteger();

        @Test
        @ParallelRuns
        void allDefaults() {
            runs.incrementAndGet();
        }

        @Test
        @ParallelRuns(tasks = 1)
        void oneTask() {
            runs.incrementAndGet();
        }
    }

    static class OwnTaskTestCase {
        /** Key: worker index (+ 100 in the second test); value: its first task. */
        static final Map<Integer, Integer> firstTaskOfWorker = new ConcurrentHashMap<>();
        /** Key: task index (+ 1000 in the second test); value: the worker that ran it. */
        static final Map<Integer, Integer> workerOfTask = new ConcurrentHashMap<>();

        @Test
        @ParallelRuns(workers = 4)
        void oneTaskEach(TaskContext task) {
            firstTaskOfWorker.putIfAbsent(task.workerIndex(), task.taskIndex());
            workerOfTask.put(task.taskIndex(), task.workerIndex());
        }

        @Test
        @ParallelRuns(workers = 4, tasks = 100)
        void manyTasks(TaskContext task) {
            firstTaskOfWorker.putIfAbsent(100 + task.workerIndex(), task.taskIndex());
            workerOfTask.put(1000 + task.taskIndex(), 100 + task.workerIndex());
        }
    }
}
