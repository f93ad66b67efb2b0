package io.github.parallelruns.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.parallelruns.internal.execution.VirtualThreads;
import io.github.parallelruns.internal.report.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The Python story side by side: each of its workloads with the Python tool it uses (measured by
 * {@code bench/python/story.py} in the same run) and with ParallelRuns in every mode, then the
 * harness's own costs. Prints one markdown table; progress on standard error.
 */
public final class StoryBench {

    private final FixtureLauncher fixtures = new FixtureLauncher();
    private final int rounds;
    private final boolean virtual = VirtualThreads.available();
    private final Map<String, Samples> java = new LinkedHashMap<>();

    private StoryBench(int rounds) {
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        String python = System.getProperty("bench.python", "/usr/bin/python3");
        PrintStream table = System.out;
        // Worker JVMs' and tests' output goes to standard error with the progress.
        System.setOut(System.err);
        new StoryBench(rounds).run(python, table);
    }

    private void run(String python, PrintStream table) throws Exception {
        long steps = CpuWork.stepsFor(50.0);
        System.setProperty(Workloads.PROCESS_CPU_STEPS_PROPERTY, String.valueOf(steps));
        double javaTaskSeconds = CpuWork.measure(steps, 7).median() / 1e9;
        progress("Java CPU task: %d steps, %.1f ms", steps, javaTaskSeconds * 1e3);

        Map<String, Object> py = python(python);
        for (int round = 1; round <= rounds; round++) {
            progress("round %d of %d", round, rounds);
            measure("sleeps", "sleepsSequential", "sleepsThreads", "sleepsVirtual", "sleepsProcesses");
            measure("three", null, "threeThreads", "threeVirtual", "threeProcesses");
            measure("pool", null, "poolThreads", "poolVirtual", "poolProcesses");
            measure("cpu", "cpuSequential", null, null, null);
            measure("cpu2", null, "cpu2Threads", "cpu2Virtual", "cpu2Processes");
            measure("cpu4", null, "cpu4Threads", "cpu4Virtual", "cpu4Processes");
            FixtureLauncher.Run dispatch = fixtures.execute(StoryFixture.class, Map.of(), "dispatch")
                    .runs()
                    .get(0);
            sample("dispatch", dispatch.wallNanos() / dispatch.tasks());
            FixtureLauncher.Run bare = fixtures.execute(StoryFixture.class, Map.of(), "verdictBare")
                    .runs()
                    .get(0);
            double verdict = testNanos("verdict");
            sample("verdict", verdict / bare.wallNanos());
            sample("verdict.test", verdict);
            sample("verdict.bare", bare.wallNanos());
        }

        double pyTask = number(py, "_cpu_task_seconds");
        List<String> rows = new ArrayList<>();
        rows.add(row(
                "3 waits of 0.1, 1 and 0.3 s (1.4 s in a row)",
                "threading.Thread each",
                py,
                "sleeps_threads",
                "sleeps",
                1.0,
                1.0));
        rows.add(row("the same 3 waits", "ProcessPoolExecutor.submit", py, "pool_submit", "sleeps", 1.0, 1.0));
        rows.add(row("the same 3 waits", "ProcessPoolExecutor.map", py, "pool_map", "sleeps", 1.0, 1.0));
        rows.add(row("3 waits of 0.1 s", "multiprocessing.Process each", py, "three_processes", "three", 0.1, 0.1));
        rows.add(row(
                "300 waits of 0.1 s on 12 workers",
                "joblib Parallel(n_jobs=12)",
                py,
                "joblib_300_on_12",
                "pool",
                2.5,
                2.5));
        double cores = Math.min(2, Runtime.getRuntime().availableProcessors());
        // CPU ideals from each side's own sequential run: the task lengths differ a little between the languages.
        double javaSequential = java.get("cpu.seq").median() / 1e9;
        double pySequential = number(map(py.get("cpu_sequential")), "median");
        rows.add(row(
                "80 CPU tasks of ~50 ms on 2 workers",
                "ProcessPoolExecutor(2)",
                py,
                "cpu_on_2",
                "cpu2",
                javaSequential / Math.min(2, cores),
                pySequential / Math.min(2, cores)));
        rows.add(row(
                "80 CPU tasks of ~50 ms on 4 workers",
                "ProcessPoolExecutor(4)",
                py,
                "cpu_on_4",
                "cpu4",
                javaSequential / Math.min(4, cores),
                pySequential / Math.min(4, cores)));
        rows.add(String.format(
                Locale.ROOT,
                "| reference: the 3 waits in a row / 80 CPU tasks in a row | plain loop | "
                        + "%s / %s | %s / %s (1 worker) | | | | 1.400 / 80 tasks | | |",
                seconds(py, "sleeps_sequential"),
                seconds(py, "cpu_sequential"),
                seconds("sleeps.seq"),
                seconds("cpu.seq")));
        rows.add(String.format(
                Locale.ROOT,
                "| harness: handing out one task (100 000 empty tasks, 12 workers) | | | " + "%.3f µs | | | | | | |",
                java.get("dispatch").median() / 1e3));
        rows.add(String.format(
                Locale.ROOT,
                "| harness: until 12 workers are ready (the 300-wait row's start-up) | | | "
                        + "%s | %s | %s | %s | | | |",
                millis("pool.threads.startup"),
                millis("pool.virtual.startup"),
                millis("pool.processes.cold.startup"),
                millis("pool.processes.warm.startup")));
        rows.add(String.format(
                Locale.ROOT,
                "| harness: one `@ExpectSpeedup` verdict (300 waits of 1 ms on 12 workers), "
                        + "test time / bare parallel run | | | %.0f× (%.2f s / %.1f ms) | | | | | | |",
                java.get("verdict").median(),
                java.get("verdict.test").median() / 1e9,
                java.get("verdict.bare").median() / 1e6));

        table.printf(
                Locale.ROOT,
                "Java %s (%s), %d CPU task steps = %.1f ms; Python CPU task %.1f ms; medians of %d "
                        + "rounds (Python: %d fresh interpreters per case); seconds from the start of the parallel part "
                        + "(creating workers included) to its end%n%n",
                Runtime.version(),
                System.getProperty("java.vm.name"),
                steps,
                javaTaskSeconds * 1e3,
                pyTask * 1e3,
                rounds,
                rounds);
        table.println("| workload | Python tool | Python s | THREADS s | VIRTUAL_THREADS s | PROCESSES cold s | "
                + "PROCESSES warm s | ideal s | best ParallelRuns efficiency | best ParallelRuns / Python |");
        table.println("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        rows.forEach(table::println);
    }

    /** One round of a workload: the sequential run, then THREADS, VIRTUAL_THREADS and PROCESSES (cold, warm). */
    private void measure(String workload, String sequential, String threads, String virtualThreads, String processes) {
        if (sequential != null) {
            FixtureLauncher.Run run = fixtures.execute(StoryFixture.class, Map.of(), sequential)
                    .runs()
                    .get(0);
            sample(workload + ".seq", run.totalNanos());
        }
        if (threads != null) {
            FixtureLauncher.Run run = fixtures.execute(StoryFixture.class, Map.of(), threads)
                    .runs()
                    .get(0);
            sample(workload + ".threads", run.totalNanos());
            sample(workload + ".threads.startup", run.startupNanos());
        }
        if (virtualThreads != null && virtual) {
            FixtureLauncher.Run run = fixtures.execute(StoryFixture.class, Map.of(), virtualThreads)
                    .runs()
                    .get(0);
            sample(workload + ".virtual", run.totalNanos());
            sample(workload + ".virtual.startup", run.startupNanos());
        }
        if (processes != null) {
            List<FixtureLauncher.Run> runs =
                    fixtures.execute(StoryFixture.class, Map.of(), processes).runs();
            sample(workload + ".processes.cold", runs.get(0).totalNanos());
            sample(workload + ".processes.cold.startup", runs.get(0).startupNanos());
            sample(workload + ".processes.warm", runs.get(1).totalNanos());
            sample(workload + ".processes.warm.startup", runs.get(1).startupNanos());
        }
        progress("%s measured", workload);
    }

    private void sample(String key, double value) {
        java.computeIfAbsent(key, k -> new Samples()).add(value);
    }

    /** From the start to the end of one test, as a build tool sees it, in nanoseconds. */
    private double testNanos(String method) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        long[] span = new long[2];
        List<String> problems = new ArrayList<>();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .configurationParameter("parallelruns.report.dir", "bench/target/parallel-runs")
                        .selectors(selectMethod(StoryFixture.class, method))
                        .build(),
                new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier test) {
                        if (test.isTest()) {
                            span[0] = System.nanoTime();
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            span[1] = System.nanoTime();
                            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                problems.add(result.toString());
                            }
                        }
                    }
                });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("StoryFixture." + method + " did not pass: " + problems);
        }
        return span[1] - span[0];
    }

    private String row(
            String workload,
            String tool,
            Map<String, Object> py,
            String pyCase,
            String key,
            double javaIdeal,
            double pyIdeal) {
        double pySeconds = number(map(py.get(pyCase)), "median");
        double best = Double.POSITIVE_INFINITY;
        for (String column : new String[] {".threads", ".virtual", ".processes.warm"}) {
            Samples samples = java.get(key + column);
            if (samples != null) {
                best = Math.min(best, samples.median() / 1e9);
            }
        }
        // Sleep rows share the ideal; CPU rows compare each side with its own ideal (task lengths differ).
        double ratio = (best / javaIdeal) / (pySeconds / pyIdeal);
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.3f | %s | %s | %s | %s | %.3f | %.1f %% | %.2f× |",
                workload,
                tool,
                pySeconds,
                seconds(key + ".threads"),
                seconds(key + ".virtual"),
                seconds(key + ".processes.cold"),
                seconds(key + ".processes.warm"),
                javaIdeal,
                100 * javaIdeal / best,
                ratio);
    }

    private String seconds(String key) {
        Samples samples = java.get(key);
        return samples == null
                ? (key.contains("virtual") ? "n/a (Java " + Runtime.version().feature() + ")" : "—")
                : String.format(Locale.ROOT, "%.3f", samples.median() / 1e9);
    }

    private String millis(String key) {
        Samples samples = java.get(key);
        return samples == null ? "—" : String.format(Locale.ROOT, "%.1f ms", samples.median() / 1e6);
    }

    private static String seconds(Map<String, Object> py, String pyCase) {
        return String.format(Locale.ROOT, "%.3f", number(map(py.get(pyCase)), "median"));
    }

    private Map<String, Object> python(String python) throws IOException, InterruptedException {
        progress("Python: %s bench/python/story.py --reps %d", python, rounds);
        Process process = new ProcessBuilder(python, "bench/python/story.py", "--reps", String.valueOf(rounds))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("bench/python/story.py exited with " + exit);
        }
        return map(Json.read(out.strip()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalStateException("expected a JSON object from bench/python/story.py, got " + value);
        }
        return (Map<String, Object>) value;
    }

    private static double number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Number)) {
            throw new IllegalStateException("no number '" + key + "' in " + map);
        }
        return ((Number) value).doubleValue();
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[story] " + format + "%n", args);
    }
}
