package io.github.parallelruns.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The A/A check of {@code @ExpectSpeedup}'s verdicts: fixtures of {@link VerdictFixture} run many times
 * through the JUnit Platform under several conditions, counting PASS, FAIL and INCONCLUSIVE. Prints
 * one markdown table.
 *
 * <p>Conditions ({@code bench.conditions}, comma-separated; groups {@code both} = idle,loaded,
 * {@code all} = every condition, {@code default} = idle,sleep,twojvms,twojvms-noturns):
 * <ul>
 *   <li>{@code idle}: the nine A/A cases, machine idle;</li>
 *   <li>{@code loaded}: the nine A/A cases, the other core loaded by a detached spinning process;</li>
 *   <li>{@code sleep}: sleeping bodies with the default workload and bounds above 2 cores, machine
 *       idle;</li>
 *   <li>{@code twojvms}: CPU-bound bodies at 70 % of the ideal while a second JVM
 *       ({@link VerdictsSecondJvm}, detached, same class path) runs CPU-bound {@code @ExpectSpeedup}
 *       cases in a loop, as two Surefire forks would; its own verdicts are a row too;</li>
 *   <li>{@code twojvms-noturns} (or {@code noturns}): the same with
 *       {@code parallelruns.turns.file=none} in both JVMs' requests, the control.</li>
 * </ul>
 *
 * <p>Other system properties: {@code bench.runs} (runs per case: a number for every condition, and/or
 * {@code condition=N} pairs, e.g. {@code 20,idle=112}; defaults per condition in {@link Condition});
 * {@code bench.load} (the former {@code idle|loaded|both}, read when {@code bench.conditions} is not
 * set); {@code bench.cases} (method names replacing every selected condition's cases);
 * {@code bench.secondJvmCases} (what the second JVM loops over; default the two-JVM cases);
 * {@code bench.turnsFile} (a {@code parallelruns.turns.file} for both JVMs, except in the control,
 * which always has {@code none}; default: not set, the library's own default).
 */
public final class VerdictsBench {

    static final String[] AA_CASES = {
        "sleep2AtIdeal",
        "sleep2At90",
        "sleep4AtIdeal",
        "sleep4At90",
        "sleep8AtIdeal",
        "sleep8At90",
        "cpu2AtIdeal",
        "cpu2At90",
        "serialAgainst90OfIdeal4"
    };

    static final String[] SLEEP_DEFAULT_CASES = {"sleep6Efficiency70Default", "sleep4Min25Default"};

    static final String[] TWO_JVM_CASES = {"cpu2At70", "cpu4At70"};

    /** The cases that must FAIL; every other case meets its bound. */
    static final Set<String> MUST_FAIL = Set.of("serialAgainst90OfIdeal4");

    static final String KEY = "parallelruns.speedup.";
    static final String TURNS_FILE = "parallelruns.turns.file";
    private static final String REPORT_DIR = "parallelruns.report.dir";

    /** The report entry keys that the second JVM sends back, one verdict a line. */
    static final List<String> KEYS =
            List.of("verdict", "speedup", "pairs", "spentMs", "turnWaitMs", "testsWaitMs", "quietWaitMs");

    /** What the machine is doing while the cases run, with the cases and the default runs per case. */
    enum Condition {
        IDLE("idle", "idle", AA_CASES, 112),
        LOADED("loaded", "loaded", AA_CASES, 50),
        SLEEP("sleep", "idle", SLEEP_DEFAULT_CASES, 100),
        TWO_JVMS("twojvms", "two JVMs, turn-taking", TWO_JVM_CASES, 60),
        TWO_JVMS_NO_TURNS("twojvms-noturns", "two JVMs, turns off", TWO_JVM_CASES, 20);

        final String option;
        final String machine;
        final List<String> cases;
        final int defaultRuns;

        Condition(String option, String machine, String[] cases, int defaultRuns) {
            this.option = option;
            this.machine = machine;
            this.cases = List.of(cases);
            this.defaultRuns = defaultRuns;
        }

        boolean secondJvm() {
            return this == TWO_JVMS || this == TWO_JVMS_NO_TURNS;
        }

        static Condition of(String option) {
            if (option.equals("noturns")) {
                return TWO_JVMS_NO_TURNS;
            }
            for (Condition condition : values()) {
                if (condition.option.equals(option)) {
                    return condition;
                }
            }
            throw new IllegalArgumentException("unknown condition '" + option + "' (idle, loaded, sleep, twojvms, "
                    + "twojvms-noturns, or the groups both, all, default)");
        }
    }

    /** Processes this benchmark started (the spinning load, the second JVM): ended by a shutdown hook at the latest. */
    private static final List<ProcessHandle> BACKGROUND = new CopyOnWriteArrayList<>();

    private VerdictsBench() {}

    public static void main(String[] args) throws Exception {
        List<Condition> conditions = conditions();
        Map<Condition, Integer> runs = runs(System.getProperty("bench.runs", ""));
        String casesOverride = System.getProperty("bench.cases", "").strip();
        List<String> secondJvmCases =
                List.of(System.getProperty("bench.secondJvmCases", String.join(",", TWO_JVM_CASES))
                        .split(","));
        String turnsFile = System.getProperty("bench.turnsFile", "").strip();
        Runtime.getRuntime().addShutdownHook(new Thread(VerdictsBench::endBackground, "verdicts-cleanup"));

        CpuWork.calibrate(5, 11);
        // The tests' own output (the [parallel-runs] line of each verdict) goes to standard error with the progress.
        PrintStream table = System.out;
        System.setOut(System.err);
        // Without the report listener: this prints its own table.
        Launcher launcher = newLauncher();
        List<String> rows = new ArrayList<>();
        for (Condition condition : conditions) {
            List<String> cases = casesOverride.isEmpty() ? condition.cases : List.of(casesOverride.split(","));
            int n = runs.get(condition);
            Map<String, String> configuration = new LinkedHashMap<>();
            configuration.put(REPORT_DIR, "bench/target/parallel-runs");
            if (condition == Condition.TWO_JVMS_NO_TURNS) {
                configuration.put(TURNS_FILE, "none");
            } else if (!turnsFile.isEmpty()) {
                configuration.put(TURNS_FILE, turnsFile);
            }
            System.err.printf(
                    Locale.ROOT,
                    "[verdicts] condition %s: %d run(s) of %s%s%n",
                    condition.option,
                    n,
                    cases,
                    configuration.containsKey(TURNS_FILE)
                            ? " with " + TURNS_FILE + "=" + configuration.get(TURNS_FILE)
                            : "");
            long conditionStart = System.nanoTime();
            Tally meeting = new Tally();
            int meetingCases = 0;
            SecondJvm second = null;
            ProcessHandle spinner = null;
            try {
                if (condition == Condition.LOADED) {
                    spinner = startDetachedSpinner();
                } else if (condition.secondJvm()) {
                    Map<String, String> secondConfiguration = new LinkedHashMap<>(configuration);
                    secondConfiguration.put(REPORT_DIR, "bench/target/parallel-runs-second-jvm");
                    second = SecondJvm.start(condition, secondJvmCases, secondConfiguration);
                }
                for (String method : cases) {
                    Tally tally = measure(launcher, method, condition, n, configuration);
                    rows.add(tally.row(method, condition.machine));
                    if (!MUST_FAIL.contains(method)) {
                        meeting.addAll(tally);
                        meetingCases++;
                    }
                }
            } finally {
                if (spinner != null) {
                    end(spinner);
                }
                if (second != null) {
                    second.stop();
                }
            }
            if (meetingCases > 1) {
                rows.add(meeting.pooledRow("all " + meetingCases + " cases that meet their bound", condition.machine));
            }
            if (second != null) {
                rows.add(second.tally()
                        .pooledRow(
                                "second JVM: " + String.join(", ", secondJvmCases) + " in a loop", condition.machine));
            }
            System.err.printf(
                    Locale.ROOT,
                    "[verdicts] condition %s took %.1f min%n",
                    condition.option,
                    (System.nanoTime() - conditionStart) / 6e10);
        }
        table.println("| case | machine | runs | PASS | PASS % | FAIL | INCONCLUSIVE | other | median speedup | "
                + "median pairs | median time per test ms | median time per verdict ms | median turn wait ms | "
                + "median quiet wait ms |");
        table.println("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        rows.forEach(table::println);
    }

    static Launcher newLauncher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
    }

    private static List<Condition> conditions() {
        String names = System.getProperty("bench.conditions", "").strip();
        if (names.isEmpty()) {
            names = System.getProperty("bench.load", "default").strip();
        }
        Set<Condition> conditions = new LinkedHashSet<>();
        for (String name : names.split(",")) {
            switch (name.strip()) {
                case "both" -> conditions.addAll(List.of(Condition.IDLE, Condition.LOADED));
                case "all" -> conditions.addAll(List.of(Condition.values()));
                case "default" ->
                    conditions.addAll(
                            List.of(Condition.IDLE, Condition.SLEEP, Condition.TWO_JVMS, Condition.TWO_JVMS_NO_TURNS));
                default -> conditions.add(Condition.of(name.strip()));
            }
        }
        return List.copyOf(conditions);
    }

    /** {@code N}, {@code condition=N} pairs, or both: {@code 20,idle=112}. */
    private static Map<Condition, Integer> runs(String spec) {
        Map<Condition, Integer> runs = new TreeMap<>();
        for (Condition condition : Condition.values()) {
            runs.put(condition, condition.defaultRuns);
        }
        for (String item : spec.split(",")) {
            item = item.strip();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals < 0) {
                int all = positive(item);
                runs.replaceAll((condition, value) -> all);
            }
        }
        for (String item : spec.split(",")) {
            int equals = item.indexOf('=');
            if (equals >= 0) {
                runs.put(
                        Condition.of(item.substring(0, equals).strip()),
                        positive(item.substring(equals + 1).strip()));
            }
        }
        return runs;
    }

    private static int positive(String number) {
        int value = Integer.parseInt(number);
        if (value < 1) {
            throw new IllegalArgumentException("runs must be at least 1: " + number);
        }
        return value;
    }

    /**
     * A shell loop spinning on one core, started through a shell that exits at once, so that the loop
     * is not a descendant of this JVM: like another build on a shared CI machine, it is "other load"
     * for the machine counters, which leave the test's own process tree out.
     */
    private static ProcessHandle startDetachedSpinner() throws IOException, InterruptedException {
        return startDetached(
                List.of("sh", "-c", "while :; do :; done"),
                Path.of("/dev/null"),
                Path.of("/dev/null"),
                "the spinning load");
    }

    /**
     * Starts {@code command} through a shell that exits at once, so that the new process is reparented
     * and is not a descendant of this JVM; registers it to be ended by the shutdown hook at the latest.
     */
    static ProcessHandle startDetached(List<String> command, Path out, Path err, String what)
            throws IOException, InterruptedException {
        List<String> shell = new ArrayList<>(
                List.of("sh", "-c", "\"$@\" </dev/null >\"$BENCH_OUT\" 2>\"$BENCH_ERR\" & echo $!", "sh"));
        shell.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(shell).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("BENCH_OUT", out.toString());
        builder.environment().put("BENCH_ERR", err.toString());
        Process launcher = builder.start();
        String pid = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        launcher.waitFor();
        ProcessHandle process = ProcessHandle.of(Long.parseLong(pid))
                .orElseThrow(() -> new IllegalStateException(what + " (pid " + pid + ") did not start"));
        BACKGROUND.add(process);
        if (ProcessHandle.current().descendants().anyMatch(handle -> handle.pid() == process.pid())) {
            end(process);
            throw new IllegalStateException(what + " (pid " + pid + ") is still a descendant of this JVM");
        }
        return process;
    }

    /** Ends a process this benchmark started: SIGTERM, then after 10 s SIGKILL; waits for it to be gone. */
    static void end(ProcessHandle process) {
        try {
            if (process.isAlive()) {
                process.destroy();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    process.destroyForcibly();
                    process.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            process.destroyForcibly();
        } finally {
            BACKGROUND.remove(process);
        }
    }

    private static void endBackground() {
        for (ProcessHandle process : BACKGROUND) {
            process.destroyForcibly();
        }
    }

    private static Tally measure(
            Launcher launcher, String method, Condition condition, int runs, Map<String, String> configuration) {
        Tally tally = new Tally();
        for (int run = 0; run < runs; run++) {
            Outcome outcome = runOnce(launcher, method, configuration);
            tally.add(outcome);
            System.err.printf(
                    Locale.ROOT,
                    "[verdicts] %s %s %d/%d %s%s%n",
                    method,
                    condition.option,
                    run + 1,
                    runs,
                    outcome.verdict(),
                    outcome.waits());
        }
        return tally;
    }

    /** One verdict: the case's speedup report entry (empty when it published none) and the wall time of the execution. */
    record Outcome(Map<String, String> entry, long wallNanos) {

        String verdict() {
            return entry.getOrDefault(KEY + "verdict", "none");
        }

        String waits() {
            return KEYS.stream()
                    .skip(3)
                    .filter(key -> entry.containsKey(KEY + key))
                    .map(key -> " " + key + "=" + entry.get(KEY + key))
                    .collect(Collectors.joining());
        }

        /** One line for the second JVM's output: {@code VERDICT<tab>method<tab>wallNanos=...<tab>key=value...}. */
        String line(String method) {
            StringBuilder line = new StringBuilder("VERDICT\t")
                    .append(method)
                    .append("\twallNanos=")
                    .append(wallNanos);
            for (String key : KEYS) {
                String value = entry.get(KEY + key);
                if (value != null) {
                    line.append('\t').append(key).append('=').append(value.replaceAll("\\s", " "));
                }
            }
            return line.toString();
        }

        static Outcome parse(String line) {
            String[] fields = line.split("\t");
            Map<String, String> entry = new LinkedHashMap<>();
            long wall = 0;
            for (String field : Arrays.asList(fields).subList(2, fields.length)) {
                int equals = field.indexOf('=');
                String key = field.substring(0, equals);
                String value = field.substring(equals + 1);
                if (key.equals("wallNanos")) {
                    wall = Long.parseLong(value);
                } else {
                    entry.put(KEY + key, value);
                }
            }
            return new Outcome(entry, wall);
        }
    }

    /** Runs {@code VerdictFixture.method} once through {@code launcher} with these configuration parameters. */
    static Outcome runOnce(Launcher launcher, String method, Map<String, String> configuration) {
        Map<String, String> entry = new LinkedHashMap<>();
        long start = System.nanoTime();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .configurationParameters(configuration)
                        .selectors(selectMethod(VerdictFixture.class, method))
                        .build(),
                new TestExecutionListener() {
                    @Override
                    public void reportingEntryPublished(TestIdentifier test, ReportEntry report) {
                        if (report.getKeyValuePairs().containsKey(KEY + "verdict")) {
                            entry.putAll(report.getKeyValuePairs());
                        }
                    }
                });
        return new Outcome(entry, System.nanoTime() - start);
    }

    /** Verdict counts and medians over runs. */
    static final class Tally {
        private final Map<String, Integer> verdicts = new TreeMap<>();
        private final Samples speedups = new Samples();
        private final Samples pairs = new Samples();
        private final Samples times = new Samples();
        /**
         * {@code spentMs + turnWaitMs + testsWaitMs}: the waits for the turn and for other JVMs' tests are
         * not part of {@code spentMs} (the wait for quiet is), and count as 0 when the entry has none.
         */
        private final Samples verdictTimes = new Samples();

        private final Samples turnWaits = new Samples();
        private final Samples quietWaits = new Samples();
        private int runs;

        void add(Outcome outcome) {
            Map<String, String> entry = outcome.entry();
            runs++;
            verdicts.merge(outcome.verdict(), 1, Integer::sum);
            times.add(outcome.wallNanos() / 1e6);
            Double speedup = number(entry, "speedup");
            Double pairCount = number(entry, "pairs");
            if (speedup != null && pairCount != null) {
                speedups.add(speedup);
                pairs.add(pairCount);
            }
            Double spent = number(entry, "spentMs");
            Double turnWait = number(entry, "turnWaitMs");
            Double testsWait = number(entry, "testsWaitMs");
            Double quietWait = number(entry, "quietWaitMs");
            if (spent != null) {
                verdictTimes.add(spent + (turnWait == null ? 0 : turnWait) + (testsWait == null ? 0 : testsWait));
            }
            if (turnWait != null) {
                turnWaits.add(turnWait);
            }
            if (quietWait != null) {
                quietWaits.add(quietWait);
            }
        }

        void addAll(Tally other) {
            runs += other.runs;
            other.verdicts.forEach((verdict, count) -> verdicts.merge(verdict, count, Integer::sum));
            copy(other.speedups, speedups);
            copy(other.pairs, pairs);
            copy(other.times, times);
            copy(other.verdictTimes, verdictTimes);
            copy(other.turnWaits, turnWaits);
            copy(other.quietWaits, quietWaits);
        }

        int runs() {
            return runs;
        }

        /** One case's row. */
        String row(String label, String machine) {
            return row(label, machine, median(speedups, "%.2f"), median(pairs, "%.0f"));
        }

        /** A row over several cases: no median speedup or pairs, which differ from case to case. */
        String pooledRow(String label, String machine) {
            return row(label, machine, "–", "–");
        }

        private String row(String label, String machine, String speedup, String pairCount) {
            int pass = verdicts.getOrDefault("PASS", 0);
            int fail = verdicts.getOrDefault("FAIL", 0);
            int inconclusive = verdicts.getOrDefault("INCONCLUSIVE", 0);
            String others = verdicts.entrySet().stream()
                    .filter(verdict -> !Set.of("PASS", "FAIL", "INCONCLUSIVE").contains(verdict.getKey()))
                    .map(verdict -> verdict.getKey() + " " + verdict.getValue())
                    .collect(Collectors.joining(", "));
            int other = runs - pass - fail - inconclusive;
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s |",
                    label,
                    machine,
                    runs,
                    pass,
                    runs == 0 ? "–" : String.format(Locale.ROOT, "%.1f", 100.0 * pass / runs),
                    fail,
                    inconclusive,
                    other == 0 ? "0" : other + " (" + others + ")",
                    speedup,
                    pairCount,
                    median(times, "%.0f"),
                    median(verdictTimes, "%.0f"),
                    median(turnWaits, "%.0f"),
                    median(quietWaits, "%.0f"));
        }

        private static Double number(Map<String, String> entry, String key) {
            String value = entry.get(KEY + key);
            if (value == null) {
                return null;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static void copy(Samples from, Samples to) {
            for (int i = 0; i < from.size(); i++) {
                to.add(from.get(i));
            }
        }

        private static String median(Samples samples, String format) {
            return samples.size() == 0 ? "–" : String.format(Locale.ROOT, format, samples.median());
        }
    }

    /**
     * The second JVM of the two-JVM conditions: {@link VerdictsSecondJvm} on this JVM's class path,
     * detached (not a descendant of this JVM, as a second Surefire fork is not a descendant of the
     * first), measuring CPU-bound cases in a loop and writing one line per verdict to a file.
     */
    static final class SecondJvm {
        private final ProcessHandle process;
        private final Path out;
        private final Path log;
        private Tally tally;

        private SecondJvm(ProcessHandle process, Path out, Path log) {
            this.process = process;
            this.out = out;
            this.log = log;
        }

        static SecondJvm start(Condition condition, List<String> cases, Map<String, String> configuration)
                throws IOException, InterruptedException {
            Path out = Path.of("bench/target/verdicts-second-jvm-" + condition.option + ".out")
                    .toAbsolutePath();
            Path log = Path.of("bench/target/verdicts-second-jvm-" + condition.option + ".log")
                    .toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.deleteIfExists(out);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m",
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dbench.watch=" + ProcessHandle.current().pid(),
                    "-Dbench.cases=" + String.join(",", cases)));
            configuration.forEach((key, value) -> command.add("-D" + VerdictsSecondJvm.CONFIG + key + "=" + value));
            command.add(VerdictsSecondJvm.class.getName());
            ProcessHandle process = startDetached(command, out, log, "the second JVM");
            SecondJvm second = new SecondJvm(process, out, log);
            try {
                second.awaitFirstVerdict(Duration.ofMinutes(3));
            } catch (RuntimeException | IOException | InterruptedException e) {
                end(process);
                throw e;
            }
            return second;
        }

        /** Waits until the second JVM has calibrated and given its first verdict, so that it is in its loop. */
        private void awaitFirstVerdict(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            System.err.printf(
                    Locale.ROOT,
                    "[verdicts] second JVM pid %d started (output %s, log %s); waiting for its " + "first verdict%n",
                    process.pid(),
                    out,
                    log);
            while (System.nanoTime() < deadline) {
                if (Files.exists(out) && lines().stream().anyMatch(line -> line.startsWith("VERDICT\t"))) {
                    System.err.printf(Locale.ROOT, "[verdicts] second JVM in its loop%n");
                    return;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the second JVM (pid " + process.pid() + ") ended before its "
                            + "first verdict; its log " + log + " ends with:\n" + tail(log));
                }
                Thread.sleep(200);
            }
            System.err.printf(
                    Locale.ROOT,
                    "[verdicts] WARNING: no verdict from the second JVM after %s; measuring " + "anyway%n",
                    timeout);
        }

        /** Ends the second JVM and reads its verdicts. */
        void stop() throws IOException {
            end(process);
            tally = new Tally();
            if (Files.exists(out)) {
                for (String line : lines()) {
                    if (line.startsWith("VERDICT\t")) {
                        tally.add(Outcome.parse(line));
                    }
                }
            }
            System.err.printf(
                    Locale.ROOT,
                    "[verdicts] second JVM pid %d ended after %d verdict(s)%n",
                    process.pid(),
                    tally.runs());
        }

        Tally tally() {
            return tally;
        }

        private List<String> lines() throws IOException {
            // Only whole lines: the last may be mid-write.
            String text = Files.readString(out, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (!text.isEmpty() && !text.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }
}
