package io.github.parallelruns.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.Launcher;

/**
 * The second JVM of {@code bench/verdicts}' two-JVM conditions: runs CPU-bound {@code @ExpectSpeedup}
 * cases of {@link VerdictFixture} through the JUnit Platform Launcher in a loop, as a second Surefire
 * fork would, until it is ended, and writes one line per verdict to standard output
 * ({@link VerdictsBench.Outcome#line}); the tests' own output goes to standard error.
 *
 * <p>System properties: {@code bench.cases} (comma-separated method names, run in turn),
 * {@code bench.watch} (the pid of the benchmark's JVM: this JVM ends when that one has ended, however
 * it ended), and {@value #CONFIG}{@code <key>=<value>} for each configuration parameter of the
 * Launcher requests.
 */
public final class VerdictsSecondJvm {

    /** The prefix of the system properties that become the requests' configuration parameters. */
    static final String CONFIG = "bench.config.";

    private VerdictsSecondJvm() {}

    public static void main(String[] args) {
        watchBenchmark();
        PrintStream out = System.out;
        System.setOut(System.err);
        List<String> cases = List.of(System.getProperty("bench.cases", String.join(",", VerdictsBench.TWO_JVM_CASES))
                .split(","));
        Map<String, String> configuration = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(CONFIG))
                .sorted()
                .forEach(name -> configuration.put(name.substring(CONFIG.length()), System.getProperty(name)));
        System.err.println("[second JVM] calibrating; then " + cases + " in a loop with " + configuration);
        CpuWork.calibrate(5, 11);
        Launcher launcher = VerdictsBench.newLauncher();
        for (long run = 0; ; run++) {
            String method = cases.get((int) (run % cases.size()));
            VerdictsBench.Outcome outcome = VerdictsBench.runOnce(launcher, method, configuration);
            out.println(outcome.line(method));
            out.flush();
            System.err.println("[second JVM] " + method + " " + (run + 1) + " " + outcome.verdict() + outcome.waits());
        }
    }

    /** Halts this JVM as soon as the benchmark's JVM is gone, should it end without ending this one. */
    private static void watchBenchmark() {
        String pid = System.getProperty("bench.watch");
        if (pid == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid))
                .ifPresentOrElse(
                        benchmark -> benchmark.onExit().thenRun(() -> {
                            System.err.println("[second JVM] the benchmark's JVM (pid " + pid + ") has ended: halting");
                            Runtime.getRuntime().halt(0);
                        }),
                        () -> {
                            System.err.println("[second JVM] the benchmark's JVM (pid " + pid + ") is gone: halting");
                            Runtime.getRuntime().halt(0);
                        });
    }
}
