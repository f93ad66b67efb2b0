package io.github.parallelruns.internal.report.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.parallelruns.Mode;
import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.report.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec between the typed records and the JSON of the report files, both ways. */
class RecordCodecTests {

    private static final Path GOLDEN = Path.of("src/test/resources/golden-records");

    @ParameterizedTest
    @MethodSource("typedRecords")
    void aTypedRecordReadsBackEqualFromItsJsonText(TestRecord record) {
        String text = Json.write(RecordCodec.toJson(record));

        assertThat(RecordCodec.fromJson(Json.read(text))).isEqualTo(record);
    }

    /** What the writers wrote, read and written again, is the same JSON: reading loses nothing of it. */
    @ParameterizedTest
    @MethodSource("goldenRecords")
    void everyRecordTheWritersWriteIsWrittenAgainUnchanged(String name, Map<String, Object> written) {
        assertThat(Json.write(RecordCodec.toJson(RecordCodec.fromJson(written))))
                .as(name)
                .isEqualTo(Json.write(written));
    }

    @Test
    void unknownKeysAreIgnoredAndMissingFiguresAreNotKnown() {
        TestRecord record = read("{\"kind\": \"speedup\", \"future\": {\"x\": 1}, \"workers\": 4, \"points\": "
                + "[{\"workers\": 4, \"speedup\": 3.5, \"newFigure\": 2, \"upper\": null}]}");

        assertThat(record.kind()).contains(RecordKind.SPEEDUP);
        assertThat(record.workers()).hasValue(4);
        assertThat(record.tasks()).isEmpty();
        assertThat(record.mode()).isEmpty();
        assertThat(record.durationMs()).isNaN();
        assertThat(record.test()).isEqualTo(new TestIdentity("", "", "", "", ""));
        assertThat(record.environment()).isEqualTo(Machine.UNKNOWN);
        assertThat(record.findings().verdict()).isEmpty();
        assertThat(record.findings().cpuShare()).isEmpty();
        Point point = record.findings().points().get(0);
        assertThat(point.speedup().value()).isEqualTo(3.5);
        // A null upper end is how JSON writes an unbounded one; a missing lower end is not known.
        assertThat(point.speedup().upper()).isInfinite();
        assertThat(point.speedup().lower()).isNaN();
        assertThat(point.timing().steadyState()).isEmpty();
        assertThat(point.sweep()).isEmpty();
    }

    @Test
    void valuesOfAnotherTypeReadAsNotKnownAndItemsThatAreNotObjectsKeepTheCount() {
        TestRecord record = read("{\"kind\": \"sweep\", \"verdict\": \"MAYBE\", \"mode\": \"SOMEHOW\", "
                + "\"workers\": 2.5, \"startedAt\": \"yesterday\", \"environment\": \"text\", \"fits\": [], "
                + "\"run\": {\"failures\": [{\"worker\": null, \"task\": null, \"error\": \"crashed\"}, 3]}, "
                + "\"points\": [7, {\"workers\": 2, \"pairs\": [null, \"not a pair\", {\"baselineMs\": 4.0}], "
                + "\"disturbedPairs\": [1, \"x\"], \"steadyState\": \"yes\"}]}");

        assertThat(record.findings().verdict()).isEmpty();
        assertThat(record.mode()).isEmpty();
        assertThat(record.workers()).isEmpty();
        assertThat(record.startedAt()).isEmpty();
        assertThat(record.environment()).isEqualTo(Machine.UNKNOWN);
        assertThat(record.findings().fits()).isEmpty();
        assertThat(record.findings().run().orElseThrow().failures())
                .containsExactly(
                        new RunFacts.Failure(OptionalInt.empty(), OptionalInt.empty(), "crashed"),
                        RunFacts.Failure.UNKNOWN);
        assertThat(record.findings().points()).hasSize(2);
        Point point = record.findings().points().get(1);
        assertThat(point.pairs()).hasSize(3).startsWith(PairTimes.UNKNOWN, PairTimes.UNKNOWN);
        assertThat(point.pairs().get(2).baselineMs()).isEqualTo(4.0);
        assertThat(point.disturbedPairs()).containsExactly(1);
        assertThat(point.timing().steadyState()).isEmpty();
        // A sweep's measured points carry the sweep's checks, empty when the file has none.
        assertThat(point.sweep()).contains(new SweepCheck(Optional.empty(), Optional.empty()));
    }

