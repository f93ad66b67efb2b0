package io.github.parallelruns.races.fray;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.parallelruns.races.Kernel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The harness: for each kernel and version, 100 runs of its Fray test ({@link FrayKernelTargets}), each
 * with a fixed iteration budget and fresh randomness, in a JVM started with exactly this JVM's java and
 * arguments, which fray-plugins-maven set up (Fray's instrumented JDK, {@code -javaagent} and
 * {@code -agentpath} for Fray, {@code -Dfray.workDir}). See {@link FrayRuns} for one run and for hangs.
 *
 * <p>Settings, as system properties ({@code ./run} passes them): {@code fray.harness.kernels} (ids or
 * {@code all}), {@code fray.harness.versions}, {@code fray.harness.runs}, {@code fray.harness.iterations},
 * {@code fray.harness.stallMillis}, {@code fray.harness.results} (emptied, then one RESULT line per run).
 * Progress goes to standard error.
 */
class FrayHarnessTest {

    @Test
    void detectionRates() throws Exception {
        Path javaHome = Paths.get(System.getProperty("java.home"));
        String release = Files.readString(javaHome.resolve("release"), StandardCharsets.UTF_8);
        assertTrue(release.contains("IMPLEMENTOR=Fray"), "not running on Fray's instrumented JDK (java.home "
                + javaHome + "): fray-plugins-maven's prepare-fray did not set Surefire's jvm");
        List<String> jvmArgs = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Dsurefire") && !arg.startsWith("-agentlib:jdwp")) {
                jvmArgs.add(arg);
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("fray.harness.")) {
                jvmArgs.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        assertTrue(jvmArgs.stream().anyMatch(a -> a.startsWith("-javaagent:") && a.contains("fray")),
                "Fray's agent is not among this JVM's arguments: " + jvmArgs);

        List<Kernel> kernels = new ArrayList<>();
        String kernelList = System.getProperty("fray.harness.kernels", "all");
        if (kernelList.isBlank() || kernelList.equals("all")) {
            kernels.addAll(Arrays.asList(Kernel.values()));
        } else {
            for (String id : kernelList.split(",")) {
                kernels.add(Kernel.byId(id.trim()));
            }
        }
        List<String> versions = Arrays.asList(System.getProperty("fray.harness.versions", "buggy,fixed").split(","));
        int runs = Integer.getInteger("fray.harness.runs", 100);
        int iterations = Integer.getInteger("fray.harness.iterations", FrayKernelTargets.ITERATIONS);
        long stallMillis = Long.getLong("fray.harness.stallMillis", 1000L);
        Path results = Paths.get(System.getProperty("fray.harness.results", "target/results.tsv")).toAbsolutePath();
        Files.deleteIfExists(results); // the file holds this harness run's lines only
        Path logs = results.resolveSibling("fray-logs");
        Files.createDirectories(logs);

        String java = javaHome.resolve("bin").resolve("java").toString();
        String classpath = System.getProperty("java.class.path");
        progress("fray harness: java " + java);
        progress("fray harness: JVM arguments " + jvmArgs);
        progress("fray harness: " + kernels.size() + " kernels x " + versions + ", " + runs + " runs each, "
                + iterations + " Fray iterations per run, hang = no new iteration for " + stallMillis + " ms");

        for (Kernel kernel : kernels) {
            for (String version : versions) {
                long started = System.nanoTime();
                Path log = logs.resolve(kernel.id() + "-" + version + ".log");
                Files.deleteIfExists(log);
                int next = 1;
                int jvms = 0;
                while (next <= runs) {
                    List<String> command = new ArrayList<>();
                    command.add(java);
                    command.addAll(jvmArgs);
                    command.add("-cp");
                    command.add(classpath);
                    command.add(FrayRuns.class.getName());
                    command.addAll(List.of(kernel.id(), version, String.valueOf(next), String.valueOf(runs),
                            String.valueOf(iterations), results.toString(), String.valueOf(stallMillis)));
                    ProcessBuilder builder = new ProcessBuilder(command);
                    builder.redirectErrorStream(true);
                    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                    Process process = builder.start();
                    jvms++;
                    if (!process.waitFor(30, TimeUnit.MINUTES)) {
                        process.destroyForcibly();
                        fail("the Fray JVM for " + kernel.id() + " " + version + " did not end in 30 minutes; see " + log);
                    }
                    int exit = process.exitValue();
                    int done = lastRun(results, kernel, version);
                    if (exit == 0 && done >= runs) {
                        break;
                    }
                    if (exit == FrayRuns.EXIT_HANG && done >= next) {
                        next = done + 1;
                        continue;
                    }
                    fail("the Fray JVM for " + kernel.id() + " " + version + " exited with " + exit + " after run "
                            + done + "; its output: " + log + "\n" + tail(log));
                }
                summarize(results, kernel, version, jvms, (System.nanoTime() - started) / 1_000_000L);
            }
        }
    }

    private static int lastRun(Path results, Kernel kernel, String version) throws IOException {
        int last = 0;
        for (String[] row : rows(results, kernel, version)) {
            last = Math.max(last, Integer.parseInt(row[4]));
        }
        return last;
    }

    private static List<String[]> rows(Path results, Kernel kernel, String version) throws IOException {
        List<String[]> rows = new ArrayList<>();
        if (!Files.exists(results)) {
            return rows;
        }
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            String[] row = line.split("\t", -1);
            if (row.length >= 8 && row[0].equals("RESULT") && row[2].equals(kernel.id()) && row[3].equals(version)) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static void summarize(Path results, Kernel kernel, String version, int jvms, long millis)
            throws IOException {
        List<String[]> rows = rows(results, kernel, version);
        List<Long> times = new ArrayList<>();
        int hangs = 0;
        for (String[] row : rows) {
            if (row[5].equals("1")) {
                times.add(Long.parseLong(row[6]));
                if (row[7].startsWith("hang")) {
                    hangs++;
                }
            }
        }
        times.sort(null);
        int n = times.size();
        String median = n == 0 ? "-"
                : String.valueOf(n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2);
        if (hangs > 0 && !kernel.hangs()) {
            progress("fray harness: WARNING: " + hangs + " hang(s) in " + kernel.id() + " " + version
                    + ", a kernel that should not hang: see their notes in " + results);
        }
        progress(String.format(Locale.ROOT, "fray harness: %-15s %-5s detected %3d/%d (hangs %d), median %s ms, %d JVM(s), %.1f s",
                kernel.id(), version, times.size(), rows.size(), hangs, median, jvms, millis / 1000.0));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void progress(String message) {
        System.err.println(message);
        System.err.flush();
    }
}
