package io.github.parallelruns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests of worker JVMs: a directory that the fixtures, running in the workers, leave files in (its
 * path reaches them as the system property {@value ProcessesTests#DIR}), and a way to start a JVM of
 * its own as the coordinator.
 */
abstract class WorkerJvmTestSupport {

    @TempDir
    Path dir;

    @BeforeEach
    void shareTheDirectoryWithTheWorkers() {
        System.setProperty(ProcessesTests.DIR, dir.toString());
        System.setProperty(
                "parallelrunstest.coordinatorPid",
                String.valueOf(ProcessHandle.current().pid()));
    }

    @AfterEach
    void forgetIt() {
        System.clearProperty(ProcessesTests.DIR);
        System.clearProperty("parallelrunstest.coordinatorPid");
    }

    /** Starts {@code java <jvmOptions> -D<dir property> <arguments>}, its output going to {@code log}. */
    Process startJvm(Path log, List<String> jvmOptions, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-D" + ProcessesTests.DIR + "=" + dir);
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Runs a JVM as {@link #startJvm} does, and asserts that it ends within two minutes with exit code 0. */
    String runJvmSuccessfully(List<String> jvmOptions, String... arguments) throws Exception {
        Path log = dir.resolve("jvm.log");
        Process jvm = startJvm(log, jvmOptions, arguments);
        boolean ended = jvm.waitFor(120, TimeUnit.SECONDS);
        String output = Files.readString(log);
        assertThat(ended).as(output).isTrue();
        assertThat(jvm.exitValue()).as(output).isZero();
        return output;
    }
}
