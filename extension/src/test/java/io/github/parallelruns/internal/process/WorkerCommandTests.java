package io.github.parallelruns.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerCommandTests {

    @Test
    void debuggerAgentsAreNotPassedOn() {
        List<String> options = WorkerCommand.inheritedOptions(List.of(
                "-Xmx1g",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005",
                "-Xrunjdwp:transport=dt_socket,address=5006",
                "-Xdebug",
                "-javaagent:/opt/idea/plugins/java/lib/rt/debugger-agent.jar",
                "-javaagent:/home/me/.m2/org/jacoco/jacocoagent.jar=destfile=target/jacoco.exec",
                "-Dcustom=1"), variable -> null);

        assertThat(options).containsExactly("-Xmx1g",
                "-javaagent:/home/me/.m2/org/jacoco/jacocoagent.jar=destfile=target/jacoco.exec", "-Dcustom=1");
    }

    @Test
    void optionsThatTheEnvironmentAddsAreLeftToTheEnvironment() {
        Map<String, String> environment = Map.of(
                "JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8  -javaagent:/agents/apm.jar",
                "JDK_JAVA_OPTIONS", "-Xss2m");

        List<String> options = WorkerCommand.inheritedOptions(List.of("-Dfile.encoding=UTF-8",
                "-javaagent:/agents/apm.jar", "-Xss2m", "-Xss2m", "-Xmx512m"), environment::get);

        // The worker inherits the environment: the agent would otherwise be loaded twice.
        assertThat(options).containsExactly("-Xss2m", "-Xmx512m");
    }

    @Test
    void perJvmFilesAreNotShared() {
        assertThat(WorkerCommand.inheritedOptions(List.of("-XX:HeapDumpPath=/tmp/dump.hprof",
                "-XX:ErrorFile=/tmp/hs_err.log", "-XX:+HeapDumpOnOutOfMemoryError"), variable -> null))
                .containsExactly("-XX:+HeapDumpOnOutOfMemoryError");
    }
}
