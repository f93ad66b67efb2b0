package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two worker JVMs share 6 tasks, each leaving a file "task-N" that says which worker and which JVM ran
 * it; the next test, which runs in this JVM only, checks that every task ran once, in two JVMs other
 * than this one. That needs the worker JVMs to find the library, JUnit and this class on the class
 * path this project's build gave the test JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessesTests {

    static Path markers() {
        return Paths.get(System.getProperty("consumer.markers"));
    }

    @Test
    @Order(1)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 6)
    void sixTasksOnTwoWorkerJvms(TaskContext task) throws IOException {
        Files.createDirectories(markers());
        Files.writeString(
                markers().resolve("task-" + task.taskIndex()),
                task.workerIndex() + " " + ProcessHandle.current().pid());
    }

    @Test
    @Order(2)
    void everyTaskRanOnceInAWorkerJvm() throws IOException {
        Map<String, List<String>> lines;
        try (Stream<Path> files = Files.list(markers())) {
            lines = files.collect(Collectors.toMap(path -> path.getFileName().toString(), ProcessesTests::words));
        }
        assertEquals(
                IntStream.range(0, 6).mapToObj(i -> "task-" + i).collect(Collectors.toSet()), lines.keySet());
        assertEquals(
                Set.of("0", "1"), lines.values().stream().map(words -> words.get(0)).collect(Collectors.toSet()));
        Set<String> pids = lines.values().stream().map(words -> words.get(1)).collect(Collectors.toSet());
        assertEquals(2, pids.size(), () -> "worker JVMs " + pids);
        assertFalse(pids.contains(String.valueOf(ProcessHandle.current().pid())), "a task ran in the test's own JVM");
    }

    private static List<String> words(Path file) {
        try {
            return List.of(Files.readString(file).split(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
