package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.LargeFailures;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.worker.WorkerSession;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Worker JVMs that exit, halt, are killed, run out of memory, or flood their output; and a coordinator killed. */
class ProcessFaultsTests extends WorkerJvmTestSupport {

    @Test
    void haltIsReportedWithItsCode() {
        assertThat(onlyFailure(run(HaltTestCase.class)))
                .isInstanceOf(WorkerFailedError.class)
                .hasMessageMatching("(?s)worker 0 \\(pid \\d+\\) exited with code 7 \\(System.exit\\(7\\) or "
                        + "Runtime.halt\\(7\\) called in the test\\?\\), before its test ended\\..*");
    }

    @Test
    void exitZeroWithoutAResultIsAFailure() {
        assertThat(onlyFailure(run(ExitZeroTestCase.class)))
                .isInstanceOf(WorkerFailedError.class)
                .hasMessageContaining(
                        "exited with code 0 without reporting a result (System.exit(0) called in the test?)");
    }

    @Test
    void aKilledWorkerIsReportedAsKilled() {
        assertThat(onlyFailure(run(KilledTestCase.class)))
                .isInstanceOf(WorkerFailedError.class)
                .hasMessageContaining(
                        "was killed, exit code 137 (SIGKILL: kill -9, or the kernel's out-of-memory killer)");
    }

