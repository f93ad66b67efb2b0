package io.github.parallelruns.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The benchmark: runs the fixtures through the JUnit Platform and ParallelRuns, and the same
 * workloads through two references, all in this JVM, round after round (interleaved), and prints
 * one markdown table of medians. Progress goes to standard error, the table to standard output.
 *
 * <p>System properties: {@code bench.warmup} (rounds discarded, default 3; 1 for the {@code PROCESSES}
 * groups), {@code bench.rounds} (rounds measured, default 15; 5 for the {@code PROCESSES} groups) and
 * {@code bench.only} (some of {@code sleep,cpu,empty,processes,knobs}, default {@code sleep,cpu,empty};
 * {@code processes} is {@code processes.ready,processes.cpu,processes.sleep,processes.dispatch}); and
 * {@code bench.knobs} (parts of the names of the start-up knobs to measure, default all).
 */
public final class BenchMain {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** The default groups: the THREADS workloads (about a minute). */
    static final String DEFAULT_ONLY = "sleep,cpu,empty";

    private final int warmup = Integer.getInteger("bench.warmup", 3);
    private final int rounds = Integer.getInteger("bench.rounds", 15);
    private final int processWarmup = Integer.getInteger("bench.warmup", 1);
    private final int processRounds = Integer.getInteger("bench.rounds", 5);
    private final FixtureLauncher launcher = new FixtureLauncher();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final ProcessesBench processes = new ProcessesBench(launcher, processWarmup, processRounds, notes);
    /** The table; standard output itself carries what worker JVMs print (sent to standard error). */
    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        // Worker JVMs' output is copied to System.out: keep it out of the table.
        System.setOut(System.err);
        new BenchMain().run();
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        if (warmup < 0 || rounds < 1) {
            throw new IllegalArgumentException("bench.warmup must be >= 0 and bench.rounds >= 1");
        }
        List<String> interference = new ArrayList<>();
        List<String> only =
                List.of(System.getProperty("bench.only", DEFAULT_ONLY).split(","));
        Map<String, List<Section>> groups = new LinkedHashMap<>();
        groups.put("sleep", List.of(this::sleepWorkload));
        groups.put("cpu", List.of(this::cpuWorkload));
        groups.put("empty", List.of(this::emptyWorkload));
        groups.put("processes", List.of(processes::ready, processes::cpu, processes::sleep, processes::dispatch));
        // Its parts, to rerun one of them.
        groups.put("processes.ready", List.of(processes::ready));
        groups.put("processes.cpu", List.of(processes::cpu));
        groups.put("processes.sleep", List.of(processes::sleep));
        groups.put("processes.dispatch", List.of(processes::dispatch));
        groups.put("knobs", List.of(processes::knobs));
        groups.put("endtoend", List.of(processes::endToEnd));
        if (!groups.keySet().containsAll(only)) {
            throw new IllegalArgumentException("bench.only must list some of " + groups.keySet() + ", not " + only);
        }
        for (Section section : groups.entrySet().stream()
                .filter(entry -> only.contains(entry.getKey()))
                .flatMap(entry -> entry.getValue().stream())
                .collect(Collectors.toList())) {
            Optional<CpuAccounting> before = CpuAccounting.now();
            String name = section.run();
            before.ifPresent(accounting -> interference.add(accounting.since(name, CORES)));
        }
        notes.add("Machine load during each workload (from /proc; should be ~0 for clean figures): "
                + String.join("; ", interference) + ".");
        printTable(Math.round((System.nanoTime() - start) / 1e9));
    }

    // ---------------------------------------------------------------- workload 1: sleeps

    private String sleepWorkload() throws Exception {
        int workers = Workloads.SLEEP_WORKERS;
        int tasks = Workloads.SLEEP_TASKS;
        Samples sleep = new Samples();
        for (int i = 0; i < 5 + 50; i++) {
            long begin = System.nanoTime();
            Thread.sleep(Workloads.SLEEP_MS);
            if (i >= 5) {
                sleep.add(System.nanoTime() - begin);
            }
        }
        double d = sleep.median();
        int perWorker = ceilDiv(tasks, workers);
        notes.add(String.format(
                Locale.ROOT,
                "d = one `Thread.sleep(%d)` measured here: median of %d sequential sleeps "
                        + "%s ms [%s–%s]; ideal = ⌈%d/%d⌉ × d = %s ms.",
                Workloads.SLEEP_MS,
                sleep.size(),
                ms(d),
                ms(sleep.min()),
                ms(sleep.max()),
                tasks,
                workers,
                ms(perWorker * d)));
        String workload = "sleep " + Workloads.SLEEP_MS + " ms";
        Row extension = new Row(
                workload,
                "ParallelRuns",
                workers,
                tasks,
                () -> launcher.wallTimeNanos(SleepFixture.class, "sleeps", workers, tasks));
        Row plain = new Row(
                workload,
                "plain threads",
                workers,
                tasks,
                () -> References.plainThreads(workers, tasks, () -> Thread.sleep(Workloads.SLEEP_MS)));
        Row pool = new Row(
                workload,
                "JDK fixed pool",
                workers,
                tasks,
                () -> References.fixedPool(workers, tasks, () -> Thread.sleep(Workloads.SLEEP_MS)));
        // The floor: the same number of sleeps per worker, one worker, nothing else running.
        Row floor = new Row(
                workload,
                "plain threads",
                1,
                perWorker,
                () -> References.plainThreads(1, perWorker, () -> Thread.sleep(Workloads.SLEEP_MS)));
        List<Row> section = List.of(extension, plain, pool, floor);
        measure("sleep", section);
        for (Row row : section) {
            row.idealPerRound = round -> perWorker * d;
        }
        return "sleep";
    }

    // ---------------------------------------------------------------- workload 2: CPU-bound

    private String cpuWorkload() throws Exception {
        int tasks = Workloads.CPU_TASKS;
        Samples task = CpuWork.calibrate(Workloads.CPU_TASK_TARGET_MS, 21);
        double t = task.median();
        notes.add(String.format(
                Locale.ROOT,
                "t = one CPU task (%,d xorshift steps) measured alone: median of %d "
                        + "%s ms [%s–%s]; ideal on 1 worker = %d × t = %s ms; on W workers = the 1-worker wall time of the "
                        + "same round / min(W, %d cores).",
                CpuWork.iterations(),
                task.size(),
                ms(t),
                ms(task.min()),
                ms(task.max()),
                tasks,
                ms(tasks * t),
                CORES));
        String workload = "CPU ~" + Math.round(Workloads.CPU_TASK_TARGET_MS) + " ms";
        Row one = new Row(
                workload,
                "ParallelRuns",
                1,
                tasks,
                () -> launcher.wallTimeNanos(CpuFixture.class, "oneWorker", 1, tasks));
        Row two = new Row(
                workload,
                "ParallelRuns",
                2,
                tasks,
                () -> launcher.wallTimeNanos(CpuFixture.class, "twoWorkers", 2, tasks));
        measure("cpu", List.of(one, two));
        one.idealPerRound = round -> tasks * t;
        two.idealPerRound = round -> one.wall.get(round) / Math.min(2, CORES);
        two.baseline = one;
        return "CPU";
    }

    // ---------------------------------------------------------------- workload 3: empty body

    private String emptyWorkload() throws Exception {
        int tasks = Workloads.EMPTY_TASKS;
        String workload = "empty body";
        References.Body empty = () -> {};
        List<Row> extension = new ArrayList<>();
        List<Row> plain = new ArrayList<>();
        List<Row> pool = new ArrayList<>();
        for (int workers : new int[] {1, 2, 12}) {
            String method = workers == 1 ? "oneWorker" : workers == 2 ? "twoWorkers" : "twelveWorkers";
            extension.add(new Row(
                    workload,
                    "ParallelRuns",
                    workers,
                    tasks,
                    () -> launcher.wallTimeNanos(EmptyFixture.class, method, workers, tasks)));
            plain.add(new Row(
                    workload, "plain threads", workers, tasks, () -> References.plainThreads(workers, tasks, empty)));
            pool.add(new Row(
                    workload, "JDK fixed pool", workers, tasks, () -> References.fixedPool(workers, tasks, empty)));
        }
        extension.add(new Row(
                workload + ", unused `TaskContext` parameter",
                "ParallelRuns",
                2,
                tasks,
                () -> launcher.wallTimeNanos(EmptyFixture.class, "twoWorkersWithTaskContext", 2, tasks)));
        List<Row> section = new ArrayList<>();
        for (List<Row> harness : List.of(extension, plain, pool)) {
            for (Row row : harness) {
                row.dispatch = true;
                row.baseline = row.workers == 1 ? null : harness.get(0);
                section.add(row);
            }
        }
        measure("empty", section);
        return "empty body";
    }

    // ---------------------------------------------------------------- measuring

    /**
     * Runs every row once per round, in an order that rotates from round to round, with a garbage
     * collection before each run (a run's own allocations, such as the empty body's per-task objects,
     * may still cause collections inside its timed window: they are part of its cost).
     */
    private void measure(String name, List<Row> section) throws Exception {
        for (int round = 0; round < warmup + rounds; round++) {
            System.err.printf(
                    Locale.ROOT,
                    "[bench] %s: %s round %d of %d%n",
                    name,
                    round < warmup ? "warm-up" : "measured",
                    round < warmup ? round + 1 : round - warmup + 1,
                    round < warmup ? warmup : rounds);
            for (int i = 0; i < section.size(); i++) {
                Row row = section.get((i + round) % section.size());
                // Collect the previous run's garbage now, not during this run's timed window.
                System.gc();
                double wall = row.measurement.wallTimeNanos();
                if (round >= warmup) {
                    row.wall.add(wall);
                }
            }
        }
        rows.addAll(section);
    }

    // ---------------------------------------------------------------- the table

    private void printTable(long seconds) {
        out.println("# ParallelRuns benchmark");
        out.println();
        out.println("- Machine: " + CORES + " available processors"
                + cpuModel().map(model -> " (" + model + ")").orElse("")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        out.println("- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + "), GC: "
                + ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(" + "))
                + String.format(
                        Locale.ROOT, ", max heap %.1f GB", Runtime.getRuntime().maxMemory() / 1e9)
                + ", options: "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        if (!rows.isEmpty()) {
            out.println(
                    "- Rounds (THREADS): " + warmup + " warm-up (discarded) + " + rounds + " measured, the rows of a "
                            + "workload interleaved in each round, `System.gc()` before each run. Figures: median [min–max] over "
                            + "the measured rounds.");
        }
        if (processes.hasRows() || processes.hasKnobRows() || processes.hasEndToEndRows()) {
            out.println(
                    "- Rounds (PROCESSES): " + processWarmup + " warm-up (discarded) + " + processRounds + " measured; "
                            + "each round runs every probe of a workload once (one Launcher execution each, so one worker pool), "
                            + "in an order that rotates, `System.gc()` before each. Figures: median [min–max] over the measured "
                            + "rounds. Worker JVMs inherit the measuring JVM's options (`"
                            + String.join(
                                    " ",
                                    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                            .filter(option -> !option.startsWith("-Dbench."))
                                            .collect(Collectors.toList()))
                            + "`) and run on its JDK.");
        }
        out.println("- One JVM, " + seconds + " s in all.");
        if (!rows.isEmpty()) {
            out.println(
                    "- Harnesses: *ParallelRuns* = a `@Test @ParallelRuns(mode = THREADS, ...)` fixture run through the "
                            + "JUnit Platform Launcher, wall time read from its `parallelruns.wallTimeMs` report entry (release of "
                            + "the start barrier to the end of the last task); *plain threads* = the same design by hand (latch, "
                            + "`AtomicInteger` queue, direct call, same timing), no JUnit; *JDK fixed pool* = "
                            + "`Executors.newFixedThreadPool(W)`, threads prestarted, first `execute` to termination.");
        }
        notes.forEach(note -> out.println("- " + note));
        if (!rows.isEmpty()) {
            out.println();
            out.println("| Workload | Harness | W | T | Wall ms | Ideal ms | Efficiency = ideal / wall "
                    + "| Speedup vs W=1 | Overhead per task = (wall − ideal) / ⌈T/W⌉ | wall / T | wall × W / T |");
            out.println("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            for (Row row : rows) {
                out.println(row.format());
            }
            out.println();
            out.println(
                    "Per-task figures are medians over rounds. Efficiency: ideal / wall per round. Speedup: wall on 1 "
                            + "worker / wall on W, same harness, same round. Overhead per task: the time above ideal divided by "
                            + "the tasks one worker runs (the critical path). wall / T: aggregate cost per task (inverse of the "
                            + "throughput); wall × W / T: what one task costs the worker that runs it (equal to wall / T on 1 "
                            + "worker; with W > " + CORES
                            + " cores, W × wall / T counts time the workers spent waiting for a "
                            + "core).");
        }
        if (processes.hasRows()) {
            out.println();
            out.println("## PROCESSES");
            out.println();
            processes.printTable(out);
        }
        if (processes.hasEndToEndRows()) {
            out.println();
            out.println("## PROCESSES: one test, end to end");
            out.println();
            processes.printEndToEndTable(out);
        }
        if (processes.hasKnobRows()) {
            out.println();
            out.println("## PROCESSES: worker JVM options and start-up");
            out.println();
            processes.printKnobTable(out);
        }
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.replaceFirst("^[^:]*:\\s*", ""))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String micros(double nanos) {
        double us = nanos / 1e3;
        return String.format(Locale.ROOT, Math.abs(us) < 10 ? "%.3f µs" : "%.1f µs", us);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    // ---------------------------------------------------------------- rows

    /** One workload: measures its rows, returns its name. */
    @FunctionalInterface
    interface Section {
        String run() throws Exception;
    }

    /** How one row is measured: one run, its wall time in nanoseconds. */
    @FunctionalInterface
    interface Measurement {
        double wallTimeNanos() throws Exception;
    }

    /** The ideal wall time of one measured round of a row. */
    @FunctionalInterface
    interface Ideal {
        double nanos(int round);
    }

    /** One line of the table: a workload on one harness with W workers. */
    static final class Row {
        final String workload;
        final String harness;
        final int workers;
        final int tasks;
        final Measurement measurement;
        final Samples wall = new Samples();
        Ideal idealPerRound;
        Row baseline;
        boolean dispatch;

        Row(String workload, String harness, int workers, int tasks, Measurement measurement) {
            this.workload = workload;
            this.harness = harness;
            this.workers = workers;
            this.tasks = tasks;
            this.measurement = measurement;
        }

        String format() {
            String dash = "—";
            String ideal = dash;
            String efficiency = dash;
            String overhead = dash;
            if (idealPerRound != null) {
                Samples ideals = new Samples();
                Samples efficiencies = new Samples();
                Samples overheads = new Samples();
                for (int round = 0; round < wall.size(); round++) {
                    double idealNanos = idealPerRound.nanos(round);
                    ideals.add(idealNanos);
                    efficiencies.add(idealNanos / wall.get(round));
                    overheads.add((wall.get(round) - idealNanos) / ceilDiv(tasks, workers));
                }
                ideal = ms(ideals.median());
                efficiency = percent(efficiencies.median()) + " [" + percent(efficiencies.min()) + "–"
                        + percent(efficiencies.max()) + "]";
                overhead = micros(overheads.median());
            }
            String speedup = dash;
            if (baseline != null) {
                Samples speedups = new Samples();
                for (int round = 0; round < wall.size(); round++) {
                    speedups.add(baseline.wall.get(round) / wall.get(round));
                }
                speedup = String.format(
                        Locale.ROOT, "%.2f× [%.2f–%.2f]", speedups.median(), speedups.min(), speedups.max());
            }
            String perTask = dispatch ? micros(wall.median() / tasks) : dash;
            String perWorker = dispatch ? micros(wall.median() * workers / tasks) : dash;
            return String.join(
                            " | ",
                            "| " + workload,
                            harness,
                            String.valueOf(workers),
                            String.format(Locale.ROOT, "%,d", tasks),
                            ms(wall.median()) + " [" + ms(wall.min()) + "–" + ms(wall.max()) + "]",
                            ideal,
                            efficiency,
                            speedup,
                            overhead,
                            perTask,
                            perWorker)
                    + " |";
        }
    }
}
