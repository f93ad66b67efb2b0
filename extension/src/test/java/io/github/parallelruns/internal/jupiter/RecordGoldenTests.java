package io.github.parallelruns.internal.jupiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.Verdict;
import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.config.SpeedupPlan;
import io.github.parallelruns.internal.config.SweepPlan;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.Disturbance;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.Pair;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupMeasurement;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import io.github.parallelruns.internal.report.Json;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The JSON records and report entries every writer produces, on synthetic measurements (and, for
 * plain runs and failures, through the engine), compared with the files in
 * {@value #GOLDEN}: the record format documented in docs/sweeps-and-reports.md, key by key and in
 * order. What varies from run to run (start time, duration, the JVM, wall times, the temporary
 * folder) is replaced by its JSON type before comparing.
 *
 * <p>{@code -Dgolden.update=true} writes the files anew instead, for an intended change of the format.
 */
class RecordGoldenTests {

    private static final String GOLDEN = "src/test/resources/golden-records";
    private static final String TEST_ID = "[engine:junit-jupiter]/[class:com.example.GoldenTests]/[method:sum()]";

    @TempDir
    Path dir;

    private final List<Map<String, String>> entries = new ArrayList<>();

    @Test
    void aSpeedupThatPassesAgainstItsBaseline() throws IOException {
        Path baseline = baseline(Map.of(TEST_ID, entry("THREADS", 40, 4, 3.5)));
        ReportSink sink = sink(Map.of("parallelruns.baseline.file", baseline.toString()));
        RunPlan plan = plan(4, 40);
        SpeedupRun run = SpeedupRun.prepare(
                plan,
                new SpeedupPlan(2.5, Double.POSITIVE_INFINITY, 2.5, 0, Workload.AUTO),
                configuration(Map.of("parallelruns.baseline.file", baseline.toString())),
                cores(8),
                sink);

        run.conclude(result(Verdict.PASS, 3.6, 3.4, 3.8, Optional.of(CpuShare.of(2_000_000L, 100_000_000L, 1, 8))), 4);

        compare("speedup-pass");
    }

    @Test
    void aSpeedupThatDroppedBelowItsBaseline() throws IOException {
        Path baseline = baseline(Map.of(TEST_ID, entry("THREADS", 40, 4, 3.5)));
        Map<String, String> parameters = Map.of("parallelruns.baseline.file", baseline.toString());
        ReportSink sink = sink(parameters);
        SpeedupRun run = SpeedupRun.prepare(
                plan(4, 40),
                new SpeedupPlan(2.5, 3.9, 2.5, 0.5, Workload.CPU_BOUND),
                configuration(parameters),
                cores(8),
                sink);

        assertThatThrownBy(() -> run.conclude(result(Verdict.PASS, 2.6, 2.55, 2.7, Optional.empty()), 3))
                .isInstanceOf(AssertionFailedError.class);

        compare("speedup-dropped");
    }

    @Test
    void anUnattainableSpeedup() throws IOException {
        ReportSink sink = sink(Map.of());

        assertThatThrownBy(() -> SpeedupRun.prepare(
                        plan(4, 40),
                        new SpeedupPlan(3.5, Double.POSITIVE_INFINITY, 3.5, 0, Workload.CPU_BOUND),
                        configuration(Map.of()),
                        cores(2),
                        sink))
                .isInstanceOf(TestAbortedException.class);

        compare("speedup-unattainable");
    }

    @Test
    void aSpeedupNeverMeasured() throws IOException {
        ReportSink sink = sink(Map.of());
        SpeedupRun run = SpeedupRun.prepare(
                plan(4, 40),
                new SpeedupPlan(1.5, Double.POSITIVE_INFINITY, 1.5, 0, Workload.BLOCKING),
                configuration(Map.of()),
                cores(8),
                sink);
        SpeedupResult result = SpeedupMeasurement.notMeasured("not measured: waited 60.00 s for the machine's turn")
                .withTurn(Duration.ofSeconds(60), Duration.ZERO, Optional.empty());

        assertThatThrownBy(() -> run.conclude(result, 0)).isInstanceOf(TestAbortedException.class);

        compare("speedup-not-measured");
    }

    @Test
    void anInconclusiveSpeedupWithAnUnboundedIntervalThatWarns() throws IOException {
        Map<String, String> parameters = Map.of("parallelruns.speedup.inconclusive", "warn");
        ReportSink sink = sink(parameters);
        SpeedupRun run = SpeedupRun.prepare(
                plan(2, 8),
                new SpeedupPlan(1.5, Double.POSITIVE_INFINITY, 1.5, 0, Workload.BLOCKING),
                configuration(parameters),
                cores(8),
                sink);

        run.conclude(result(Verdict.INCONCLUSIVE, 1.7, 0.0, Double.POSITIVE_INFINITY, Optional.empty()), 2);

        compare("speedup-inconclusive");
    }

    @Test
    void aSweepWithAPointTheMachineCannotJudgeAndBaselines() throws Throwable {
        Path baseline = baseline(Map.of(TEST_ID, entry("THREADS", 8, 2, 1.9)));
        Map<String, String> parameters = Map.of("parallelruns.baseline.file", baseline.toString());
        ReportSink sink = sink(parameters);

        SweepRun.run(
                plan(4, 8),
                new SweepPlan(List.of(1, 2, 4), 8, 0.1, true, Workload.CPU_BOUND),
                configuration(parameters),
                cores(2),
                sink,
                measurer(Optional.empty(), null));

        compare("sweep-judged");
    }

    @Test
    void aSweepOfTheCpuShareThatOnlyMeasures() throws Throwable {
        ReportSink sink = sink(Map.of());
        CpuShare share = CpuShare.of(25_000_000L, 100_000_000L, 1, 8);

        SweepRun.run(
                plan(8, 16),
                new SweepPlan(List.of(2, 4, 8), 16, Double.NaN, false, Workload.AUTO),
                configuration(Map.of()),
                cores(8),
                sink,
                measurer(Optional.empty(), share));

        compare("sweep-measured");
    }

    @Test
    void aSweepThatCannotReachItsBoundAnywhere() throws IOException {
        ReportSink sink = sink(Map.of());
        CpuShare share = CpuShare.assumedComputing(90_000_000L, 100_000_000L, 1, 1, CpuShare.SATURATED);

        assertThatThrownBy(() -> SweepRun.run(
                        plan(4, 8),
                        new SweepPlan(List.of(1, 2, 4), 8, 0.1, true, Workload.AUTO),
                        configuration(Map.of()),
                        cores(1),
                        sink,
                        measurer(Optional.empty(), share)))
                .isInstanceOf(TestAbortedException.class);

        compare("sweep-unattainable");
    }

    @Test
    void aSweepWhoseTurnNeverCame() throws IOException {
        ReportSink sink = sink(Map.of());

        assertThatThrownBy(() -> SweepRun.run(
                        plan(4, 8),
                        new SweepPlan(List.of(1, 2, 4), 8, 0.1, true, Workload.BLOCKING),
                        configuration(Map.of()),
                        cores(8),
                        sink,
                        measurer(Optional.of("not measured: waited 60.00 s for the machine's turn"), null)))
                .isInstanceOf(TestAbortedException.class);

        compare("sweep-refused");
    }

    @Test
    void plainRunsThatPassFailAndAreNotChecked() throws IOException {
        engine("passes(io.github.parallelruns.TaskContext)");
        compareEngineRecord("run-successful", "passes");
        engine("fails(io.github.parallelruns.TaskContext)");
        compareEngineRecord("run-failed", "fails");
        engine("notChecked(io.github.parallelruns.TaskContext)", "parallelruns.speedup.enabled", "false");
        compareEngineRecord("run-not-checked", "notChecked");
        engine("failsWhileMeasured(io.github.parallelruns.TaskContext)", "parallelruns.turns.file", "none");
        compareEngineRecord("speedup-failed", "failsWhileMeasured");
    }

    /** Fixtures for the records written through the engine. */
    static class GoldenTestCase {

        @Test
        @ParallelRuns(workers = 2, tasks = 6)
        void passes(TaskContext task) {
            Math.sqrt(task.taskIndex());
        }

        @Test
        @ParallelRuns(workers = 2, tasks = 12)
        void fails(TaskContext task) {
            // Each worker runs its own task first: which worker fails is known.
            if (task.taskIndex() == 0) {
                throw new IllegalStateException("task " + task.taskIndex() + " is the first");
            }
            if (task.taskIndex() == 1) {
                throw new AssertionError("expected <0> but was <" + task.taskIndex() + ">");
            }
        }

        @Test
        @ParallelRuns(workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.5, workload = Workload.BLOCKING)
        void notChecked(TaskContext task) {
            Math.sqrt(task.taskIndex());
        }

        @Test
        @ParallelRuns(workers = 2, tasks = 4)
        @ExpectSpeedup(min = 1.5, workload = Workload.BLOCKING)
        void failsWhileMeasured(TaskContext task) {
            if (task.taskIndex() == 0) {
                throw new IllegalStateException("the body fails on task 0");
            }
        }
    }

    private void engine(String method, String... configuration) {
        EngineTestKit.Builder kit =
                EngineTestKit.engine("junit-jupiter").configurationParameter("parallelruns.report.dir", dir.toString());
        for (int i = 0; i < configuration.length; i += 2) {
            kit = kit.configurationParameter(configuration[i], configuration[i + 1]);
        }
        kit.selectors(selectMethod(GoldenTestCase.class.getName() + "#" + method))
                .execute();
    }

    private void compareEngineRecord(String name, String method) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(path -> path.getFileName()
                            .toString()
                            .startsWith("RecordGoldenTests_GoldenTestCase." + method + "-"))
                    .findFirst()
                    .orElseThrow();
        }
        Map<String, Object> golden = new LinkedHashMap<>();
        golden.put("record", normalise(Files.readString(file, StandardCharsets.UTF_8)));
        check(name, golden);
    }

    private void compare(String name) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
            file = files.filter(path -> path.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow();
        }
        Map<String, Object> golden = new LinkedHashMap<>();
        golden.put("record", normalise(Files.readString(file, StandardCharsets.UTF_8)));
        // A report entry's keys have no order (some are Map.of): sorted.
        golden.put(
                "entries",
                normalise(Json.write(entries.stream().map(TreeMap::new).toList())));
        check(name, golden);
    }

    private static void check(String name, Map<String, Object> golden) throws IOException {
        Path file = Path.of(GOLDEN, name + ".json");
        String text = Json.write(golden);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return;
        }
        assertThat(text).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The JSON text with the temporary folder, times, durations and the JVM's facts replaced by their type. */
    @SuppressWarnings("unchecked")
    private Object normalise(String json) {
        Object value = Json.read(json.replace(dir.toString(), "<dir>"));
        if (value instanceof Map) {
            Map<String, Object> record = (Map<String, Object>) value;
            for (String key : List.of("startedAt", "durationMs")) {
                record.computeIfPresent(key, (name, old) -> type(old));
            }
            if (record.get("environment") instanceof Map) {
                ((Map<String, Object>) record.get("environment")).replaceAll((name, old) -> type(old));
            }
            if (record.get("run") instanceof Map) {
                Map<String, Object> run = (Map<String, Object>) record.get("run");
                for (String key : List.of("wallMs", "startupMs")) {
                    run.computeIfPresent(key, (name, old) -> type(old));
                }
            }
        }
        return value;
    }

    private static String type(Object value) {
        return value == null ? "<null>" : "<" + value.getClass().getSimpleName() + ">";
    }

    private ReportSink sink(Map<String, String> parameters) {
        Method method;
        try {
            method = GoldenTestCase.class.getDeclaredMethod("passes", TaskContext.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return new ReportSink(
                TEST_ID,
                GoldenTestCase.class,
                method,
                "sum()",
                configuration(parameters),
                entries::add,
                new ReportSink.BaselineHolder());
    }

    private Configuration configuration(Map<String, String> parameters) {
        Map<String, String> all = new HashMap<>(parameters);
        all.put("parallelruns.report.dir", dir.resolve("reports").toString());
        return Configuration.read(key -> Optional.ofNullable(all.get(key)));
    }

    private Path baseline(Map<String, Map<String, Object>> tests) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", "parallel-runs-baseline");
        root.put("schemaVersion", 1);
        root.put("tests", tests);
        return Files.writeString(dir.resolve("baseline.json"), Json.write(root));
    }

    private static Map<String, Object> entry(String mode, int tasks, int workers, double speedup) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("workers", workers);
        point.put("speedup", speedup);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("test", "GoldenTests.sum()");
        entry.put("mode", mode);
        entry.put("tasks", tasks);
        entry.put("points", List.of(point));
        return entry;
    }

    private static RunPlan plan(int workers, int tasks) {
        return new RunPlan("sum()", Mode.THREADS, workers, tasks, Duration.ofMinutes(1));
    }

    private static EffectiveCores cores(int cores) {
        return EffectiveCores.of(cores, OptionalDouble.empty(), OptionalInt.empty());
    }

    /** A measurement of 12 pairs, the third disturbed, one pair set aside, with waits and a turn note. */
    private static SpeedupResult result(
            Verdict verdict, double speedup, double lower, double upper, Optional<CpuShare> share) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long baseline = 400_000_000L + i * 1_000_000L;
            pairs.add(new Pair(
                    baseline,
                    (long) (baseline / speedup),
                    i % 2 == 0,
                    i == 2
                            ? new Disturbance(
                                    30_000_000L, 0, 0, true, "threads waited 30.0 ms for a CPU (limit 20.0 ms)")
                            : Disturbance.NONE));
        }
        Pair setAside = new Pair(
                400_000_000L,
                250_000_000L,
                true,
                new Disturbance(0, 0, 50_000_000L, true, "the cgroup's CPU quota throttled the test for 50.0 ms"));
        String reason = verdict + ": the speedup " + speedup + " against the bound";
        SpeedupVerdict figures = new SpeedupVerdict(
                verdict,
                reason,
                12,
                speedup,
                lower,
                upper,
                speedup * 1.01,
                speedup * 1.05,
                400_000_000L,
                (long) (400_000_000L / speedup),
                List.of(2),
                false);
        return new SpeedupResult(
                figures,
                pairs,
                3,
                verdict != Verdict.INCONCLUSIVE,
                2,
                Duration.ofMillis(5250),
                share,
                List.of(setAside),
                Duration.ofMillis(400),
                Duration.ofMillis(1200),
                Duration.ZERO,
                Optional.of("tests in other JVMs were still running after 60.00 s; measured beside them"));
    }

    /** Points at {@code workers × 0.9}, bounded when the sweep gives a bound. */
    private static SweepRun.PointMeasurer measurer(Optional<String> refused, CpuShare share) {
        return new SweepRun.PointMeasurer() {
            @Override
            public SweepRun.Measured measure(RunPlan plan, SpeedupBounds bounds, CpuShare pointShare) {
                double speedup = plan.workers() * 0.9;
                Verdict verdict = bounds == null ? Verdict.MEASURED : Verdict.PASS;
                return new SweepRun.Measured(
                        result(verdict, speedup, speedup * 0.95, speedup * 1.05, Optional.empty()), plan.workers());
            }

            @Override
            public CpuShare share(RunPlan plan) {
                return share;
            }

            @Override
            public Optional<String> refused() {
                return refused;
            }
        };
    }
}
