package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A worker JVM runs every test it is sent in one JUnit Launcher session, opened with its first test and
 * closed when it exits: a user's session listener sees one session per worker JVM, not one per test.
 */
class WorkerLauncherSessionTests extends WorkerJvmTestSupport {

    @AfterEach
    void forgetTheFile() {
        System.clearProperty(SessionRecorder.FILE);
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoTestsOnTheSameWorkersTestCase {

        @Test
        @Order(1)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2)
        void first() throws IOException {
            ranIn();
        }

        @Test
        @Order(2)
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2)
        void second() throws IOException {
            ranIn();
        }

        private static void ranIn() throws IOException {
            long pid = ProcessHandle.current().pid();
            Files.writeString(Paths.get(System.getProperty(ProcessesTests.DIR)).resolve(pid + ".pid"), "");
        }
    }

    @Test
    void oneSessionPerWorkerJvmClosedWhenItExits() throws IOException {
        Path sessions = dir.resolve("sessions.txt");
        System.setProperty(SessionRecorder.FILE, sessions.toString());

        run(TwoTestsOnTheSameWorkersTestCase.class)
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));

        List<String> workers;
        try (var files = Files.list(dir)) {
            workers = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".pid"))
                    .map(name -> name.substring(0, name.length() - ".pid".length()))
                    .collect(Collectors.toList());
        }
        assertThat(workers).hasSize(2);
        Map<String, Long> lines = Files.readAllLines(sessions).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        for (String worker : workers) {
            assertThat(lines).containsEntry("opened " + worker, 1L).containsEntry("closed " + worker, 1L);
        }
    }
}
