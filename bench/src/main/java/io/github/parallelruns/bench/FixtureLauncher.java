package io.github.parallelruns.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one fixture method through the JUnit Platform, as a build tool would, and returns the wall
 * time that ParallelRuns published for it in its report entry.
 */
final class FixtureLauncher {

    private static final String PREFIX = "parallelruns.";

    private final Launcher launcher = LauncherFactory.create();

    /**
     * Runs {@code fixture.method} once and checks that its parallel run passed with every task
     * started.
     *
     * @return the run's {@code parallelruns.wallTimeMs}, in nanoseconds
     */
    double wallTimeNanos(Class<?> fixture, String method, int workers, int tasks) {
        Method testMethod = Arrays.stream(fixture.getDeclaredMethods())
                .filter(candidate -> candidate.getName().equals(method))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + method + " in " + fixture));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(fixture, testMethod))
                .build();
        Listener listener = new Listener();
        launcher.execute(request, listener);

        String name = fixture.getSimpleName() + "." + method;
        if (!listener.problems.isEmpty()) {
            throw new IllegalStateException(name + " did not pass: " + listener.problems);
        }
        if (listener.testsFinished != 1 || listener.entries.size() != 1) {
            throw new IllegalStateException(name + ": expected one test and one ParallelRuns report entry, got "
                    + listener.testsFinished + " test(s) and entries " + listener.entries);
        }
        Map<String, String> entry = listener.entries.get(0);
        expect(name, entry, "mode", "THREADS");
        expect(name, entry, "workers", String.valueOf(workers));
        expect(name, entry, "tasks", String.valueOf(tasks));
        expect(name, entry, "tasksStarted", String.valueOf(tasks));
        expect(name, entry, "failures", "0");
        expect(name, entry, "aborted", "0");
        expect(name, entry, "timedOut", "false");
        return Double.parseDouble(entry.get(PREFIX + "wallTimeMs")) * 1e6;
    }

    private static void expect(String name, Map<String, String> entry, String key, String expected) {
        String actual = entry.get(PREFIX + key);
        if (!expected.equals(actual)) {
            throw new IllegalStateException(name + ": expected " + PREFIX + key + "=" + expected + " in " + entry);
        }
    }

    private static final class Listener implements TestExecutionListener {
        final List<Map<String, String>> entries = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int testsFinished;

        @Override
        public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            Map<String, String> values = entry.getKeyValuePairs();
            if (values.containsKey(PREFIX + "wallTimeMs")) {
                entries.add(values);
            }
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            problems.add(test.getDisplayName() + " skipped: " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                testsFinished++;
            }
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                problems.add(test.getDisplayName() + ": " + result.getStatus()
                        + result.getThrowable().map(error -> " " + error).orElse(""));
            }
        }
    }
}