    @Test
    void theRecordsOwnCpuShareIsWrittenOnlyForTheRecordsThatHaveOne() {
        TestRecord unattainable =
                record(RecordKind.SPEEDUP, Findings.unattainable("no", speedupBounds(), Optional.empty()));
        TestRecord failed = record(RecordKind.SPEEDUP, Findings.failed("the measurement ended with a failure: x"));

        assertThat(RecordCodec.toJson(unattainable)).containsEntry("cpuShare", null);
        assertThat(RecordCodec.toJson(failed)).doesNotContainKey("cpuShare");
        assertThat(RecordCodec.fromJson(RecordCodec.toJson(unattainable))
                        .findings()
                        .cpuShare())
                .contains(new Findings.RecordShare(Optional.empty()));
        assertThat(RecordCodec.fromJson(RecordCodec.toJson(failed)).findings().cpuShare())
                .isEmpty();
    }

    @Test
    void aFileThatIsNotARecordOfThisVersionIsRefusedNamingIt() {
        Path file = Path.of("r.json");

        assertThatThrownBy(() -> RecordCodec.checkSchema(List.of(), file))
                .hasMessage("r.json is not a ParallelRuns report (no \"schema\": \"parallel-runs-report\")");
        assertThatThrownBy(() -> RecordCodec.checkSchema(
                        Json.read("{\"schema\": \"parallel-runs-report\", " + "\"schemaVersion\": 1}"), file))
                .hasMessage("r.json has schemaVersion 1, but this version of ParallelRuns reads 2");
        RecordCodec.checkSchema(
                Json.read(Json.write(RecordCodec.toJson(record(RecordKind.RUN, Findings.failed("x"))))), file);
    }

