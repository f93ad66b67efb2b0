package io.github.parallelruns.internal.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Every message about a misused annotation or a bad configuration value, built in one place. */
@API(status = INTERNAL, since = "0.1")
public final class ConfigurationErrors {

    private ConfigurationErrors() {}

    /** {@code @ParallelRuns on method 'sum(TaskContext)' must declare workers >= 1 or 0 for auto, but was -3}. */
    static ExtensionConfigurationException attribute(
            String annotation, String method, String attribute, String rule, Object value) {
        return new ExtensionConfigurationException(annotation + " on method '" + method + "' must declare " + attribute
                + " " + rule + ", but was " + quoted(value));
    }

    /** {@code Configuration parameter 'parallelruns.workers.default' must be ..., but was 'x'}. */
    static ExtensionConfigurationException parameter(String key, String rule, String value) {
        return new ExtensionConfigurationException(
                "Configuration parameter '" + key + "' must be " + rule + ", but was '" + value + "'");
    }

    static ExtensionConfigurationException mode(String annotation, String method, String reason) {
        return new ExtensionConfigurationException(annotation + " on method '" + method + "': " + reason);
    }

    /** A {@code @ParallelRuns} method that is not a {@code @Test}, {@code @RepeatedTest} or {@code @ParameterizedTest}. */
    public static ExtensionConfigurationException notATest(String method, String found) {
        return new ExtensionConfigurationException("@ParallelRuns on method '" + method
                + "' needs @Test, @RepeatedTest or @ParameterizedTest on the same method, but found " + found);
    }

    /** {@code @ExpectSpeedup} on a method whose body is not run in parallel. */
    public static ExtensionConfigurationException expectSpeedupWithoutParallelRuns(String method) {
        return new ExtensionConfigurationException("@ExpectSpeedup on method '" + method + "' needs @ParallelRuns on "
                + "the same method: the speedup is that of its parallel run over the same tasks on one worker");
    }

    /** {@code @ScalingSweep} on a method whose body is not run in parallel. */
    public static ExtensionConfigurationException sweepWithoutParallelRuns(String method) {
        return new ExtensionConfigurationException("@ScalingSweep on method '" + method + "' needs @ParallelRuns on "
                + "the same method: the sweep runs its body over several worker counts");
    }

    /** {@code @ScalingSweep} and {@code @ExpectSpeedup} on one method. */
    public static ExtensionConfigurationException sweepWithExpectSpeedup(String method) {
        return new ExtensionConfigurationException("@ScalingSweep and @ExpectSpeedup on method '" + method + "' "
                + "cannot be combined: a sweep measures every worker count and asserts with its own "
                + "maxSerialFraction and nonDecreasing; put the single-count bound in a separate test");
    }

    /** {@code @WorkerJvmArgs} on a test whose workers are not JVMs. */
    public static ExtensionConfigurationException workerJvmArgsWithoutProcesses(String method, Object mode) {
        return new ExtensionConfigurationException("@WorkerJvmArgs on method '" + method + "' needs @ParallelRuns(mode "
                + "= PROCESSES), but the mode is " + mode + ": its workers are threads of this JVM and take no JVM "
                + "options");
    }

    public static ExtensionConfigurationException blankWorkerJvmArg(String method, List<String> options) {
        return new ExtensionConfigurationException("Worker JVM options of method '" + method + "' must not be blank, "
                + "but were "
                + options.stream().map(option -> "'" + option + "'").collect(Collectors.joining(", ", "[", "]")));
    }

    /** A {@code TaskContext} parameter where no parallel run hands one out. */
    public static ExtensionConfigurationException taskContextOutsideRun(String executable, String reason) {
        return new ExtensionConfigurationException("TaskContext parameter of '" + executable + "' cannot be "
                + "resolved: " + reason + ". A TaskContext is only injected into the test method that carries "
                + "@ParallelRuns, once per task.");
    }

    /** Keys under {@code parallelruns.} that no part of ParallelRuns reads: most likely misspelt. */
    static ExtensionConfigurationException unknownKeys(Map<String, String> unknownKeysAndSources, Set<String> known) {
        String listed = unknownKeysAndSources.entrySet().stream()
                .map(entry -> "'" + entry.getKey() + "' (" + entry.getValue() + ")")
                .collect(Collectors.joining(", "));
        return new ExtensionConfigurationException("Unknown ParallelRuns configuration parameter"
                + (unknownKeysAndSources.size() > 1 ? "s " : " ") + listed + "; the known ones are "
                + known.stream().sorted().collect(Collectors.joining(", ")));
    }

    private static String quoted(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
