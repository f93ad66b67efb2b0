package io.github.parallelruns.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The A/A check of {@code @ExpectSpeedup}'s verdicts: each fixture of {@link VerdictFixture} run many
 * times through the JUnit Platform, with the machine idle and with the other core loaded by a
 * spinning process, counting PASS, FAIL and INCONCLUSIVE. Prints one markdown table.
 *
 * <p>System properties: {@code bench.runs} (default 200), {@code bench.load} ({@code idle},
 * {@code loaded} or {@code both}, the default), {@code bench.cases} (comma-separated method names;
 * default all).
 */
public final class VerdictsBench {

    private static final String[] CASES = {"sleep2AtIdeal", "sleep2At90", "sleep4AtIdeal", "sleep4At90",
        "sleep8AtIdeal", "sleep8At90", "cpu2AtIdeal", "cpu2At90", "serialAgainst90OfIdeal4"};

    private VerdictsBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 200);
        String load = System.getProperty("bench.load", "both");
        List<String> cases = List.of(System.getProperty("bench.cases", String.join(",", CASES)).split(","));
        CpuWork.calibrate(5, 11);
        // The tests' own output (the [parallel-runs] line of each verdict) goes to standard error with the progress.
        java.io.PrintStream table = System.out;
        System.setOut(System.err);
        // Without the report listener: this prints its own table.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        List<String> rows = new ArrayList<>();
        for (String condition : load.equals("both") ? List.of("idle", "loaded") : List.of(load)) {
            ProcessHandle spinner = condition.equals("loaded") ? startDetachedSpinner() : null;
            try {
                for (String method : cases) {
                    rows.add(measure(launcher, method, condition, runs));
                }
            } finally {
                if (spinner != null) {
                    spinner.destroyForcibly();
                    spinner.onExit().join();
                }
            }
        }
        table.println("| case | machine | runs | PASS | FAIL | INCONCLUSIVE | other | median speedup | "
                + "median pairs | median time per test ms |");
        table.println("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        rows.forEach(table::println);
    }

    /**
     * A shell loop spinning on one core, started through a shell that exits at once, so that the loop
     * is not a descendant of this JVM: like another build on a shared CI machine, it is "other load"
     * for the machine counters, which leave the test's own process tree out.
     */
    private static ProcessHandle startDetachedSpinner() throws IOException, InterruptedException {
        Process launcher = new ProcessBuilder("sh", "-c",
                "sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & echo $!").start();
        String pid = new String(launcher.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                .strip();
        launcher.waitFor();
        ProcessHandle spinner = ProcessHandle.of(Long.parseLong(pid))
                .orElseThrow(() -> new IllegalStateException("the spinning load (pid " + pid + ") did not start"));
        if (ProcessHandle.current().descendants().anyMatch(handle -> handle.pid() == spinner.pid())) {
            throw new IllegalStateException("the spinning load (pid " + pid + ") is still a descendant of this JVM");
        }
        return spinner;
    }

    private static String measure(Launcher launcher, String method, String condition, int runs) throws IOException {
        Map<String, Integer> verdicts = new TreeMap<>();
        Samples speedups = new Samples();
        Samples pairs = new Samples();
        Samples times = new Samples();
        for (int run = 0; run < runs; run++) {
            Map<String, String> entry = new LinkedHashMap<>();
            long start = System.nanoTime();
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .configurationParameter("parallelruns.report.dir", "bench/target/parallel-runs")
                    .selectors(selectMethod(VerdictFixture.class, method)).build(), new TestExecutionListener() {
                        @Override
                        public void reportingEntryPublished(TestIdentifier test, ReportEntry report) {
                            if (report.getKeyValuePairs().containsKey("parallelruns.speedup.verdict")) {
                                entry.putAll(report.getKeyValuePairs());
                            }
                        }
                    });
            times.add(System.nanoTime() - start);
            String verdict = entry.getOrDefault("parallelruns.speedup.verdict", "none");
            verdicts.merge(verdict, 1, Integer::sum);
            if (entry.containsKey("parallelruns.speedup.speedup")) {
                speedups.add(Double.parseDouble(entry.get("parallelruns.speedup.speedup")));
                pairs.add(Double.parseDouble(entry.get("parallelruns.speedup.pairs")));
            }
            System.err.printf(Locale.ROOT, "[verdicts] %s %s %d/%d %s%n", method, condition, run + 1, runs, verdict);
        }
        int other = runs - verdicts.getOrDefault("PASS", 0) - verdicts.getOrDefault("FAIL", 0)
                - verdicts.getOrDefault("INCONCLUSIVE", 0);
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %.2f | %.0f | %.0f |", method, condition,
                runs, verdicts.getOrDefault("PASS", 0), verdicts.getOrDefault("FAIL", 0),
                verdicts.getOrDefault("INCONCLUSIVE", 0), other, speedups.size() == 0 ? Double.NaN : speedups.median(),
                pairs.size() == 0 ? Double.NaN : pairs.median(), times.median() / 1e6);
    }
}
