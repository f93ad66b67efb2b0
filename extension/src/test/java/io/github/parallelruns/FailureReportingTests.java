package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.reportEntries;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class FailureReportingTests {

    @Test
    void oneFailingTaskIsTheTestsFailureNamingWorkerAndTask() {
        EngineExecutionResults results = run(OneFailureTestCase.class);

        Throwable failure = onlyFailure(results);
        int worker = OneFailureTestCase.failingWorker.get();
        assertThat(failure).isInstanceOf(TaskFailedError.class)
                .hasMessage("worker " + worker + ", task 1: expected: <1> but was: <2>");
        TaskFailedError taskFailure = (TaskFailedError) failure;
        assertThat(taskFailure.workerIndex()).isEqualTo(worker);
        assertThat(taskFailure.taskIndex()).isEqualTo(1);
        // The original error survives whole, and the IDE still gets expected and actual.
        assertThat(taskFailure.getCause()).isInstanceOf(AssertionFailedError.class)
                .hasMessage("expected: <1> but was: <2>");
        assertThat(taskFailure.getExpected().getValue()).isEqualTo(1);
        assertThat(taskFailure.getActual().getValue()).isEqualTo(2);
        assertThat(taskFailure.getStackTrace()).isEqualTo(taskFailure.getCause().getStackTrace());
        assertThat(taskFailure.getStackTrace()[0].getClassName()).startsWith("org.junit.jupiter.api.Assert");
    }

    @Test
    void everyFailingTaskIsReportedWithItsStackTrace() {
        EngineExecutionResults results = run(SeveralFailuresTestCase.class);

        Throwable failure = onlyFailure(results);
        assertThat(failure).isInstanceOf(MultipleTaskFailuresError.class);
        MultipleTaskFailuresError multiple = (MultipleTaskFailuresError) failure;
        assertThat(multiple.taskFailures()).extracting(TaskFailedError::taskIndex).containsExactly(0, 1, 2);
        assertThat(multiple.taskFailures()).extracting(TaskFailedError::workerIndex)
                .containsExactlyInAnyOrder(0, 1, 2);
        String nl = System.lineSeparator();
        StringBuilder expected = new StringBuilder("3 of 3 tasks failed on 3 THREADS workers of 'body(TaskContext)':");
        for (TaskFailedError taskFailure : multiple.taskFailures()) {
            expected.append(nl).append("\tworker ").append(taskFailure.workerIndex()).append(", task ")
                    .append(taskFailure.taskIndex()).append(": java.lang.IllegalStateException: failure in task ")
                    .append(taskFailure.taskIndex());
        }
        assertThat(failure.getMessage()).isEqualTo(expected.toString());
        assertThat(multiple.getSuppressed()).hasSize(3);
        assertThat(multiple.taskFailures()).allSatisfy(taskFailure -> {
            assertThat(taskFailure.getCause()).isInstanceOf(IllegalStateException.class);
            assertThat(taskFailure.getCause().getCause()).hasMessage("root cause");
            assertThat(taskFailure.getCause().getSuppressed()).singleElement()
                    .satisfies(suppressed -> assertThat(suppressed).hasMessage("cleanup also failed"));
            assertThat(taskFailure.getStackTrace()[0].getMethodName()).isEqualTo("body");
        });
    }

    @Test
    void tasksNotStartedBecauseOfAFailureAreCountedAndSaid() {
        EngineExecutionResults results = run(FailFastTestCase.class);

        Throwable failure = onlyFailure(results);
        assertThat(failure).isInstanceOf(TaskFailedError.class).hasMessage(
                "worker 0, task 0: java.lang.IllegalStateException: first task fails" + System.lineSeparator()
                        + "(99 of 100 tasks were not started because of this failure)");
        assertThat(reportEntries(results)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("parallelruns.tasksStarted", "1")
                .containsEntry("parallelruns.failures", "1"));
    }

    @Test
    void anAssumptionFailingInTheBodyAbortsTheTest() {
        EngineExecutionResults results = run(AssumptionTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertThat(onlyFailure(results)).isInstanceOf(TestAbortedException.class).hasMessage(
                "worker 0, task 0: Assumption failed: not on this machine; "
                        + "9 of 10 tasks were not started because of the aborted assumption");
    }

    @Test
    void anExceptionKeepsItsClassAndGetsNoExpectedOrActualValues() {
        TaskFailedError failure = (TaskFailedError) onlyFailure(run(ExceptionTestCase.class));

        assertThat(failure).hasMessage("worker 0, task 0: java.io.UncheckedIOException: disk full")
                .hasCauseInstanceOf(java.io.UncheckedIOException.class);
        assertThat(failure.isExpectedDefined()).isFalse();
        assertThat(failure.isActualDefined()).isFalse();
    }

    @Test
    void anErrorWithoutMessageIsNamedByItsClass() {
        assertThat(onlyFailure(run(NoMessageTestCase.class)))
                .hasMessage("worker 0, task 0: java.lang.UnsupportedOperationException");
    }

    static class OneFailureTestCase {
        static final AtomicInteger failingWorker = new AtomicInteger(-1);
        final CountDownLatch bothInside = new CountDownLatch(2);

        @Test
        @ParallelRuns(workers = 2, tasks = 2)
        void body(TaskContext task) throws InterruptedException {
            bothInside.countDown();
            bothInside.await(10, TimeUnit.SECONDS);
            if (task.taskIndex() == 1) {
                failingWorker.set(task.workerIndex());
                assertEquals(1, 2);
            }
        }
    }

    static class SeveralFailuresTestCase {
        final CountDownLatch allInside = new CountDownLatch(3);

        @Test
        @ParallelRuns(workers = 3)
        void body(TaskContext task) throws InterruptedException {
            allInside.countDown();
            allInside.await(10, TimeUnit.SECONDS);
            IllegalStateException failure = new IllegalStateException("failure in task " + task.taskIndex(),
                    new RuntimeException("root cause"));
            failure.addSuppressed(new RuntimeException("cleanup also failed"));
            throw failure;
        }
    }

    static class FailFastTestCase {
        @Test
        @ParallelRuns(workers = 1, tasks = 100)
        void body(TaskContext task) {
            throw new IllegalStateException("first task fails");
        }
    }

    static class AssumptionTestCase {
        @Test
        @ParallelRuns(workers = 1, tasks = 10)
        void body() {
            assumeTrue(false, "not on this machine");
        }
    }

    static class ExceptionTestCase {
        @Test
        @ParallelRuns(workers = 1)
        void body() {
            throw new java.io.UncheckedIOException("disk full", new java.io.IOException("disk full"));
        }
    }

    static class NoMessageTestCase {
        @Test
        @ParallelRuns(workers = 1)
        void body() {
            throw new UnsupportedOperationException();
        }
    }
}
