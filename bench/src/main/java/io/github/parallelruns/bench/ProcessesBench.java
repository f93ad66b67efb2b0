package io.github.parallelruns.bench;

import io.github.parallelruns.ConfigurationParameters;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code PROCESSES} workloads: how long worker JVMs take to be ready (cold and warm), CPU-bound
 * and sleeping tasks on worker JVMs, what handing out one task costs across processes, and how JVM
 * options change the start-up. Every figure comes from the extension's report entries
 * ({@code parallelruns.startupMs}, {@code parallelruns.wallTimeMs}) of fixture tests launched through
 * the JUnit Platform, one Launcher execution (so one worker pool) per probe and round.
 */
final class ProcessesBench {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String DASH = "—";

    private final FixtureLauncher launcher;
    private final int warmup;
    private final int rounds;
    private final List<String> notes;
    private final List<TableRow> rows = new ArrayList<>();
    private final List<KnobRow> knobRows = new ArrayList<>();

    ProcessesBench(FixtureLauncher launcher, int warmup, int rounds, List<String> notes) {
        this.launcher = launcher;
        this.warmup = warmup;
        this.rounds = rounds;
        this.notes = notes;
    }

    boolean hasRows() {
        return !rows.isEmpty();
    }

    boolean hasKnobRows() {
        return !knobRows.isEmpty();
    }

    // ---------------------------------------------------------------- 1. ready

    String ready() throws Exception {
        List<Probe> probes = new ArrayList<>();
        for (int workers : new int[] {2, 4, 12}) {
            probes.add(probe("ready" + workers, Map.of(), workers, workers, Workloads.READY_REPEATS));
        }
        measure("processes: ready", probes);
        for (Probe probe : probes) {
            String workload = "ready: empty body, 1 task per worker";
            rows.add(new TableRow(workload, "cold (1st test)", probe, 0, null, false, true));
            rows.add(new TableRow(workload, "warm (2nd test)", probe, 1, null, false, false));
            rows.add(new TableRow(workload, "warm (3rd test)", probe, 2, null, false, false));
        }
        return "processes: ready";
    }

    // ---------------------------------------------------------------- 2. CPU-bound

    String cpu() throws Exception {
        int tasks = Workloads.PROCESS_CPU_TASKS;
        int workers = Workloads.PROCESS_CPU_WORKERS;
        long steps = CpuWork.stepsFor(Workloads.PROCESS_CPU_TASK_TARGET_MS);
        // The worker JVMs get the measuring JVM's system properties, and with them the task's length.
        System.setProperty(Workloads.PROCESS_CPU_STEPS_PROPERTY, String.valueOf(steps));
        Samples task = CpuWork.measure(steps, 11);
        notes.add(String.format(
                Locale.ROOT,
                "PROCESSES CPU: t = one task (%,d xorshift steps) measured alone in the "
                        + "measuring JVM: median of %d %s ms [%s–%s]; sequential baseline = the same %d tasks on 1 THREADS "
                        + "worker of the measuring JVM, in the same round; ideal on %d worker JVMs = that baseline / min(%d, %d "
                        + "cores).",
                steps,
                task.size(),
                BenchMain.ms(task.median()),
                BenchMain.ms(task.min()),
                BenchMain.ms(task.max()),
                tasks,
                workers,
                workers,
                CORES));
        Probe sequential = new Probe(
                "cpuSequential",
                () -> launcher.execute(ProcessFixture.class, Map.of(), "cpuSequential"),
                1,
                tasks,
                1,
                "THREADS");
        Probe one = probe("cpuOneWorker", Map.of(), 1, tasks, 2);
        Probe parallel = probe("cpu", Map.of(), workers, tasks, 2);
        measure("processes: CPU", List.of(sequential, one, parallel));
        String workload = "CPU ~" + Math.round(Workloads.PROCESS_CPU_TASK_TARGET_MS) + " ms";
        rows.add(new TableRow(
                workload, "sequential: 1 THREADS worker", sequential, 0, round -> tasks * task.median(), false, false));
        rows.add(new TableRow(
                workload, "1 worker JVM, cold (1st test)", one, 0, round -> tasks * task.median(), false, true));
        rows.add(new TableRow(
                workload, "1 worker JVM, warm (2nd test)", one, 1, round -> tasks * task.median(), false, false));
        Samples speedups = new Samples();
        for (int round = 0; round < rounds; round++) {
            speedups.add(one.wall.get(1).get(round) / parallel.wall.get(1).get(round));
        }
        notes.add(String.format(
                Locale.ROOT,
                "PROCESSES CPU: against 1 warm worker JVM instead of 1 THREADS worker, 2 "
                        + "warm worker JVMs run %.2f× [%.2f–%.2f] faster (wall only, same round).",
                speedups.median(),
                speedups.min(),
                speedups.max()));
        IntToDoubleFunction ideal = round -> sequential.wall.get(0).get(round) / Math.min(workers, CORES);
        rows.add(new TableRow(workload, "cold (1st test)", parallel, 0, ideal, false, true));
        rows.add(new TableRow(workload, "warm (2nd test)", parallel, 1, ideal, false, false));
        return "processes: CPU";
    }

