package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.run;
import static io.github.parallelruns.EngineRuns.runMethod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class ConfigurationErrorTests {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "negativeWorkers | @ParallelRuns on method 'negativeWorkers()' must declare workers >= 1 or 0 for auto, but was -3",
                "millionWorkers | @ParallelRuns on method 'millionWorkers()' must declare workers <= 4096 for mode THREADS (or 0 for auto), but was 1000000",
                "millionVirtualWorkers | @ParallelRuns on method 'millionVirtualWorkers()' must declare workers <= 100000 for mode VIRTUAL_THREADS (or 0 for auto), but was 1000000",
                "negativeTasks | @ParallelRuns on method 'negativeTasks()' must declare tasks >= 1 or 0 for one task per worker, but was -1",
                "fewerTasksThanWorkers | @ParallelRuns on method 'fewerTasksThanWorkers()' must declare tasks >= workers (4) so that every worker has a task, or 0 for one task per worker, but was 3",
                "unparseableTimeout | @ParallelRuns on method 'unparseableTimeout()' must declare timeout as a whole number and a unit (ns, us, ms, s, m, h or d), such as '30s' or '500ms', but was 'soon'",
                "negativeTimeout | @ParallelRuns on method 'negativeTimeout()' must declare timeout as greater than zero, but was '-5s'",
                "zeroTimeout | @ParallelRuns on method 'zeroTimeout()' must declare timeout as greater than zero, but was '0ms'",
                "hugeTimeout | @ParallelRuns on method 'hugeTimeout()' must declare timeout as a duration that fits in a Duration (a whole number and a unit (ns, us, ms, s, m, h or d), such as '30s' or '500ms'), but was '99999999999999999999d'",
                "overflowingTimeout | @ParallelRuns on method 'overflowingTimeout()' must declare timeout as at most 365 days (365d), but was '106752d'",
                "deadlineOverflowingTimeout | @ParallelRuns on method 'deadlineOverflowingTimeout()' must declare timeout as at most 365 days (365d), but was '106751d'",
                "tooManyProcesses | @ParallelRuns on method 'tooManyProcesses()' must declare workers <= 64 for mode PROCESSES (or 0 for auto), but was 65",
                "notATest | @ParallelRuns on method 'notATest()' needs @Test, @RepeatedTest or @ParameterizedTest on the same method, but found @TestFactory, @ParallelRuns",
            })
    void badAnnotationValuesFailBeforeAnythingRuns(String row) {
        String method = row.substring(0, row.indexOf(" | "));
        String message = row.substring(row.indexOf(" | ") + 3);
        BadAnnotationTestCase.sideEffects.set(0);

        EngineExecutionResults results = runMethod(BadAnnotationTestCase.class, method);

        assertThat(onlyFailure(results))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
        assertThat(BadAnnotationTestCase.sideEffects)
                .as("neither @BeforeEach nor the body ran")
                .hasValue(0);
    }

    @Test
    void timeoutAcceptsJUnitsDurationFormat() {
        run(GoodTimeoutsTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(5));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "parallelruns.timeout.default | forever | Configuration parameter 'parallelruns.timeout.default' must be a whole number and a unit (ns, us, ms, s, m, h or d), such as '30s' or '500ms', but was 'forever'",
                "parallelruns.timeout.default | -1s | Configuration parameter 'parallelruns.timeout.default' must be greater than zero, but was '-1s'",
                "parallelruns.workers.default | many | Configuration parameter 'parallelruns.workers.default' must be a whole number from 0 (one worker per processor) to 100000, but was 'many'",
                "parallelruns.workers.default | -2 | Configuration parameter 'parallelruns.workers.default' must be a whole number from 0 (one worker per processor) to 100000, but was '-2'",
                "parallelruns.workers.default | 5000 | Configuration parameter 'parallelruns.workers.default' must be at most 4096 for mode THREADS (used by method 'body()'), but was '5000'",
                "parallelruns.report.summary | yes | Configuration parameter 'parallelruns.report.summary' must be true or false, but was 'yes'",
                "parallelruns.baseline.tolerance | 10% | Configuration parameter 'parallelruns.baseline.tolerance' must be a number from 0 to below 1, e.g. 0.1 for 10%, but was '10%'",
                "parallelruns.baseline.tolerance | 1 | Configuration parameter 'parallelruns.baseline.tolerance' must be a number from 0 to below 1, e.g. 0.1 for 10%, but was '1'",
                "parallelruns.baseline.update | 1 | Configuration parameter 'parallelruns.baseline.update' must be true or false, but was '1'",
                "parallelruns.turns.wait | soon | Configuration parameter 'parallelruns.turns.wait' must be a whole number and a unit (ns, us, ms, s, m, h or d), such as '30s' or '500ms', but was 'soon'",
                "parallelruns.turns.tests | on | Configuration parameter 'parallelruns.turns.tests' must be true or false, but was 'on'",
                "parallelruns.turns.file | ' ' | Configuration parameter 'parallelruns.turns.file' must be a file path, but was ' '",
            })
    void badConfigurationParametersNameTheKeyAndTheValue(String key, String value, String message) {
        EngineExecutionResults results = run(DefaultsOnlyTestCase.class, key, value);

        assertThat(onlyFailure(results))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
    }

    @Test
    void aMisspeltKeyIsNotSilentlyIgnored() {
        System.setProperty("parallelruns.worker.default", "3");
        try {
            Throwable failure = onlyFailure(run(DefaultsOnlyTestCase.class));

            assertThat(failure)
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage(
                            "Unknown ParallelRuns configuration parameter 'parallelruns.worker.default' (system property); "
                                    + "the known ones are parallelruns.baseline.file, parallelruns.baseline.tolerance, "
                                    + "parallelruns.baseline.update, parallelruns.failFast.default, "
                                    + "parallelruns.processes.cacheDir, parallelruns.processes.classDataSharing, "
                                    + "parallelruns.processes.jvmArgs, parallelruns.processes.prestart, "
                                    + "parallelruns.processes.reuse, parallelruns.report.dir, "
                                    + "parallelruns.report.summary, "
                                    + "parallelruns.speedup.budget, parallelruns.speedup.enabled, "
                                    + "parallelruns.speedup.inconclusive, parallelruns.timeout.default, "
                                    + "parallelruns.turns.file, parallelruns.turns.testWait, parallelruns.turns.tests, "
                                    + "parallelruns.turns.wait, parallelruns.workers.default");
        } finally {
            System.clearProperty("parallelruns.worker.default");
        }
    }

    @Test
    void aTaskContextInALifecycleMethodIsAConfigurationError() {
        Throwable failure = onlyFailure(run(TaskContextInBeforeEachTestCase.class));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class);
        assertThat(failure.getCause())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(
                        "TaskContext parameter of 'setUp(TaskContext)' cannot be resolved: it is not a @ParallelRuns test "
                                + "method but a constructor, lifecycle or other method. A TaskContext is only injected into "
                                + "the test method that carries @ParallelRuns, once per task.");
    }

    @Test
    void aTaskContextWithoutParallelRunsIsAConfigurationErrorWhenTheExtensionIsAutoDetected() {
        Throwable failure = onlyFailure(run(
                TaskContextWithoutAnnotationTestCase.class, "junit.jupiter.extensions.autodetection.enabled", "true"));

        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(
                        "TaskContext parameter of 'body(TaskContext)' cannot be resolved: the method has no @ParallelRuns. "
                                + "A TaskContext is only injected into the test method that carries @ParallelRuns, once per task.");
    }

    @Test
    void aTaskContextWithoutParallelRunsIsRejectedByJupiterOtherwise() {
        Throwable failure = onlyFailure(run(TaskContextWithoutAnnotationTestCase.class));

        assertThat(failure)
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining(
                        "No ParameterResolver registered for parameter [io.github.parallelruns.TaskContext");
    }

    static class BadAnnotationTestCase {
        static final AtomicInteger sideEffects = new AtomicInteger();

        @BeforeEach
        void setUp() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(workers = -3)
        void negativeWorkers() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(workers = 1_000_000)
        void millionWorkers() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 1_000_000)
        void millionVirtualWorkers() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(tasks = -1)
        void negativeTasks() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(workers = 4, tasks = 3)
        void fewerTasksThanWorkers() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(timeout = "soon")
        void unparseableTimeout() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(timeout = "-5s")
        void negativeTimeout() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(timeout = "0ms")
        void zeroTimeout() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(timeout = "99999999999999999999d")
        void hugeTimeout() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(timeout = "106752d")
        void overflowingTimeout() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1, timeout = "106751d")
        void deadlineOverflowingTimeout() {
            sideEffects.incrementAndGet();
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 65)
        void tooManyProcesses() {
            sideEffects.incrementAndGet();
        }

        @TestFactory
        @ParallelRuns
        Stream<DynamicTest> notATest() {
            sideEffects.incrementAndGet();
            return Stream.empty();
        }
    }

    static class GoodTimeoutsTestCase {
        @Test
        @ParallelRuns(workers = 1, timeout = "30s")
        void seconds() {}

        @Test
        @ParallelRuns(workers = 1, timeout = "500 ms")
        void millisWithSpace() {}

        @Test
        @ParallelRuns(workers = 1, timeout = "2M")
        void minutesUpperCase() {}

        @Test
        @ParallelRuns(workers = 1, timeout = "10")
        void noUnitMeansSeconds() {}

        @Test
        @ParallelRuns(workers = 1, timeout = "1h")
        void hours() {}
    }

    static class DefaultsOnlyTestCase {
        @Test
        @ParallelRuns
        void body() {}
    }

    static class TaskContextInBeforeEachTestCase {
        @BeforeEach
        void setUp(TaskContext task) {}

        @Test
        @ParallelRuns(workers = 2)
        void body() {}
    }

    static class TaskContextWithoutAnnotationTestCase {
        @Test
        void body(TaskContext task) {}
    }
}
