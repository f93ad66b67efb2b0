package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.reportEntries;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class FailureReportingTests {

    @Test
    void oneFailingTaskIsTheTestsFailureNamingWorkerAndTask() {
        EngineExecutionResults results = run(OneFailureTestCase.class);

        Throwable failure = onlyFailure(results);
        // Worker 1 starts with its own task, task 1.
        assertThat(failure)
                .isInstanceOf(TaskFailedError.class)
                .hasMessage("worker 1, task 1: expected: <1> but was: <2>" + System.lineSeparator()
                        + "(1 of 2 tasks failed on 2 THREADS workers of 'body(TaskContext)'; 1 passed)");
        TaskFailedError taskFailure = (TaskFailedError) failure;
        assertThat(taskFailure.workerIndex()).isEqualTo(1);
        assertThat(taskFailure.taskIndex()).isEqualTo(1);
        assertThat(taskFailure.failuresOfThisKind()).isEqualTo(1);
        // The original error survives whole, and the IDE still gets expected and actual.
        assertThat(taskFailure.getCause())
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("expected: <1> but was: <2>");
        assertThat(taskFailure.getExpected().getValue()).isEqualTo(1);
        assertThat(taskFailure.getActual().getValue()).isEqualTo(2);
        assertThat(taskFailure.getStackTrace()).isEqualTo(taskFailure.getCause().getStackTrace());
        assertThat(taskFailure.getStackTrace()[0].getClassName()).startsWith("org.junit.jupiter.api.Assert");
    }

    @Test
    void failuresOfOneKindAreCountedInTheFirstOnesFailureWithTheOthersAttached() {
        EngineExecutionResults results = run(SeveralFailuresTestCase.class);

        Throwable failure = onlyFailure(results);
        assertThat(failure).isInstanceOf(TaskFailedError.class);
        TaskFailedError first = (TaskFailedError) failure;
        String line = frameLine("SeveralFailuresTestCase", "IllegalStateException failure");
        assertThat(first)
                .hasMessage("worker 0, task 0: java.lang.IllegalStateException: failure in task 0"
                        + System.lineSeparator() + "(3 of 3 tasks failed on 3 THREADS workers of 'body(TaskContext)'; "
                        + "0 passed: 3 × IllegalStateException: failure in task x at "
                        + "FailureReportingTests$SeveralFailuresTestCase.body(FailureReportingTests.java:" + line
                        + ") (first: worker 0, task 0))");
        assertThat(first.failuresOfThisKind()).isEqualTo(3);
        // The others of the kind, whole, in task order, each on its own worker.
        assertThat(first.getSuppressed()).hasSize(2).allSatisfy(other -> {
            assertThat(other).isInstanceOf(TaskFailedError.class);
            assertThat(other.getCause()).isInstanceOf(IllegalStateException.class);
            assertThat(other.getCause().getCause()).hasMessage("root cause");
            assertThat(other.getCause().getSuppressed())
                    .singleElement()
                    .satisfies(suppressed -> assertThat(suppressed).hasMessage("cleanup also failed"));
            assertThat(other.getStackTrace()[0].getMethodName()).isEqualTo("body");
        });
        assertThat(first.getSuppressed())
                .extracting(other -> ((TaskFailedError) other).taskIndex())
                .containsExactly(1, 2);
        assertThat(first.getSuppressed())
                .extracting(other -> ((TaskFailedError) other).workerIndex())
                .containsExactly(1, 2);
    }

    @Test
    void everyTaskRunsAfterFailuresAndTheFailuresAreCountedByKind() {
        EngineExecutionResults results = run(RaceLikeTestCase.class);

        Throwable failure = onlyFailure(results);
        assertThat(failure).isInstanceOf(MultipleTaskFailuresError.class);
        MultipleTaskFailuresError multiple = (MultipleTaskFailuresError) failure;
        String nl = System.lineSeparator();
        String assertLine = frameLine("RaceLikeTestCase", "assertEquals(4000");
        String indexLine = frameLine("RaceLikeTestCase", "tooShort[10");
        // Tasks 7, 17, ..., 997 fail the assertion, with actual values 3907 to 3997; tasks 3, 103, ..., 903 write
        // out of bounds, at indexes 10 to 19: 100 + 10 of 1000. Task 3 runs first on worker 3; task 7 comes from
        // the queue.
        assertThat(multiple)
                .hasMessage("110 of 1000 tasks failed on 4 THREADS workers of 'body(TaskContext)'; "
                        + "890 passed, 2 kinds:"
                        + nl + "\t10 × ArrayIndexOutOfBoundsException: Index 1x out of bounds for length 10 at "
                        + "FailureReportingTests$RaceLikeTestCase.body(FailureReportingTests.java:" + indexLine
                        + ") (first: worker 3, task 3)"
                        + nl + "\t100 × AssertionFailedError: expected: <4000> but was: <39xx> at "
                        + "FailureReportingTests$RaceLikeTestCase.body(FailureReportingTests.java:" + assertLine
                        + ") (first: worker " + RaceLikeTestCase.workerOfTask7.get() + ", task 7)");
        assertThat(multiple.failedTasks()).isEqualTo(110);
        // The first of each kind, whole, with the IDE's expected and actual.
        assertThat(multiple.taskFailures())
                .extracting(TaskFailedError::taskIndex)
                .containsExactly(3, 7);
        assertThat(multiple.taskFailures())
                .extracting(TaskFailedError::failuresOfThisKind)
                .containsExactly(10, 100);
        TaskFailedError assertion = multiple.taskFailures().get(1);
        assertThat(assertion.getExpected().getValue()).isEqualTo(4000);
        assertThat(assertion.getActual().getValue()).isEqualTo(3907);
        // Bounded: the first of each kind and 3 more of each, not 110 stack traces.
        assertThat(multiple.getSuppressed()).hasSize(2 + 2 * 3);
        assertThat(reportEntries(results))
                .singleElement()
                .satisfies(entry -> assertThat(entry)
                        .containsEntry("parallelruns.tasksStarted", "1000")
                        .containsEntry("parallelruns.failures", "110")
                        .containsEntry("parallelruns.failureKinds", "2"));
    }

    @Test
    void tasksOneAndThreeOfFourFailingAreBothReportedWhateverTheScheduler() {
        Throwable failure = onlyFailure(run(TwoOfFourTestCase.class));

        assertThat(failure).isInstanceOf(TaskFailedError.class);
        TaskFailedError first = (TaskFailedError) failure;
        assertThat(first.taskIndex()).isEqualTo(1);
        assertThat(first.workerIndex()).isEqualTo(1);
        assertThat(first.failuresOfThisKind()).isEqualTo(2);
        assertThat(first.getSuppressed())
                .singleElement()
                .satisfies(other ->
                        assertThat(((TaskFailedError) other).taskIndex()).isEqualTo(3));
        assertThat(first.getMessage())
                .contains("(2 of 4 tasks failed on 4 THREADS workers of 'body(TaskContext)'; "
                        + "2 passed: 2 × IllegalStateException: task x fails at ");
    }

    @Test
    void withFailFastNoTaskStartsAfterTheFirstFailureAndTheTasksNotStartedAreSaid() {
        EngineExecutionResults results = run(FailFastTestCase.class);

        Throwable failure = onlyFailure(results);
        assertThat(failure)
                .isInstanceOf(TaskFailedError.class)
                .hasMessage(
                        "worker 0, task 0: java.lang.IllegalStateException: first task fails" + System.lineSeparator()
                                + "(1 of 100 tasks failed on 1 THREADS worker of 'body(TaskContext)'; 0 passed; 99 of 100 "
                                + "tasks were not started because of this failure (failFast))");
        assertThat(reportEntries(results))
                .singleElement()
                .satisfies(entry -> assertThat(entry)
                        .containsEntry("parallelruns.tasksStarted", "1")
                        .containsEntry("parallelruns.failures", "1"));
    }

    @Test
    void theConfigurationParameterMakesRunsFailFastUnlessTheirAnnotationSaysOff() {
        Throwable failure = onlyFailure(EngineRuns.runMethod(
                ConfiguredFailFastTestCase.class,
                "byConfiguration",
                ConfigurationParameters.FAIL_FAST_DEFAULT,
                "true"));
        assertThat(failure)
                .hasMessageEndingWith(
                        "0 passed; 9 of 10 tasks were not started because of this failure " + "(failFast))");

        Throwable off = onlyFailure(EngineRuns.runMethod(
                ConfiguredFailFastTestCase.class, "off", ConfigurationParameters.FAIL_FAST_DEFAULT, "true"));
        assertThat(off).hasMessageContaining("(10 of 10 tasks failed on 1 THREADS worker of 'off()'; 0 passed: ");
    }

    @Test
    void aWrongFailFastParameterIsAConfigurationError() {
        Throwable failure = onlyFailure(EngineRuns.runMethod(
                ConfiguredFailFastTestCase.class, "byConfiguration", ConfigurationParameters.FAIL_FAST_DEFAULT, "yes"));

        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("parallelruns.failFast.default")
                .hasMessageContaining("'yes'");
    }

    @Test
    void anAssumptionFailingInTheBodyAbortsTheTestAfterEveryTaskRan() {
        AssumptionTestCase.calls.set(0);
        EngineExecutionResults results = run(AssumptionTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertThat(onlyFailure(results))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("worker 0, task 0: Assumption failed: not on this machine (10 tasks aborted in all)");
        assertThat(AssumptionTestCase.calls).hasValue(10);
    }

    @Test
    void anExceptionKeepsItsClassAndGetsNoExpectedOrActualValues() {
        TaskFailedError failure = (TaskFailedError) onlyFailure(run(ExceptionTestCase.class));

        assertThat(failure)
                .hasMessage("worker 0, task 0: java.io.UncheckedIOException: disk full")
                .hasCauseInstanceOf(UncheckedIOException.class);
        assertThat(failure.isExpectedDefined()).isFalse();
        assertThat(failure.isActualDefined()).isFalse();
    }

    @Test
    void anErrorWithoutMessageIsNamedByItsClass() {
        assertThat(onlyFailure(run(NoMessageTestCase.class)))
                .hasMessage("worker 0, task 0: java.lang.UnsupportedOperationException");
    }

    /** The line of {@code fixture}'s source that contains {@code text}. */
    private static String frameLine(String fixture, String text) {
        try {
            List<String> lines =
                    Files.readAllLines(Path.of("src/test/java/io/github/parallelruns/FailureReportingTests.java"));
            int inFixture = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("class " + fixture + " ")) {
                    inFixture = i;
                }
                if (inFixture >= 0 && lines.get(i).contains(text)) {
                    return String.valueOf(i + 1);
                }
            }
            throw new AssertionError(text + " not found in " + fixture);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static class OneFailureTestCase {
        final CountDownLatch bothInside = new CountDownLatch(2);

        @Test
        @ParallelRuns(workers = 2, tasks = 2)
        void body(TaskContext task) throws InterruptedException {
            bothInside.countDown();
            bothInside.await(10, TimeUnit.SECONDS);
            if (task.taskIndex() == 1) {
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
            RuntimeException rootCause = new RuntimeException("root cause");
            IllegalStateException failure = new IllegalStateException("failure in task " + task.taskIndex(), rootCause);
            failure.addSuppressed(new RuntimeException("cleanup also failed"));
            throw failure;
        }
    }

    static class RaceLikeTestCase {
        static final AtomicInteger workerOfTask7 = new AtomicInteger(-1);

        @Test
        @ParallelRuns(workers = 4, tasks = 1000)
        void body(TaskContext task) {
            int index = task.taskIndex();
            if (index == 7) {
                workerOfTask7.set(task.workerIndex());
            }
            if (index % 100 == 3) {
                int[] tooShort = new int[10];
                tooShort[10 + index / 100] = 1;
            }
            if (index % 10 == 7) {
                assertEquals(4000, 3900 + index % 100);
            }
        }
    }

    static class TwoOfFourTestCase {
        final CountDownLatch allInside = new CountDownLatch(4);

        @Test
        @ParallelRuns(workers = 4, tasks = 4)
        void body(TaskContext task) throws InterruptedException {
            allInside.countDown();
            allInside.await(10, TimeUnit.SECONDS);
            if (task.taskIndex() % 2 == 1) {
                throw new IllegalStateException("task " + task.taskIndex() + " fails");
            }
        }
    }

    static class FailFastTestCase {
        @Test
        @ParallelRuns(workers = 1, tasks = 100, failFast = ParallelRuns.FailFast.ON)
        void body(TaskContext task) {
            throw new IllegalStateException("first task fails");
        }
    }

    static class ConfiguredFailFastTestCase {
        @Test
        @ParallelRuns(workers = 1, tasks = 10)
        void byConfiguration() {
            throw new IllegalStateException("fails");
        }

        @Test
        @ParallelRuns(workers = 1, tasks = 10, failFast = ParallelRuns.FailFast.OFF)
        void off() {
            throw new IllegalStateException("fails");
        }
    }

    static class AssumptionTestCase {
        static final AtomicInteger calls = new AtomicInteger();

        @Test
        @ParallelRuns(workers = 1, tasks = 10)
        void body() {
            calls.incrementAndGet();
            assumeTrue(false, "not on this machine");
        }
    }

    static class ExceptionTestCase {
        @Test
        @ParallelRuns(workers = 1)
        void body() {
            throw new UncheckedIOException("disk full", new IOException("disk full"));
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