    // ---------------------------------------------------------------- 3. sleeping tasks

    String sleep() throws Exception {
        int workers = Workloads.PROCESS_SLEEP_WORKERS;
        int tasks = Workloads.PROCESS_SLEEP_TASKS;
        Samples sleep = new Samples();
        for (int i = 0; i < 2 + 10; i++) {
            long begin = System.nanoTime();
            Thread.sleep(Workloads.PROCESS_SLEEP_MS);
            if (i >= 2) {
                sleep.add(System.nanoTime() - begin);
            }
        }
        double d = sleep.median();
        int perWorker = (tasks + workers - 1) / workers;
        notes.add(String.format(
                Locale.ROOT,
                "PROCESSES sleep: d = one `Thread.sleep(%d)` measured in the measuring "
                        + "JVM: median of %d, %s ms [%s–%s]; ideal = ⌈%d/%d⌉ × d = %s ms.",
                Workloads.PROCESS_SLEEP_MS,
                sleep.size(),
                BenchMain.ms(d),
                BenchMain.ms(sleep.min()),
                BenchMain.ms(sleep.max()),
                tasks,
                workers,
                BenchMain.ms(perWorker * d)));
        Probe probe = probe("sleep", Map.of(), workers, tasks, 2);
        measure("processes: sleep", List.of(probe));
        String workload = "sleep " + Workloads.PROCESS_SLEEP_MS + " ms";
        rows.add(new TableRow(workload, "cold (1st test)", probe, 0, round -> perWorker * d, false, true));
        rows.add(new TableRow(workload, "warm (2nd test)", probe, 1, round -> perWorker * d, false, false));
        return "processes: sleep";
    }

    // ---------------------------------------------------------------- 4. dispatch

    String dispatch() throws Exception {
        int tasks = Workloads.PROCESS_EMPTY_TASKS;
        List<Probe> probes = List.of(
                probe("empty2", Map.of(), 2, tasks, Workloads.PROCESS_EMPTY_REPEATS),
                probe("empty12", Map.of(), 12, tasks, Workloads.PROCESS_EMPTY_REPEATS));
        measure("processes: dispatch", probes);
        notes.add(String.format(
                Locale.ROOT,
                "PROCESSES dispatch: %,d tasks are handed out in %d requests on 2 workers "
                        + "and %d on 12 (ranges of max(1, remaining / (4 × W)) tasks, as `ProcessRun` computes them, plus one "
                        + "empty answer per worker): about %d and %d round trips to the measuring JVM on each worker's path.",
                tasks,
                requests(tasks, 2),
                requests(tasks, 12),
                Math.round(requests(tasks, 2) / 2.0),
                Math.round(requests(tasks, 12) / 12.0)));
        for (Probe probe : probes) {
            rows.add(new TableRow("empty body", "cold (1st test)", probe, 0, null, true, true));
            for (int index = 1; index < Workloads.PROCESS_EMPTY_REPEATS; index++) {
                rows.add(new TableRow(
                        "empty body", "warm (" + ordinal(index + 1) + " test)", probe, index, null, true, false));
            }
        }
        return "processes: dispatch";
    }