    @Test
    void runningOutOfMemoryIsATaskFailureAndTheWorkerJvmOptionsApply() {
        assertThat(onlyFailure(run(OutOfMemoryTestCase.class)))
                .isInstanceOf(TaskFailedError.class)
                .hasMessageStartingWith("worker 0, task 0: java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void aStackOverflowIsATaskFailure() {
        assertThat(onlyFailure(run(StackOverflowTestCase.class)))
                .isInstanceOf(TaskFailedError.class)
                .hasMessage("worker 0, task 0: java.lang.StackOverflowError");
    }

    @Test
    void aFailureTooLargeForOneRecordArrivesCutWithANoteAndTheWorkerServesTheNextTest() throws IOException {
        EngineExecutionResults results = run(LargeFailureTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(1));
        Throwable failure = onlyFailure(results);
        assertThat(failure)
                .isInstanceOf(TaskFailedError.class)
                .hasMessageStartingWith("worker 0, task 0: java.lang.IllegalStateException: the run failed [not sent "
                        + "by the worker: ")
                .hasMessageContaining(" suppressed exceptions and ")
                .hasMessageContaining(" stack frames (the failure is over 16 MiB)]");
        Throwable first = failure.getCause().getSuppressed()[0];
        assertThat(first).hasToString("java.lang.IllegalArgumentException: task 0 failed");
        assertThat(first.getStackTrace()).hasSize(LargeFailures.FRAMES);
        assertThat(first.getSuppressed()).hasSize(LargeFailures.INNER);
        // Not killed: the same worker JVM ran the next test.
        List<String> pids = leftFiles("large-");
        assertThat(pids).hasSize(2);
        assertThat(pids.get(0).replaceAll(".*-", "")).isEqualTo(pids.get(1).replaceAll(".*-", ""));
    }

    @Test
    void aRecordCutShortIsReportedAsMalformedNamingTheWorkerAndTheWorkerIsKilled() {
        Throwable failure = onlyFailure(run(CutShortRecordTestCase.class));

        assertThat(failure)
                .isInstanceOf(WorkerFailedError.class)
                .hasMessageMatching("(?s)worker 0 \\(pid \\d+\\) "
                        + "sent what the coordinator could not read \\(malformed TASK_FAILED record: it ends before its last "
                        + "field\\) and was killed, before its test ended\\..*");
    }

    @Test
    void aResultWithAnUnknownStatusIsReportedAsMalformedNotAsAFailedTest() {
        Throwable failure = onlyFailure(run(UnknownResultStatusTestCase.class));

        assertThat(failure)
                .isInstanceOf(WorkerFailedError.class)
                .hasMessageMatching("(?s)worker 0 \\(pid \\d+\\) "
                        + "sent what the coordinator could not read \\(malformed RESULT record: unknown result status 9 "
                        + "\\(known: 0 to 4\\)\\) and was killed, before its test ended\\..*");
    }

    @Test
    void a100MegabyteFloodOfOutputNeitherBlocksNorFillsMemory() {
        PrintStream original = System.out;
        AtomicLong bytes = new AtomicLong();
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        bytes.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        bytes.addAndGet(len);
                    }
                },
                true,
                StandardCharsets.UTF_8));
        try {
            run(FloodTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
        } finally {
            System.setOut(original);
        }
        assertThat(bytes.get()).isGreaterThan(100L * 1024 * 1024);
    }

    @Test
    void workersEndWhenTheCoordinatorIsKilled() throws Exception {
        // A temporary folder of its own: another build's pool, which deletes stale argfiles, cannot see into it.
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        List<String> options = List.of("-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"));
        Process coordinator = startJvm(
                dir.resolve("coordinator.log"),
                options,
                ChildCoordinator.class.getName(),
                OrphanTestCase.class.getName());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> workerPids().size() == 2);
            List<Long> workers = workerPids();

            coordinator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(workers)
                            .noneMatch(pid -> ProcessHandle.of(pid)
                                    .map(ProcessHandle::isAlive)
                                    .orElse(false)));
            // Its argfile, with every system property it had, is left behind: the next run deletes it.
            assertThat(argfilesOf(tmp, coordinator.pid())).hasSize(1);
            runJvmSuccessfully(options, ChildCoordinator.class.getName(), PassingTestCase.class.getName());
            assertThat(argfilesOf(tmp, coordinator.pid())).isEmpty();
        } finally {
            coordinator.destroyForcibly();
        }
    }

    @Test
    void theBodyReadsAnEmptySystemInInsteadOfBlocking() {
        run(ReadsStdinTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void processesTheBodyStartedEndWithItsRunWhenItPasses() throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            run(StartsAProcessTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
        } finally {
            System.setErr(original);
        }
        List<Long> children = pidsLeft("child-");
        assertThat(children).hasSize(1);

        // Ended before the worker reported its result, not some time later.
        assertThat(ProcessHandle.of(children.get(0)).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("ended 1 process the test left running: " + children.get(0) + " (")
                .contains("sleep 300)");
    }

    @Test
    void aManifestOnlyClassPathJarInAPathWithSpacesAndAccentsExpandsToALongClassPath() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("class path with spaces é ü"));
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Paths.get(entry).toUri().toString());
        }
        for (int i = 0; i < 2500; i++) {
            // Entries that do not exist are harmless, and make the expanded class path longer than 128 KiB.
            entries.add(folder.resolve("missing-library-number-" + i + "-with-a-long-name.jar")
                    .toUri()
                    .toString());
        }
        Path jar = folder.resolve("classpath é.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        assertThat(String.join(File.pathSeparator, entries).length()).isGreaterThan(128 * 1024);

        String log = runJvmSuccessfully(
                List.of(),
                "-cp",
                jar.toString(),
                ChildCoordinator.class.getName(),
                ProcessesTests.SplittingTestCase.class.getName());

        assertThat(log).contains("tests succeeded: 1, failed: 0");
    }

    @Test
    void testsStartedByTheConsoleLauncherStandaloneJarRunInWorkers() throws Exception {
        Path console = Paths.get("target", "test-tools", "junit-platform-console-standalone.jar");
        assertThat(console).as("copied by the build (maven-dependency-plugin)").isRegularFile();
        // The Console Launcher's own jar holds JUnit; the tests and their libraries come with -cp.
        String testClassPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry ->
                        !entry.contains("junit-") && !entry.contains("opentest4j") && !entry.contains("apiguardian"))
                .collect(Collectors.joining(File.pathSeparator));

        String log = runJvmSuccessfully(
                List.of(),
                "-jar",
                console.toString(),
                "execute",
                "--disable-banner",
                "--details=summary",
                "-cp",
                testClassPath,
                "--select-class",
                ProcessesTests.SplittingTestCase.class.getName());

        assertThat(log).containsPattern("1 tests successful");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(file -> file.getFileName().toString().startsWith("task-")))
                    .hasSize(6);
        }
    }

    @Test
    void aJavaAgentSuchAsJaCoCoKeepsWorkingInEveryWorker() throws Exception {
        Path agent = Paths.get("target", "test-tools", "jacocoagent.jar").toAbsolutePath();
        assertThat(agent).as("copied by the build (maven-dependency-plugin)").isRegularFile();
        Path exec = dir.resolve("jacoco.exec");

        runJvmSuccessfully(
                List.of("-javaagent:" + agent + "=destfile=" + exec),
                "-cp",
                System.getProperty("java.class.path"),
                ChildCoordinator.class.getName(),
                ProcessesTests.SplittingTestCase.class.getName());
        // WorkerMain only ever runs in worker JVMs: its coverage can only come from their agents.
        String data = new String(Files.readAllBytes(exec), StandardCharsets.ISO_8859_1);
        assertThat(data).contains("io/github/parallelruns/internal/worker/WorkerMain");
    }

    private List<String> leftFiles(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private List<Long> workerPids() throws IOException {
        return pidsLeft("orphan-");
    }

    private List<Long> pidsLeft(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .map(name -> Long.parseLong(name.substring(prefix.length())))
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> argfilesOf(Path tmp, long coordinatorPid) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(file ->
                            file.getFileName().toString().startsWith("parallelruns-worker-" + coordinatorPid + "-"))
                    .collect(Collectors.toList());
        }
    }

    static class PassingTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {}
    }

    static class ReadsStdinTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, timeout = "60s")
        void body() throws IOException {
            Assertions.assertThat(System.in.available()).isZero();
            Assertions.assertThat(System.in.read()).isEqualTo(-1);
            Assertions.assertThat(new Scanner(System.in).hasNextLine()).isFalse();
        }
    }

    static class StartsAProcessTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() throws IOException {
            Process child = new ProcessBuilder("sleep", "300").start();
            ProcessesTests.leave("child-" + child.pid());
        }
    }

    static class HaltTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            Runtime.getRuntime().halt(7);
        }
    }

    static class ExitZeroTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            System.exit(0);
        }
    }

    static class KilledTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() throws Exception {
            new ProcessBuilder(
                            "kill", "-9", String.valueOf(ProcessHandle.current().pid()))
                    .start()
                    .waitFor();
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }

    static class OutOfMemoryTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        @WorkerJvmArgs("-Xmx48m")
        void body() {
            List<long[]> hog = new ArrayList<>();
            while (true) {
                hog.add(new long[1024 * 1024]);
            }
        }
    }

    static class StackOverflowTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            recurse(0);
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LargeFailureTestCase {
        @Test
        @Order(1)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1, timeout = "60s")
        void a() {
            ProcessesTests.leave("large-a-" + ProcessesTests.pid());
            throw LargeFailures.hundredFailuresOfAHundredEach();
        }

        @Test
        @Order(2)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void b() {
            ProcessesTests.leave("large-b-" + ProcessesTests.pid());
        }
    }

    static class CutShortRecordTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1, timeout = "60s")
        void body() throws Exception {
            Field current = WorkerSession.class.getDeclaredField("current");
            current.setAccessible(true);
            Field channel = WorkerSession.class.getDeclaredField("channel");
            channel.setAccessible(true);
            // A task failure with its task index only: the rest of the record is missing.
            ((Channel) channel.get(current.get(null))).send(MessageType.TASK_FAILED, out -> out.writeInt(0));
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }

    static class UnknownResultStatusTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1, timeout = "60s")
        void body() throws Exception {
            Field current = WorkerSession.class.getDeclaredField("current");
            current.setAccessible(true);
            Field channel = WorkerSession.class.getDeclaredField("channel");
            channel.setAccessible(true);
            // A RESULT whose status is no status's code, with the rest of the record as it should be.
            ((Channel) channel.get(current.get(null)))
                    .sendFailure(
                            MessageType.RESULT,
                            out -> {
                                out.writeByte(9);
                                out.writeBoolean(true);
                            },
                            null);
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }

    static class FloodTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1)
        void body() {
            String line = "x".repeat(1023);
            for (int i = 0; i < 100 * 1024; i++) {
                System.out.println(line);
            }
        }
    }

    static class OrphanTestCase {
        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2)
        void body() throws InterruptedException {
            ProcessesTests.leave("orphan-" + ProcessHandle.current().pid());
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
