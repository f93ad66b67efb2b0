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
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs fixture methods through the JUnit Platform, as a build tool would, and returns the figures
 * that ParallelRuns published for them in its report entries.
 */
final class FixtureLauncher {

    private static final String PREFIX = "parallelruns.";

    /** Without the report listener: the benchmark prints its own table, and must not time the HTML report. */
    private final Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
            .enableTestExecutionListenerAutoRegistration(false)
            .build());

    /** One parallel run, as its report entry describes it. */
    record Run(String mode, int workers, int tasks, double startupNanos, double wallNanos, double testNanos) {

        /** From the start of the run (before any worker started) to the end of its last task. */
        double totalNanos() {
            return startupNanos + wallNanos;
        }
    }

    /**
     * One Launcher execution: its runs, in the order they ran, and how long the execution took after
     * its last test had finished (for {@code PROCESSES}, mostly shutting the worker pool down).
     */
    record Execution(List<Run> runs, double afterLastTestNanos) {}

    /**
     * Runs {@code fixture.method} once and checks that its parallel run passed with every task
     * started.
     *
     * @return the run's {@code parallelruns.wallTimeMs}, in nanoseconds
     */
    double wallTimeNanos(Class<?> fixture, String method, int workers, int tasks) {
        List<Run> runs = execute(fixture, Map.of(), method).runs();
        if (runs.size() != 1) {
            throw new IllegalStateException(fixture.getSimpleName() + "." + method + ": expected one run, got " + runs);
        }
        Run run = runs.get(0);
        expect(fixture, method, run, "THREADS", workers, tasks);
        return run.wallNanos();
    }

    /**
     * Runs the given methods of {@code fixture} in one Launcher execution (so in one ParallelRuns worker
     * pool), with these configuration parameters, and checks that every test passed, that each
     * published one ParallelRuns report entry, and that every run started all its tasks. A repeated
     * test gives one run per repetition; the fixture orders its methods.
     */
    Execution execute(Class<?> fixture, Map<String, String> configuration, String... methods) {
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .configurationParameter("parallelruns.report.dir", "bench/target/parallel-runs")
                .configurationParameters(configuration);
        for (String method : methods) {
            builder.selectors(selectMethod(fixture, method(fixture, method)));
        }
        LauncherDiscoveryRequest request = builder.build();
        Listener listener = new Listener();
        launcher.execute(request, listener);
        long end = System.nanoTime();

        String name = fixture.getSimpleName() + "." + String.join("+", methods);
        if (!listener.problems.isEmpty()) {
            throw new IllegalStateException(name + " did not pass: " + listener.problems);
        }
        if (listener.testsFinished == 0 || listener.entries.size() != listener.testsFinished) {
            throw new IllegalStateException(name + ": expected one ParallelRuns report entry per test, got "
                    + listener.testsFinished + " test(s) and entries " + listener.entries);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < listener.entries.size(); i++) {
            Map<String, String> entry = listener.entries.get(i);
            expect(name, entry, "tasksStarted", entry.get(PREFIX + "tasks"));
            expect(name, entry, "failures", "0");
            expect(name, entry, "aborted", "0");
            expect(name, entry, "timedOut", "false");
            runs.add(new Run(
                    entry.get(PREFIX + "mode"),
                    Integer.parseInt(entry.get(PREFIX + "workers")),
                    Integer.parseInt(entry.get(PREFIX + "tasks")),
                    Double.parseDouble(entry.get(PREFIX + "startupMs")) * 1e6,
                    Double.parseDouble(entry.get(PREFIX + "wallTimeMs")) * 1e6,
                    listener.testNanos.get(i)));
        }
        return new Execution(List.copyOf(runs), end - listener.lastTestFinished);
    }

    /** Checks a run's mode, workers and tasks. */
    static void expect(Class<?> fixture, String method, Run run, String mode, int workers, int tasks) {
        if (!run.mode().equals(mode) || run.workers() != workers || run.tasks() != tasks) {
            throw new IllegalStateException(fixture.getSimpleName() + "." + method + ": expected " + mode + " with "
                    + workers + " workers and " + tasks + " tasks, got " + run);
        }
    }

    private static Method method(Class<?> fixture, String method) {
        return Arrays.stream(fixture.getDeclaredMethods())
                .filter(candidate -> candidate.getName().equals(method))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + method + " in " + fixture));
    }

    private static void expect(String name, Map<String, String> entry, String key, String expected) {
        String actual = entry.get(PREFIX + key);
        if (expected == null || !expected.equals(actual)) {
            throw new IllegalStateException(name + ": expected " + PREFIX + key + "=" + expected + " in " + entry);
        }
    }

    private static final class Listener implements TestExecutionListener {
        final List<Map<String, String>> entries = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<Double> testNanos = new ArrayList<>();
        int testsFinished;
        long lastTestFinished = System.nanoTime();
        private long testStarted;

        @Override
        public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                testStarted = System.nanoTime();
            }
        }

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
                lastTestFinished = System.nanoTime();
                testNanos.add((double) (lastTestFinished - testStarted));
            }
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                problems.add(test.getDisplayName() + ": " + result.getStatus()
                        + result.getThrowable().map(error -> " " + error).orElse(""));
            }
        }
    }
}