    /** The knob that turns off what the default does since issue 15: the start-up before it. */
    static final String BEFORE_KNOB = "(none), with `parallelruns.processes.classDataSharing=false` and "
            + "`parallelruns.processes.prestart=false`";

    // ---------------------------------------------------------------- 6. end to end

    /** One variant of the end-to-end run: a method of {@link EndToEndFixture} and configuration parameters. */
    private record EndToEndVariant(String name, String method, List<String> configuration) {}

    private final List<String> endToEndRows = new ArrayList<>();

    boolean hasEndToEndRows() {
        return !endToEndRows.isEmpty();
    }

    /**
     * What a user waits for when running one test: a fresh JVM runs one test of {@link EndToEndFixture}
     * through the Launcher and exits, timed from starting the process to its exit; the same empty body on 2
     * threads, on 2 worker JVMs (the defaults: class-data sharing and prestart on), and on 2 worker JVMs with
     * both off (the start-up before they existed). The class-data archive is written by the warm-up rounds.
     */
    String endToEnd() throws Exception {
        String off = "parallelruns.processes.classDataSharing=false";
        String noPrestart = "parallelruns.processes.prestart=false";
        String noSummary = "parallelruns.report.summary=false";
        Path reports = Files.createTempDirectory("parallelruns-bench-e2e-");
        String reportDir = "parallelruns.report.dir=" + reports;
        List<EndToEndVariant> variants = List.of(
                new EndToEndVariant("THREADS, 2 workers", "threads", List.of(noSummary, reportDir)),
                new EndToEndVariant(
                        "PROCESSES, 2 worker JVMs (defaults: class-data sharing, prestart)",
                        "processes",
                        List.of(noSummary, reportDir)),
                new EndToEndVariant(
                        "PROCESSES, 2 worker JVMs, class-data sharing and prestart off",
                        "processes",
                        List.of(noSummary, reportDir, off, noPrestart)));
        Map<EndToEndVariant, Samples> walls = new LinkedHashMap<>();
        variants.forEach(variant -> walls.put(variant, new Samples()));
        Map<EndToEndVariant, Samples> overThreads = new LinkedHashMap<>();
        variants.forEach(variant -> overThreads.put(variant, new Samples()));
        try {
            for (int round = -warmup; round < rounds; round++) {
                Map<EndToEndVariant, Double> thisRound = new LinkedHashMap<>();
                for (int i = 0; i < variants.size(); i++) {
                    EndToEndVariant variant = variants.get(Math.floorMod(i + round, variants.size()));
                    System.gc();
                    thisRound.put(variant, runFreshJvm(variant));
                }
                System.err.printf(
                        Locale.ROOT, "[bench] processes: end to end round %d: %s%n", round, thisRound.values());
                if (round >= 0) {
                    double threads = thisRound.get(variants.get(0));
                    for (EndToEndVariant variant : variants) {
                        walls.get(variant).add(thisRound.get(variant));
                        overThreads.get(variant).add(thisRound.get(variant) - threads);
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(reports)) {
                files.sorted(Comparator.reverseOrder()).forEach(ProcessesBench::deleteQuietly);
            }
        }
        for (EndToEndVariant variant : variants) {
            endToEndRows.add("| " + variant.name() + " | " + range(walls.get(variant), ProcessesBench::ms) + " | "
                    + (variant == variants.get(0) ? "—" : range(overThreads.get(variant), ProcessesBench::ms)) + " |");
        }
        return "processes: end to end";
    }

    /** Nanoseconds from starting a JVM that runs {@code variant} to its exit; it must pass. */
    private static double runFreshJvm(EndToEndVariant variant) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-Dbench."))
                .collect(Collectors.toList()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EndToEndMain.class.getName());
        command.add(variant.method());
        command.addAll(variant.configuration());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int exit = process.waitFor();
        long wall = System.nanoTime() - start;
        if (exit != 0) {
            throw new IllegalStateException(
                    "the end-to-end run '" + variant.name() + "' failed (exit code " + exit + "): " + command);
        }
        return wall;
    }

    void printEndToEndTable(PrintStream out) {
        out.println(
                "| One test, run alone in a fresh JVM | Wall ms, process start to exit | Over THREADS, same round ms |");
        out.println("|---|--:|--:|");
        endToEndRows.forEach(out::println);
        out.println();
        out.println("Wall: from starting `java ... EndToEndMain <method>` (the Launcher running one test of "
                + "`EndToEndFixture`, an empty body, as an IDE or a build runs one test) to the process's exit: JVM "
                + "start, discovery, the test, closing the worker pool. Over THREADS: the same round's THREADS wall "
                + "subtracted, per round.");
    }

    // ---------------------------------------------------------------- 5. start-up knobs

    /**
     * Cold start-up of 2 and of 12 worker JVMs under several JVM options, given to the workers with
     * {@code parallelruns.processes.jvmArgs}; {@code parallelruns.processes.reuse=false}, so that both
     * tests of an execution start new JVMs. Class-data archives are written first by a training run
     * of one worker JVM, then checked with {@code -Xshare:on} (which fails when the archive cannot be
     * used) before being measured.
     */
    String knobs() throws Exception {
        int feature = Runtime.version().feature();
        Path archives = Files.createTempDirectory("parallelruns-bench-archives-");
        try {
            Map<String, String> knobs = new LinkedHashMap<>();
            knobs.put("(none: the default)", "");
            knobs.put(BEFORE_KNOB, "");
            knobs.put("-Xshare:off", "-Xshare:off");
            knobs.put("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=1");
            knobs.put("-XX:+UseSerialGC", "-XX:+UseSerialGC");
            knobs.put("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            String appCds = "-XX:SharedArchiveFile=" + archives.resolve("app.jsa");
            if (selected("AppCDS")
                    && train(
                            "AppCDS",
                            "-XX:ArchiveClassesAtExit=" + archives.resolve("app.jsa"),
                            appCds,
                            "-Xshare:on",
                            archives.resolve("app.jsa"))) {
                knobs.put("AppCDS: -XX:SharedArchiveFile=app.jsa (written by -XX:ArchiveClassesAtExit)", appCds);
                knobs.put(
                        "AppCDS + -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                        appCds + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            }
            if (feature >= 19) {
                String auto = "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=" + archives.resolve("auto.jsa");
                if (selected("AutoCreateSharedArchive")
                        && train("AutoCreateSharedArchive", auto, auto, "-Xshare:on", archives.resolve("auto.jsa"))) {
                    knobs.put(
                            "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=auto.jsa (after one run wrote it)",
                            auto);
                }
            }
            if (feature >= 25) {
                String aot = "-XX:AOTCache=" + archives.resolve("app.aot");
                if (selected("AOT cache")
                        && train(
                                "AOT cache",
                                "-XX:AOTCacheOutput=" + archives.resolve("app.aot"),
                                aot,
                                "-XX:AOTMode=on",
                                archives.resolve("app.aot"))) {
                    knobs.put("AOT cache: -XX:AOTCache=app.aot (written by -XX:AOTCacheOutput)", aot);
                    knobs.put(
                            "AOT cache + -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                            aot + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
                }
                knobs.put("-XX:UserThreadWaitAttemptsAtExit=0", "-XX:UserThreadWaitAttemptsAtExit=0");
            }
            knobs.keySet().removeIf(name -> !name.startsWith("(none") && !selected(name));
            List<Probe> probes = new ArrayList<>();
            for (Map.Entry<String, String> knob : knobs.entrySet()) {
                Map<String, String> configuration = new LinkedHashMap<>();
                configuration.put(ConfigurationParameters.PROCESSES_JVM_ARGS, knob.getValue());
                configuration.put(ConfigurationParameters.PROCESSES_REUSE, "false");
                if (knob.getKey().equals(BEFORE_KNOB)) {
                    configuration.put(ConfigurationParameters.PROCESSES_CLASS_DATA_SHARING, "false");
                    configuration.put(ConfigurationParameters.PROCESSES_PRESTART, "false");
                }
                Probe probe = new Probe(
                        knob.getKey(),
                        () -> launcher.execute(StartupFixture.class, configuration, "two", "twelve"),
                        0,
                        0,
                        2,
                        "PROCESSES");
                probe.expected = new int[] {2, 12};
                probes.add(probe);
            }
            measure("processes: start-up knobs", probes);
            Probe baseline = probes.get(0);
            for (Probe probe : probes) {
                knobRows.add(new KnobRow(probe, baseline));
            }
        } finally {
            try (Stream<Path> files = Files.walk(archives)) {
                files.sorted(Comparator.reverseOrder()).forEach(ProcessesBench::deleteQuietly);
            }
        }
        return "processes: start-up knobs";
    }

    /**
     * Whether the knob named {@code name} is measured: all of them unless the system property
     * {@code bench.knobs} lists some (comma-separated parts of their names); the default always is.
     */
    private static boolean selected(String name) {
        String only = System.getProperty("bench.knobs", "");
        return only.isBlank() || Stream.of(only.split(",")).anyMatch(part -> name.contains(part.strip()));
    }

    /**
     * Writes a class-data archive with one worker JVM started with {@code trainingArgs} (it writes the
     * archive when it exits, at the end of the Launcher execution), then checks that a worker started
     * with {@code useArgs} and {@code strictArg} (which makes the JVM fail when it cannot use the
     * archive) starts. False, with a note, when either step fails.
     */
    private boolean train(String what, String trainingArgs, String useArgs, String strictArg, Path archive) {
        try {
            launcher.execute(
                    StartupFixture.class,
                    Map.of(
                            ConfigurationParameters.PROCESSES_JVM_ARGS,
                            trainingArgs,
                            ConfigurationParameters.PROCESSES_REUSE,
                            "false"),
                    "one");
            if (!Files.isRegularFile(archive)) {
                notes.add(what + ": the training run wrote no archive; not measured.");
                return false;
            }
            long size = Files.size(archive);
            launcher.execute(
                    StartupFixture.class,
                    Map.of(
                            ConfigurationParameters.PROCESSES_JVM_ARGS,
                            useArgs + " " + strictArg,
                            ConfigurationParameters.PROCESSES_REUSE,
                            "false"),
                    "one");
            notes.add(String.format(
                    Locale.ROOT,
                    "%s: archive of %.1f MB written by one worker JVM (%s) running "
                            + "`StartupFixture.one`, and used with %s by another.",
                    what,
                    size / 1e6,
                    trainingArgs.replace(archive.getParent() + "/", ""),
                    strictArg));
            return true;
        } catch (RuntimeException | IOException e) {
            notes.add(what + ": not measured, the archive could not be written or used: " + e);
            return false;
        }
    }

    // ---------------------------------------------------------------- measuring

    private Probe probe(String method, Map<String, String> configuration, int workers, int tasks, int runs) {
        return new Probe(
                method,
                () -> launcher.execute(ProcessFixture.class, configuration, method),
                workers,
                tasks,
                runs,
                "PROCESSES");
    }

    /** Runs every probe once per round, in an order that rotates, with a garbage collection before each. */
    private void measure(String name, List<Probe> probes) throws Exception {
        for (int round = 0; round < warmup + rounds; round++) {
            System.err.printf(
                    Locale.ROOT,
                    "[bench] %s: %s round %d of %d%n",
                    name,
                    round < warmup ? "warm-up" : "measured",
                    round < warmup ? round + 1 : round - warmup + 1,
                    round < warmup ? warmup : rounds);
            for (int i = 0; i < probes.size(); i++) {
                Probe probe = probes.get((i + round) % probes.size());
                System.gc();
                FixtureLauncher.Execution execution = probe.execution.run();
                probe.check(execution);
                if (round >= warmup) {
                    probe.record(execution);
                }
            }
        }
    }

    /** One Launcher execution, measured once per round: the figures of each of its runs, in order. */
    static final class Probe {
        final String name;
        final Execution execution;
        final int workers;
        final int tasks;
        final String mode;
        int[] expected;
        final List<Samples> startup = new ArrayList<>();
        final List<Samples> wall = new ArrayList<>();
        final List<Samples> total = new ArrayList<>();
        /** The test's own duration minus start-up and wall: the coordinator's work around the run. */
        final List<Samples> around = new ArrayList<>();

        final Samples afterLastTest = new Samples();

        Probe(String name, Execution execution, int workers, int tasks, int runs, String mode) {
            this.name = name;
            this.execution = execution;
            this.workers = workers;
            this.tasks = tasks;
            this.mode = mode;
            for (int i = 0; i < runs; i++) {
                startup.add(new Samples());
                wall.add(new Samples());
                total.add(new Samples());
                around.add(new Samples());
            }
        }

        void check(FixtureLauncher.Execution result) {
            if (result.runs().size() != startup.size()) {
                throw new IllegalStateException(name + ": expected " + startup.size() + " runs, got " + result.runs());
            }
            for (int i = 0; i < result.runs().size(); i++) {
                FixtureLauncher.Run run = result.runs().get(i);
                int expectedWorkers = expected != null ? expected[i] : workers;
                int expectedTasks = expected != null ? expected[i] : tasks;
                if (!run.mode().equals(mode) || run.workers() != expectedWorkers || run.tasks() != expectedTasks) {
                    throw new IllegalStateException(name + ": expected " + mode + " with " + expectedWorkers
                            + " workers and " + expectedTasks + " tasks, got " + run);
                }
            }
        }

        void record(FixtureLauncher.Execution result) {
            for (int i = 0; i < result.runs().size(); i++) {
                FixtureLauncher.Run run = result.runs().get(i);
                startup.get(i).add(run.startupNanos());
                wall.get(i).add(run.wallNanos());
                total.get(i).add(run.totalNanos());
                around.get(i).add(run.testNanos() - run.totalNanos());
            }
            afterLastTest.add(result.afterLastTestNanos());
        }
    }

    @FunctionalInterface
    interface Execution {
        FixtureLauncher.Execution run() throws Exception;
    }

    // ---------------------------------------------------------------- tables

    /** One line of the PROCESSES table: one run (by position) of a probe. */
    private static final class TableRow {
        final String workload;
        final String workers;
        final Probe probe;
        final int index;
        final IntToDoubleFunction ideal;
        final boolean dispatch;
        final boolean showClose;

        TableRow(
                String workload,
                String workers,
                Probe probe,
                int index,
                IntToDoubleFunction ideal,
                boolean dispatch,
                boolean showClose) {
            this.workload = workload;
            this.workers = workers;
            this.probe = probe;
            this.index = index;
            this.ideal = ideal;
            this.dispatch = dispatch;
            this.showClose = showClose;
        }

        String format() {
            Samples startup = probe.startup.get(index);
            Samples wall = probe.wall.get(index);
            Samples total = probe.total.get(index);
            boolean processes = probe.mode.equals("PROCESSES");
            String idealText = DASH;
            String efficiencyWall = DASH;
            String efficiencyTotal = DASH;
            if (ideal != null) {
                Samples ideals = new Samples();
                Samples onWall = new Samples();
                Samples onTotal = new Samples();
                for (int round = 0; round < wall.size(); round++) {
                    double idealNanos = ideal.applyAsDouble(round);
                    ideals.add(idealNanos);
                    onWall.add(idealNanos / wall.get(round));
                    onTotal.add(idealNanos / total.get(round));
                }
                idealText = ms(ideals.median());
                efficiencyWall = range(onWall, BenchMain::percent);
                efficiencyTotal = processes ? range(onTotal, BenchMain::percent) : DASH;
            }
            String close = showClose && processes ? range(probe.afterLastTest, ProcessesBench::ms) : DASH;
            return String.join(
                            " | ",
                            "| " + workload,
                            workers,
                            String.valueOf(probe.workers),
                            String.format(Locale.ROOT, "%,d", probe.tasks),
                            processes ? range(startup, ProcessesBench::ms) : DASH,
                            range(wall, ProcessesBench::ms),
                            processes ? range(total, ProcessesBench::ms) : DASH,
                            idealText,
                            efficiencyWall,
                            efficiencyTotal,
                            dispatch ? BenchMain.micros(wall.median() / probe.tasks) : DASH,
                            close)
                    + " |";
        }
    }

    /** One line of the start-up knobs table. */
    private static final class KnobRow {
        final Probe probe;
        final Probe baseline;

        KnobRow(Probe probe, Probe baseline) {
            this.probe = probe;
            this.baseline = baseline;
        }

        String format() {
            List<String> cells = new ArrayList<>();
            cells.add("| " + probe.name);
            for (int index = 0; index < 2; index++) {
                Samples startup = probe.startup.get(index);
                cells.add(range(startup, ProcessesBench::ms));
                if (probe == baseline) {
                    cells.add(DASH);
                } else {
                    Samples ratios = new Samples();
                    for (int round = 0; round < startup.size(); round++) {
                        ratios.add(
                                startup.get(round) / baseline.startup.get(index).get(round));
                    }
                    cells.add(range(ratios, ratio -> String.format(Locale.ROOT, "%.2f×", ratio)));
                }
                cells.add(ms(probe.around.get(index).median()));
            }
            return String.join(" | ", cells) + " |";
        }
    }

    void printTable(PrintStream out) {
        out.println("| Workload | Worker JVMs | W | T | Start-up ms (until W ready) | Wall ms | Start-up + wall ms "
                + "| Ideal ms | Efficiency, wall only | Efficiency, start-up + wall | wall / T | Pool close ms |");
        out.println("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        rows.forEach(row -> out.println(row.format()));
        out.println();
        out.println("Start-up: `parallelruns.startupMs`, from the start of the run (before any worker JVM is started "
                + "or taken from the pool) until all W workers reached the body and the start barrier opened. Wall: "
                + "`parallelruns.wallTimeMs`, barrier release to the end of the last task. Cold: the first test of a "
                + "Launcher execution (new worker JVMs); warm: a later test of the same execution, on the same worker "
                + "JVMs (`parallelruns.processes.reuse=true`, the default). Efficiency: ideal / wall and ideal / "
                + "(start-up + wall), per round. Pool close: from the end of the execution's last test to the end of "
                + "the execution (JUnit closing the worker pool: W idle workers shut down).");
    }

    void printKnobTable(PrintStream out) {
        out.println("| Worker JVM options (`parallelruns.processes.jvmArgs`) | 2 workers: ready ms | vs default, "
                + "same round | 2 workers: rest of the test ms | 12 workers: ready ms | vs default, same round "
                + "| 12 workers: rest of the test ms |");
        out.println("|---|--:|--:|--:|--:|--:|--:|");
        knobRows.forEach(row -> out.println(row.format()));
        out.println();
        out.println(
                "Ready: `parallelruns.startupMs` of a test on new worker JVMs (`parallelruns.processes.reuse=false`). "
                        + "Rest of the test: the test's duration (JUnit's start to finish of the test) minus start-up and wall, "
                        + "median; with reuse off it is mostly shutting the test's workers down.");
    }

    // ---------------------------------------------------------------- helpers

    private static String range(Samples samples, DoubleFunction<String> format) {
        return format.apply(samples.median()) + " [" + format.apply(samples.min()) + "–" + format.apply(samples.max())
                + "]";
    }

    /** Milliseconds with one decimal: start-up figures vary by far more than 0.1 ms. */
    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%,.1f", nanos / 1e6);
    }

    /** How many task requests a run answers: the library's guided self-scheduling, replayed. */
    static int requests(int tasks, int workers) {
        int requests = 0;
        for (int remaining = tasks; remaining > 0; requests++) {
            remaining -= Math.max(1, remaining / (4 * workers));
        }
        return requests + workers;
    }

    private static String ordinal(int n) {
        return n == 2 ? "2nd" : n == 3 ? "3rd" : n + "th";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temporary file.
        }
    }
}
