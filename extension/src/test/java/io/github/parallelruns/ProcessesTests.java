package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.reportEntries;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Mode.PROCESSES, end to end: real worker JVMs. The fixtures leave files in a directory named by the
 * system property {@value #DIR}, which reaches the workers because system properties are passed on.
 */
class ProcessesTests extends WorkerJvmTestSupport {

    static final String DIR = "parallelrunstest.dir";

    @Test
    void theBodyRunsInSeparateJvmsEachTaskOnce() throws IOException {
        EngineExecutionResults results = run(SplittingTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        List<String[]> tasks = records("task-");
        assertThat(tasks).extracting(record -> record[1]).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
        Set<String> pids = tasks.stream().map(record -> record[2]).collect(Collectors.toSet());
        assertThat(pids)
                .hasSize(2)
                .doesNotContain(String.valueOf(ProcessHandle.current().pid()));
        // Each worker JVM has one worker index, and its own static state.
        Map<String, Set<String>> indexesByPid = tasks.stream()
                .collect(Collectors.groupingBy(
                        record -> record[2], Collectors.mapping(record -> record[3], Collectors.toSet())));
        assertThat(indexesByPid.values())
                .allSatisfy(indexes -> assertThat(indexes).hasSize(1));
        assertThat(indexesByPid.values().stream().flatMap(Set::stream)).containsExactlyInAnyOrder("0", "1");
        assertThat(reportEntries(results))
                .singleElement()
                .satisfies(entry -> assertThat(entry)
                        .containsEntry("parallelruns.mode", "PROCESSES")
                        .containsEntry("parallelruns.tasksStarted", "6"));
        assertWorkersGone(pids);
    }

    @Test
    void theMethodLifecycleRunsInTheWorkersNotInTheCoordinator() throws IOException {
        run(LifecycleTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        List<String[]> before = records("before-");
        List<String[]> after = records("after-");
        String coordinator = String.valueOf(ProcessHandle.current().pid());
        assertThat(before).hasSize(2).noneMatch(record -> record[1].equals(coordinator));
        assertThat(after).hasSize(2).noneMatch(record -> record[1].equals(coordinator));
    }

    @Test
    void aFailureComesBackWholeWithWorkerAndTask() {
        Throwable failure = onlyFailure(run(FailingTestCase.class));

        assertThat(failure)
                .isInstanceOf(TaskFailedError.class)
                .hasMessageMatching("worker [01], task 3: expected: <1> but was: <2>(\\R.*)?");
        TaskFailedError taskFailure = (TaskFailedError) failure;
        assertThat(taskFailure.getExpected().getStringRepresentation()).isEqualTo("1");
        assertThat(taskFailure.getActual().getStringRepresentation()).isEqualTo("2");
        assertThat(taskFailure.getCause())
                .isInstanceOf(AssertionError.class)
                .hasToString("org.opentest4j.AssertionFailedError: expected: <1> but was: <2>");
        assertThat(taskFailure.getStackTrace()).anySatisfy(frame -> {
            assertThat(frame.getClassName()).isEqualTo(FailingTestCase.class.getName());
            assertThat(frame.getMethodName()).isEqualTo("body");
        });
    }

    @Test
    void anExceptionKeepsItsClassCauseAndSuppressed() {
        Throwable failure = onlyFailure(run(ExceptionTestCase.class));

        assertThat(failure)
                .isInstanceOf(TaskFailedError.class)
                .hasMessage("worker 0, task 0: java.lang.IllegalStateException: boom");
        Throwable cause = failure.getCause();
        assertThat(cause).hasToString("java.lang.IllegalStateException: boom").isNotInstanceOf(AssertionError.class);
        assertThat(cause.getCause()).hasToString("java.io.IOException: disk full");
        assertThat(cause.getSuppressed())
                .singleElement()
                .satisfies(suppressed -> assertThat(suppressed).hasToString("java.lang.RuntimeException: cleanup"));
    }

    @Test
    void everyWorkerJvmStartsWithItsOwnTaskSoASecondWorkersExitIsNeverMissed() throws IOException {
        // With one task per worker, worker 1 always runs: its exit fails the test every time.
        for (int attempt = 0; attempt < 3; attempt++) {
            Throwable failure = onlyFailure(run(SecondWorkerExitsTestCase.class));
            assertThat(failure).isInstanceOf(WorkerFailedError.class).hasMessageContaining("exited with code 3");
        }
        // Worker w ran task w, each in its own JVM.
        List<String[]> owned = records("own-");
        assertThat(owned)
                .isNotEmpty()
                .allSatisfy(record -> assertThat(record[1]).isEqualTo(record[2]));
    }

    @Test
    void everyTaskRunsInTheWorkerJvmsAfterFailuresAndTheFailuresAreCountedByKind() throws IOException {
        EngineExecutionResults results = run(ManyFailuresTestCase.class);

        Throwable failure = onlyFailure(results);
        assertThat(failure).isInstanceOf(TaskFailedError.class);
        TaskFailedError first = (TaskFailedError) failure;
        assertThat(first.taskIndex()).isEqualTo(0);
        assertThat(first.workerIndex()).isEqualTo(0);
        assertThat(first.failuresOfThisKind()).isEqualTo(10);
        assertThat(first.getMessage())
                .contains("(10 of 40 tasks failed on 2 PROCESSES workers of 'body(TaskContext)';"
                        + " 30 passed: 10 × AssertionFailedError: expected: <0> but was: <x> at ");
        assertThat(first.getSuppressed()).hasSize(3);
        assertThat(records("ran-")).hasSize(40);
        assertThat(reportEntries(results))
                .singleElement()
                .satisfies(entry -> assertThat(entry)
                        .containsEntry("parallelruns.tasksStarted", "40")
                        .containsEntry("parallelruns.failures", "10"));
    }

    @Test
    void aWorkerThatCallsSystemExitFailsTheTestNamingItsExitCode() {
        Throwable failure = onlyFailure(run(ExitTestCase.class));

        assertThat(failure)
                .isInstanceOf(WorkerFailedError.class)
                .hasMessageContaining("exited with code 3 (System.exit(3) or Runtime.halt(3) called in the test?), "
                        + "before its test ended.")
                .hasMessageContaining("Last lines of its stdout:" + System.lineSeparator() + "  about to exit")
                .hasMessageContaining("Command: ");
    }

    @Test
    void aTimeoutDumpsTheWorkersThreadsAndKillsThem() throws IOException {
        Throwable failure = onlyFailure(run(HangingTestCase.class));

        assertThat(failure)
                .isInstanceOf(TimeoutException.class)
                .hasMessageStartingWith("@ParallelRuns run of 'body()' timed out after 5 s: 2 of 2 workers were still "
                        + "running (worker 0 in its worker JVM (pid ");
        assertThat(failure.getSuppressed())
                .hasSize(2)
                .allSatisfy(dump -> assertThat(dump.getMessage())
                        .contains("its thread dump:")
                        .contains(HangingTestCase.class.getName() + ".body("));
        assertWorkersGone(records("hanging-").stream().map(record -> record[1]).collect(Collectors.toSet()));
    }

    @Test
    void workerOutputAppearsLiveWithTheWorkerNamed() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run(PrintingTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("[worker 0] hello from task ")
                .contains("[worker 1] hello from task ");
    }

    @Test
    void aLaterTestReusesTheWorkerJvmsOfAnEarlierOneWithTheSameCommand() throws IOException {
        run(ReuseTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(3));

        Map<String, Set<String>> pidsByTest = records("reuse-").stream()
                .collect(Collectors.groupingBy(
                        record -> record[1], Collectors.mapping(record -> record[2], Collectors.toSet())));
        assertThat(pidsByTest.get("first")).hasSize(2);
        assertThat(pidsByTest.get("second")).isEqualTo(pidsByTest.get("first"));
        // Other JVM options: the idle workers cannot serve this test, new ones are started.
        assertThat(pidsByTest.get("otherOptions")).hasSize(2).doesNotContainAnyElementsOf(pidsByTest.get("first"));
        assertWorkersGone(records("reuse-").stream().map(record -> record[2]).collect(Collectors.toSet()));
    }

    @Test
    void withReuseOffEveryTestStartsFreshWorkers() throws IOException {
        run(ReuseTestCase.class, "parallelruns.processes.reuse", "false")
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(3));

        Set<String> pids = records("reuse-").stream().map(record -> record[2]).collect(Collectors.toSet());
        assertThat(pids).hasSize(6);
        assertWorkersGone(pids);
    }

    @Test
    void workersSeeSurefiresSystemPropertiesAndItsAssertionSetting() {
        // Surefire sets both inside its JVM, not on the command line: they must be passed on explicitly.
        assertThat(System.getProperty("parallelrunstest.fromSurefire"))
                .as("run by Surefire")
                .isEqualTo("yes");
        assertThat(EnvironmentTestCase.class.desiredAssertionStatus())
                .as("assertions on here")
                .isTrue();

        run(EnvironmentTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void junitsOwnTimeoutStillGetsTheWorkersThreadDumps() {
        Throwable failure = onlyFailure(run(JupiterTimeoutTestCase.class));

        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat(failure.getSuppressed()).singleElement().satisfies(ours -> {
            assertThat(ours).hasMessageContaining("was interrupted after");
            assertThat(ours.getSuppressed())
                    .singleElement()
                    .satisfies(dump ->
                            assertThat(dump.getMessage()).contains(JupiterTimeoutTestCase.class.getName() + ".body("));
        });
    }

    @Test
    void aTimeoutCountsTheTasksTheWorkersWereRunningAsStarted() {
        Throwable failure = onlyFailure(run(HangingTestCase.class));

        assertThat(failure.getMessage()).doesNotContain("not started");
    }

    @Test
    void anAssumptionFailingInAWorkersLifecycleAbortsTheTest() {
        EngineExecutionResults results = run(AssumptionInWorkerTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertThat(onlyFailure(results))
                .hasMessage("worker 0, outside its tasks: Assumption failed: only where the "
                        + "coordinator is; 1 of 1 tasks were not started because of the aborted assumption");
    }

    @Test
    void aTestDisabledOnlyInTheWorkerIsAbortedNotFailed() {
        EngineExecutionResults results = run(DisabledInWorkerTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertThat(onlyFailure(results)).hasMessageContaining("the test was skipped in the worker JVM: ");
    }

    @Test
    void failureMessagesShowTheCommandWithoutSystemPropertyValues() {
        System.setProperty("parallelrunstest.secret", "hunter2");
        try {
            assertThat(onlyFailure(run(ExitTestCase.class)).getMessage())
                    .doesNotContain("hunter2")
                    .containsPattern("<\\d+ system properties>");
        } finally {
            System.clearProperty("parallelrunstest.secret");
        }
    }

    private List<String[]> records(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .map(name -> name.split("-"))
                    .collect(Collectors.toList());
        }
    }

    private static void assertWorkersGone(Set<String> pids) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(pids)
                        .noneMatch(pid -> ProcessHandle.of(Long.parseLong(pid))
                                .map(ProcessHandle::isAlive)
                                .orElse(false)));
    }

    static void leave(String name) {
        try {
            Files.createFile(Paths.get(System.getProperty(DIR)).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static class SplittingTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 6)
        void body(TaskContext task) throws InterruptedException {
            assertThat(task.mode()).isEqualTo(Mode.PROCESSES);
            leave("task-" + task.taskIndex() + "-" + pid() + "-" + task.workerIndex());
            // Long next to a round trip to the coordinator (about a millisecond): both workers get tasks.
            Thread.sleep(100);
        }
    }

    static class LifecycleTestCase {
        @BeforeEach
        void before() {
            leave("before-" + pid());
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void body() {}

        @AfterEach
        void after() {
            leave("after-" + pid());
        }
    }

    static class FailingTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 4)
        void body(TaskContext task) {
            if (task.taskIndex() == 3) {
                assertEquals(1, 2);
            }
        }
    }

    static class ExceptionTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            IllegalStateException boom = new IllegalStateException("boom", new IOException("disk full"));
            boom.addSuppressed(new RuntimeException("cleanup"));
            throw boom;
        }
    }

    static class SecondWorkerExitsTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void body(TaskContext task) {
            leave("own-" + task.taskIndex() + "-" + task.workerIndex() + "-" + UUID.randomUUID());
            if (task.workerIndex() == 1) {
                System.exit(3);
            }
        }
    }

    static class ManyFailuresTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 40)
        void body(TaskContext task) {
            leave("ran-" + task.taskIndex());
            if (task.taskIndex() % 4 == 0) {
                assertEquals(0, task.taskIndex() % 10 == 0 ? 1 : 2);
            }
        }
    }

    static class ExitTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            System.out.println("about to exit");
            System.exit(3);
        }
    }

    static class HangingTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, timeout = "5s")
        void body() throws InterruptedException {
            leave("hanging-" + pid());
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ReuseTestCase {
        @BeforeEach
        void everyWorkerJvmSaysWhoItIs(TestInfo test) {
            // Once per test in each worker JVM, however the tasks were shared out.
            leave("reuse-" + test.getTestMethod().orElseThrow().getName() + "-" + pid());
        }

        @Test
        @Order(1)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void first() {}

        @Test
        @Order(2)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void second() {}

        @Test
        @Order(3)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        @WorkerJvmArgs("-Xss2m")
        void otherOptions() {}
    }

    static class EnvironmentTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            assertThat(pid()).isNotEqualTo(Long.parseLong(System.getProperty("parallelrunstest.coordinatorPid", "-1")));
            assertThat(System.getProperty("parallelrunstest.fromSurefire")).isEqualTo("yes");
            boolean assertionsOn = false;
            assert assertionsOn = true;
            assertThat(assertionsOn).as("-ea in the worker").isTrue();
        }
    }

    static class JupiterTimeoutTestCase {
        @Test
        @Timeout(value = 6, unit = TimeUnit.SECONDS)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() throws InterruptedException {
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    static class AssumptionInWorkerTestCase {
        @BeforeEach
        void onlyInTheCoordinatorsJvm() {
            Assumptions.assumeTrue(
                    String.valueOf(pid()).equals(System.getProperty("parallelrunstest.coordinatorPid")),
                    "only where the coordinator is");
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {}
    }

    static class DisabledInWorkerTestCase {
        @Test
        @EnabledIf("inTheCoordinator")
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {}

        static boolean inTheCoordinator() {
            return String.valueOf(pid()).equals(System.getProperty("parallelrunstest.coordinatorPid"));
        }
    }

    static class PrintingTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void body(TaskContext task) throws InterruptedException {
            System.out.println("hello from task " + task.taskIndex());
            Thread.sleep(100);
        }
    }
}
