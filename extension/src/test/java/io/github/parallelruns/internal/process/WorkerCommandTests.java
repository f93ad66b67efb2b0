package io.github.parallelruns.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTests {

    @Test
    void debuggerAgentsAreNotPassedOn() {
        List<String> options = WorkerCommand.inheritedOptions(
                List.of(
                        "-Xmx1g",
                        "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005",
                        "-Xrunjdwp:transport=dt_socket,address=5006",
                        "-Xdebug",
                        "-javaagent:/opt/idea/plugins/java/lib/rt/debugger-agent.jar",
                        "-javaagent:/home/me/.m2/org/jacoco/jacocoagent.jar=destfile=target/jacoco.exec",
                        "-Dcustom=1"),
                variable -> null);

        assertThat(options)
                .containsExactly(
                        "-Xmx1g",
                        "-javaagent:/home/me/.m2/org/jacoco/jacocoagent.jar=destfile=target/jacoco.exec",
                        "-Dcustom=1");
    }

    @Test
    void optionsThatTheEnvironmentAddsAreLeftToTheEnvironment() {
        Map<String, String> environment = Map.of(
                "JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8  -javaagent:/agents/apm.jar",
                "JDK_JAVA_OPTIONS", "-Xss2m");

        List<String> options = WorkerCommand.inheritedOptions(
                List.of("-Dfile.encoding=UTF-8", "-javaagent:/agents/apm.jar", "-Xss2m", "-Xss2m", "-Xmx512m"),
                environment::get);

        // The worker inherits the environment: the agent would otherwise be loaded twice.
        assertThat(options).containsExactly("-Xss2m", "-Xmx512m");
    }

    @Test
    void perJvmFilesAreNotShared() {
        assertThat(WorkerCommand.inheritedOptions(
                        List.of(
                                "-XX:HeapDumpPath=/tmp/dump.hprof",
                                "-XX:ErrorFile=/tmp/hs_err.log",
                                "-XX:+HeapDumpOnOutOfMemoryError"),
                        variable -> null))
                .containsExactly("-XX:+HeapDumpOnOutOfMemoryError");
    }

    @Test
    void aLineBreakInAPropertyValueStaysInTheValueAndAddsNoOption() throws Exception {
        WorkerCommand command = new WorkerCommand(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("-Dx=first\n-Dz=injected", "-Dy=back\\slash \"quoted\"\ttab\r\nend\f", "-Dw=\\n"),
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        Path argfile = command.writeArgfile();
        try {
            Process jvm = new ProcessBuilder(
                            command.javaExecutable().toString(),
                            "@" + argfile,
                            PropertyPrinter.class.getName(),
                            "x",
                            "y",
                            "z",
                            "w")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(output.lines())
                    .containsExactly(
                            "x=first\\n-Dz=injected",
                            "y=back\\\\slash \"quoted\"\ttab\\r\\nend\\f",
                            "z=<none>",
                            "w=\\\\n");
        } finally {
            Files.deleteIfExists(argfile);
        }
    }

    @Test
    void theJvmsOwnStdinEncodingIsNotPassedOn() {
        String before = System.getProperty("stdin.encoding");
        System.setProperty("stdin.encoding", "UTF-8");
        try {
            assertThat(WorkerCommand.forThisJvm(WorkerCommandTests.class, List.of())
                            .jvmOptions())
                    .noneMatch(option -> option.startsWith("-Dstdin."));
        } finally {
            if (before == null) {
                System.clearProperty("stdin.encoding");
            } else {
                System.setProperty("stdin.encoding", before);
            }
        }
    }

    @Test
    void argfilesOfCoordinatorsThatAreGoneAreDeletedOthersKept(@TempDir Path folder) throws Exception {
        Process ended = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true)
                .start();
        ended.getInputStream().readAllBytes();
        ended.waitFor();
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            Path ofGone = Files.createFile(folder.resolve("parallelruns-worker-" + ended.pid() + "-123.args"));
            Path ofRunning = Files.createFile(folder.resolve("parallelruns-worker-" + running.pid() + "-456.args"));
            Path ofThisJvm = Files.createFile(folder.resolve(
                    "parallelruns-worker-" + ProcessHandle.current().pid() + "-789.args"));
            // Written long before the process with its id started: that id was reused.
            Path ofReusedId = Files.createFile(folder.resolve("parallelruns-worker-" + running.pid() + "-000.args"));
            Files.setLastModifiedTime(ofReusedId, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
            Path unrelated = Files.createFile(folder.resolve("parallelruns-worker-notapid.args"));
            Path otherTool = Files.createFile(folder.resolve("other-" + ended.pid() + "-1.args"));

            List<Path> deleted = WorkerCommand.deleteStaleArgfiles(folder);

            assertThat(deleted).containsExactlyInAnyOrder(ofGone, ofReusedId);
            assertThat(ofGone).doesNotExist();
            assertThat(ofReusedId).doesNotExist();
            assertThat(List.of(ofRunning, ofThisJvm, unrelated, otherTool)).allMatch(Files::exists);
        } finally {
            running.destroyForcibly();
        }
    }
}
