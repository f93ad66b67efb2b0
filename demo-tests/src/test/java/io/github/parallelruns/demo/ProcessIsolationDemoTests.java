package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.WorkerFailedError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What only worker JVMs give: static state of their own, and a {@code System.exit} that ends one
 * worker instead of the whole test run; and where each part of a test's lifecycle runs. The
 * crashing test and the lifecycle fixture run through JUnit's test kit, so that this demo can show
 * their outcome and still pass.
 */
class ProcessIsolationDemoTests {

    // tag::statics[]
    static int tasksInThisJvm; // static: one copy per JVM, so one per worker
    static int workerOfThisJvm = -1;

    @BeforeAll // runs in the coordinator and again in each worker JVM
    static void startCounting() {
        tasksInThisJvm = 0;
        workerOfThisJvm = -1;
    }

    @Test
    @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 20, timeout = "60s")
    void eachWorkerHasItsOwnStatics(TaskContext task) throws InterruptedException {
        if (workerOfThisJvm == -1) {
            workerOfThisJvm = task.workerIndex();
        }
        // On THREADS both workers would share these fields, and this would fail.
        assertThat(workerOfThisJvm).isEqualTo(task.workerIndex());
        tasksInThisJvm++; // no lock needed: a worker JVM runs its tasks one after the other
        Thread.sleep(5);
    }

    @AfterAll // in each worker JVM, and in the coordinator, where the body never ran
    static void printThisJvmsCount() {
        System.out.println("JVM " + ProcessHandle.current().pid() + " counted " + tasksInThisJvm + " of 20 tasks");
    }
    // end::statics[]

    // tag::exit[]
    static class ExitingTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2, timeout = "60s")
        void oneTaskCallsSystemExit(TaskContext task) {
            if (task.taskIndex() == 1) {
                System.out.println("task 1 calls System.exit(3)");
                System.exit(3); // on THREADS this would end the test JVM, and the build with it
            }
        }
    }

    @Test
    void aWorkerThatExitsFailsItsTestNotTheTestRun() {
        Throwable failure = onlyFailure(EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ExitingTestCase.class))
                .execute());

        assertThat(failure)
                .isInstanceOf(WorkerFailedError.class)
                .hasMessageContaining("exited with code 3 (System.exit(3) or Runtime.halt(3) called in the test?), "
                        + "before its test ended.")
                .hasMessageContaining(
                        "Last lines of its stdout:" + System.lineSeparator() + "  task 1 calls System.exit(3)");
    }
    // end::exit[]

    // tag::where[]
    static class WhereItRunsTestCase {
        WhereItRunsTestCase() {
            say("constructor");
        }

        @BeforeAll
        static void beforeAll() {
            say("@BeforeAll");
        }

        @BeforeEach
        void beforeEach() {
            say("@BeforeEach");
        }

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, timeout = "60s")
        void body(TaskContext task) {
            say("body, task " + task.taskIndex());
        }

        @AfterEach
        void afterEach() {
            say("@AfterEach");
        }

        @AfterAll
        static void afterAll() {
            say("@AfterAll");
        }

        static void say(String what) {
            System.out.println(what + " in JVM " + ProcessHandle.current().pid());
        }
    }
    // end::where[]

    @Test
    void theCoordinatorRunsTheClassLifecycleAndEachWorkerRunsAllOfIt() {
        List<String> lines = printedBy(() -> EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(WhereItRunsTestCase.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(1)));
        lines.forEach(line -> System.out.println("[demo] " + line));

        String coordinator = " in JVM " + ProcessHandle.current().pid();
        assertThat(lines.stream().filter(line -> line.endsWith(coordinator)))
                .containsExactly("@BeforeAll" + coordinator, "constructor" + coordinator, "@AfterAll" + coordinator);
        for (String worker : List.of("[worker 0] ", "[worker 1] ")) {
            // Which worker runs which of the two tasks is up to the queue.
            assertThat(lines.stream()
                            .filter(line -> line.startsWith(worker))
                            .map(line -> line.substring(worker.length()).replaceAll(" in JVM \\d+$", ""))
                            .filter(line -> !line.startsWith("body")))
                    .containsExactly("@BeforeAll", "constructor", "@BeforeEach", "@AfterEach", "@AfterAll");
        }
        assertThat(lines.stream().filter(line -> line.matches("\\[worker \\d] body, task \\d in JVM \\d+")))
                .hasSize(2);
    }

    private static Throwable onlyFailure(EngineExecutionResults results) {
        List<Throwable> failures = results.testEvents().finished().list().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow())
                .filter(result -> result.getStatus() == TestExecutionResult.Status.FAILED)
                .map(result -> result.getThrowable().orElseThrow())
                .collect(Collectors.toList());
        assertThat(failures).hasSize(1);
        System.out.println("[demo] the test failed, and the test JVM lives on: "
                + failures.get(0).getMessage().lines().findFirst().orElse(""));
        return failures.get(0);
    }

    /** What the coordinator and its workers print while {@code run} runs, line by line. */
    private static List<String> printedBy(Runnable run) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\\R"));
    }
}
