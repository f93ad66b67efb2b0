package io.github.parallelruns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.opentest4j.TestAbortedException;

/** Runs fixture classes through the Jupiter engine and reads what it reported. */
final class EngineRuns {

    private EngineRuns() {}

    static EngineExecutionResults run(Class<?> testCase, String... configuration) {
        return kit(configuration).selectors(selectClass(testCase)).execute();
    }

    /** {@code methodName} with its parameter types for methods that have parameters: {@code sum(io.github.parallelruns.TaskContext)}. */
    static EngineExecutionResults runMethod(Class<?> testCase, String methodName, String... configuration) {
        return kit(configuration)
                .selectors(
                        methodName.contains("(")
                                ? selectMethod(testCase.getName() + "#" + methodName)
                                : selectMethod(testCase, methodName))
                .execute();
    }

    private static EngineTestKit.Builder kit(String... configuration) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter");
        for (int i = 0; i < configuration.length; i += 2) {
            kit = kit.configurationParameter(configuration[i], configuration[i + 1]);
        }
        return kit;
    }

    /** The throwable of the only failed or aborted test or container (a {@code @TestFactory} is a container). */
    static Throwable onlyFailure(EngineExecutionResults results) {
        List<Throwable> failures = results.allEvents().list().stream()
                .filter(event -> event.getType() == EventType.FINISHED)
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow())
                .filter(result -> result.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                .map(result -> result.getThrowable().orElseThrow())
                .collect(Collectors.toList());
        if (failures.size() != 1) {
            throw new AssertionError("expected exactly one failed test, got " + failures);
        }
        return failures.get(0);
    }

    /**
     * Whether {@code failure} is the verdict a body that really misses its bound gets on a machine too
     * busy to trust a FAIL: INCONCLUSIVE (environment), aborted. Sleep-bound bodies keep their speedups
     * under load, but other processes taking every core make their pairs disturbed, and a FAIL resting
     * on disturbed pairs is not given; what load cannot change, the measured figures, is then checked
     * by the caller in the message.
     */
    static boolean inconclusiveForTheMachine(Throwable failure) {
        return failure instanceof TestAbortedException
                && String.valueOf(failure.getMessage())
                        .matches("(?s).*(INCONCLUSIVE \\(environment\\)|\\(environment\\): INCONCLUSIVE).*");
    }

    /**
     * Asserts the one test either PASSed ({@code true}) or, because other processes kept every core busy for the
     * whole budget, ended INCONCLUSIVE (environment), aborted ({@code false}): never a FAIL, never a plain
     * INCONCLUSIVE. The caller checks the figures a PASS must show only when it returns {@code true}.
     *
     * @param entry the test's speedup report entry
     */
    static boolean passedUnlessTheMachineWasBusy(EngineExecutionResults results, Map<String, String> entry) {
        if ("INCONCLUSIVE".equals(entry.get("parallelruns.speedup.verdict"))
                && "true".equals(entry.get("parallelruns.speedup.environment"))) {
            results.testEvents().assertStatistics(stats -> stats.aborted(1));
            return false;
        }
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(entry).containsEntry("parallelruns.speedup.verdict", "PASS");
        return true;
    }

    /** The ParallelRuns report entries, one map per run, in the order they were published. */
    static List<Map<String, String>> reportEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .filter(entry -> entry.containsKey("parallelruns.mode"))
                .collect(Collectors.toList());
    }

    static List<Event> finished(EngineExecutionResults results) {
        return results.testEvents().finished().list();
    }
}