    @Test
    void boundsMustBeOfTheRecordsKind() {
        assertThatThrownBy(
                        () -> record(RecordKind.SWEEP, Findings.unattainable("no", speedupBounds(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a speedup has speedup bounds and a sweep sweep bounds, but this SWEEP has");
    }

    static Stream<TestRecord> typedRecords() {
        return Stream.of(
                speedup(),
                sweep(),
                run(),
                record(RecordKind.SPEEDUP, Findings.failed("the body failed")),
                record(
                        RecordKind.SWEEP,
                        Findings.unattainable(
                                "cannot",
                                new Bounds.Sweep(Double.NaN, false, Optional.of(Workload.AUTO), List.of(2, 4)),
                                Optional.of(share()))));
    }

    static Stream<Object[]> goldenRecords() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files
                    .sorted()
                    .map(file -> new Object[] {file.getFileName().toString(), withVolatileValues(file)})
                    .toList()
                    .stream();
        }
    }

    /** A golden record with real values where the golden file has the type of what varies between runs. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withVolatileValues(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = text.replace("\"startedAt\": \"<String>\"", "\"startedAt\": \"2026-11-25T10:41:10.123Z\"")
                .replace("\"availableProcessors\": \"<Long>\"", "\"availableProcessors\": 8")
                .replace("\"effectiveCores\": \"<Long>\"", "\"effectiveCores\": 8")
                .replace("\"<Double>\"", "12.5")
                .replace("\"<String>\"", "\"text\"");
        return (Map<String, Object>) ((Map<String, Object>) Json.read(text)).get("record");
    }

    private static TestRecord read(String json) {
        return RecordCodec.fromJson(Json.read(json));
    }

    private static TestRecord record(RecordKind kind, Findings findings) {
        return new TestRecord(
                Optional.of(kind),
                new TestIdentity("[engine:junit-jupiter]/[class:a.B]/[method:c()]", "B.c()", "c()", "a.B", "c"),
                Optional.of(Instant.parse("2026-11-25T10:41:10.123456789Z")),
                41234.5,
                Optional.of(Mode.THREADS),
                OptionalInt.of(4),
                OptionalInt.of(40),
                machine(),
                findings);
    }

    private static Machine machine() {
        return new Machine(
                "17.0.13+11",
                "Eclipse Adoptium",
                "OpenJDK 64-Bit Server VM",
                "Linux 6.1.0 amd64",
                OptionalInt.of(8),
                OptionalInt.of(6),
                "6 effective cores (cgroup quota 6.0)");
    }

    private static Bounds.Speedup speedupBounds() {
        return new Bounds.Speedup(2.5, Double.POSITIVE_INFINITY, 0.0, Optional.of(Workload.BLOCKING), 0.05);
    }

    private static ShareFacts share() {
        return new ShareFacts(
                1.0,
                0.9,
                true,
                Optional.of("other processes kept the machine saturated"),
                Optional.of(ShareBasis.PROCESS_TREE),
                90.0,
                0.0,
                100.0,
                OptionalInt.of(1),
                6.0);
    }

    /** Figures of at most 10 significant digits, as JSON writes them. */
    private static Point measured(int workers, double speedup, double lower, Optional<SweepCheck> sweep) {
        return new Point(
                OptionalInt.of(workers),
                false,
                new Estimate(speedup, lower, Double.POSITIVE_INFINITY),
                0.98,
                0.9,
                new Estimate(0.04, 0.01, Double.POSITIVE_INFINITY),
                new Judgement(6.0, 1.8, Optional.of(ReportVerdict.PASS), Optional.of("meets 1.80x"), false),
                speedup,
                4.125,
                new Timing(400.0, 205.5, OptionalInt.of(3), Optional.of(true), OptionalInt.of(2), 5250.0),
                new Waits(1200.0, 0.0, 400.0, Optional.of("measured beside them")),
                Optional.of(new ShareFacts(
                        0.5,
                        0.5,
                        false,
                        Optional.empty(),
                        Optional.of(ShareBasis.WORKER_THREADS),
                        300.0,
                        200.0,
                        800.0,
                        OptionalInt.of(1),
                        12.0)),
                List.of(new PairTimes(400.0, 260.0, true, true, Optional.of("threads waited 30.0 ms for a CPU"))),
                OptionalInt.of(workers),
                List.of(1),
                List.of(
                        new PairTimes(400.0, 205.0, true, false, Optional.empty()),
                        new PairTimes(401.0, 260.0, false, true, Optional.of("throttled"))),
                sweep);
    }

    private static TestRecord speedup() {
        return record(
                RecordKind.SPEEDUP,
                new Findings(
                        Optional.of(ReportVerdict.INCONCLUSIVE),
                        true,
                        Optional.of("the machine was busy"),
                        Optional.of(speedupBounds()),
                        List.of(measured(4, 3.5, 3.25, Optional.empty())),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new BaselineCheck(
                                Optional.of(BaselineStatus.UNCLEAR), 3.9, 3.51, "baseline.json", "dropped, but")),
                        Optional.empty()));
    }

    private static TestRecord sweep() {
        BaselineCheck newPoint = new BaselineCheck(
                Optional.of(BaselineStatus.NEW), Double.NaN, Double.NaN, "baseline.json", "not in the baseline");
        return record(
                RecordKind.SWEEP,
                new Findings(
                        Optional.of(ReportVerdict.PASS),
                        false,
                        Optional.of("PASS: ..."),
                        Optional.of(new Bounds.Sweep(0.1, true, Optional.of(Workload.CPU_BOUND), List.of(1, 2, 4))),
                        List.of(
                                Point.reference(OptionalInt.of(1), new Estimate(1.0, 1.0, 1.0), 1.0),
                                measured(
                                        2,
                                        1.9,
                                        1.75,
                                        Optional.of(new SweepCheck(Optional.empty(), Optional.of(newPoint)))),
                                measured(
                                        4,
                                        3.5,
                                        3.25,
                                        Optional.of(
                                                new SweepCheck(Optional.of("unattainable here"), Optional.empty())))),
                        Optional.of(new Fits(
                                Optional.of(new Fits.Amdahl(0.0, Double.POSITIVE_INFINITY, 0.01)),
                                "fitted to 2 worker counts above 1",
                                Optional.empty(),
                                "too few points")),
                        Optional.empty(),
                        Optional.of(newPoint),
                        Optional.of(new Findings.RecordShare(Optional.of(share())))));
    }

    private static TestRecord run() {
        return record(
                RecordKind.RUN,
                new Findings(
                        Optional.of(ReportVerdict.FAILED),
                        false,
                        Optional.of("2 of 40 tasks failed"),
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        Optional.of(new RunFacts(
                                12.5,
                                3.25,
                                OptionalInt.of(40),
                                OptionalInt.of(2),
                                OptionalInt.of(38),
                                List.of(new RunFacts.Kind(
                                        OptionalInt.of(2),
                                        "java.lang.AssertionError",
                                        "expected <x>",
                                        "B.c(B.java:42)",
                                        OptionalInt.of(0),
                                        OptionalInt.of(3))),
                                List.of(
                                        new RunFacts.Failure(
                                                OptionalInt.of(0), OptionalInt.of(3), "java.lang.AssertionError"),
                                        new RunFacts.Failure(
                                                OptionalInt.empty(), OptionalInt.empty(), "worker 1 exited")),
                                true)),
                        Optional.empty(),
                        Optional.empty()));
    }
}
