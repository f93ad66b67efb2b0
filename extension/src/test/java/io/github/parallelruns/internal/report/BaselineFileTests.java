package io.github.parallelruns.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.parallelruns.Mode;
import io.github.parallelruns.internal.report.model.BaselineStatus;
import io.github.parallelruns.internal.report.model.Findings;
import io.github.parallelruns.internal.report.model.Machine;
import io.github.parallelruns.internal.report.model.RecordCodec;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.TestIdentity;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline comparison and update, on hand-made files and records. */
class BaselineFileTests {

    @TempDir
    Path dir;

    @Test
    void comparesEachPointWithTheIntervalAndTheTolerance() throws IOException {
        BaselineFile baseline = BaselineFile.read(write(baselineJson("t1", "THREADS", 8, 4, 3.9)));

        assertThat(baseline.compare("t1", "THREADS", 8, 4, 3.8, 3.95, false, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.PASS);
        // 3.9 × 0.9 = 3.51: an interval reaching 3.6 is not clearly below it.
        assertThat(baseline.compare("t1", "THREADS", 8, 4, 3.3, 3.6, false, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.PASS);
        BaselineFile.Comparison dropped =
                baseline.compare("t1", "THREADS", 8, 4, 2.0, 2.2, false, 0.1, Double.POSITIVE_INFINITY);
        assertThat(dropped.status()).isEqualTo(BaselineStatus.DROPPED);
        assertThat(dropped.threshold()).isEqualTo(3.9 * 0.9);
        assertThat(dropped.message())
                .isEqualTo("the speedup dropped below the baseline: 2.00x on 4 workers (interval "
                        + "up to 2.20x) against 3.90x in the baseline " + dir.resolve("baseline.json")
                        + "; with the 10% "
                        + "tolerance the test fails below 3.51x");
        assertThat(baseline.compare("t1", "THREADS", 8, 4, 2.0, 2.2, true, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.UNCLEAR);
        assertThat(baseline.compare(
                                "t1",
                                "THREADS",
                                8,
                                4,
                                2.0,
                                Double.POSITIVE_INFINITY,
                                false,
                                0.1,
                                Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.PASS);
    }

    @Test
    void aDropTheMachineCouldNotAvoidOrWithoutPairsIsUnclear() throws IOException {
        BaselineFile baseline = BaselineFile.read(write(baselineJson("t1", "THREADS", 8, 2, 1.95)));

        BaselineFile.Comparison probedLow = baseline.compare("t1", "THREADS", 8, 2, 1.0, 1.05, false, 0.1, 1.2);
        BaselineFile.Comparison noPairs =
                baseline.compare("t1", "THREADS", 8, 2, Double.NaN, Double.POSITIVE_INFINITY, false, 0.1, 2.0);

        assertThat(probedLow.status()).isEqualTo(BaselineStatus.UNCLEAR);
        assertThat(probedLow.message()).contains("but this machine could give at most 1.20x at the time");
        assertThat(noPairs.status()).isEqualTo(BaselineStatus.UNCLEAR);
        assertThat(noPairs.message()).endsWith("no pair was measured");
        assertThat(baseline.compare("t1", "THREADS", 8, 2, 1.0, 1.05, false, 0.1, 2.0)
                        .status())
                .isEqualTo(BaselineStatus.DROPPED);
    }

    @Test
    void aBrokenBaselineIsWrittenAnewWhenUpdating() throws IOException {
        Path file = write("{\"schema\": \"parallel-runs-baseline\",");

        BaselineFile.update(file, List.of(record("new", List.of(point(2, 1.9)))));

        assertThat(BaselineFile.read(file).testIds()).containsExactly("new");
    }

    @Test
    void threeJvmsUpdatingOneBaselineAtOnceKeepEveryEntry() throws Exception {
        Path file = dir.resolve("baseline.json");
        Path go = dir.resolve("go");
        int updates = 60;
        List<Process> jvms = new ArrayList<>();
        for (String prefix : List.of("a", "b", "c")) {
            Process jvm = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            BaselineUpdater.class.getName(),
                            file.toString(),
                            prefix,
                            String.valueOf(updates),
                            go.toString())
                    .redirectErrorStream(true)
                    .start();
            jvms.add(jvm);
        }
        for (Process jvm : jvms) {
            assertThat(new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))
                            .readLine())
                    .isEqualTo("ready");
        }
        Files.createFile(go);
        for (Process jvm : jvms) {
            assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jvm.exitValue()).as(output).isZero();
        }

        List<String> expected = new ArrayList<>();
        for (String prefix : List.of("a", "b", "c")) {
            for (int i = 0; i < updates; i++) {
                expected.add(prefix + "-" + i);
            }
        }
        assertThat(BaselineFile.read(file).testIds()).containsExactlyInAnyOrderElementsOf(expected);
        // Deleting it would let a JVM waiting on the old file and a newcomer on a new one merge at once.
        assertThat(file.resolveSibling("baseline.json.lock")).exists();
    }

    @Test
    void otherTestsWorkerCountsModesAndTaskCountsAreNotCompared() throws IOException {
        BaselineFile baseline = BaselineFile.read(write(baselineJson("t1", "THREADS", 8, 4, 3.9)));

        assertThat(baseline.compare("t2", "THREADS", 8, 4, 1, 1, false, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.NEW);
        assertThat(baseline.compare("t1", "THREADS", 8, 2, 1, 1, false, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.NEW);
        assertThat(baseline.compare("t1", "PROCESSES", 8, 4, 1, 1, false, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.CHANGED);
        assertThat(baseline.compare("t1", "THREADS", 16, 4, 1, 1, false, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.CHANGED);
        assertThat(baseline.testIds()).containsExactly("t1");
    }

    @Test
    void updateReplacesMeasuredTestsKeepsOthersAndSkipsUnmeasuredRecords() throws IOException {
        Path file = write(baselineJson("kept", "THREADS", 8, 4, 3.9));
        TestRecord measured = record(
                "new", List.of(Map.of("workers", 1L, "reference", true, "speedup", 1.0), point(2, 1.9), point(4, 3.5)));
        TestRecord plainRun = record("plain", List.of());

        List<String> written = BaselineFile.update(file, List.of(measured, plainRun));

        assertThat(written).containsExactly("new");
        BaselineFile baseline = BaselineFile.read(file);
        assertThat(baseline.testIds()).containsExactly("kept", "new");
        assertThat(baseline.compare("new", "THREADS", 8, 4, 3.5, 3.6, false, 0.1, Double.POSITIVE_INFINITY)
                        .baselineSpeedup())
                .isEqualTo(3.5);
        assertThat(baseline.compare("new", "THREADS", 8, 1, 1, 1, false, 0.1, Double.POSITIVE_INFINITY)
                        .status())
                .isEqualTo(BaselineStatus.NEW);
    }

    @Test
    void aFileThatIsNotABaselineIsRefusedNamingIt() throws IOException {
        Path report = Files.writeString(
                dir.resolve("report.json"), "{\"schema\": \"parallel-runs-report\", " + "\"schemaVersion\": 1}");
        Path future = write("{\"schema\": \"parallel-runs-baseline\", \"schemaVersion\": 2, \"tests\": {}}");

        assertThatThrownBy(() -> BaselineFile.read(report))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ParallelRuns baseline " + report + " is not a baseline file (it lacks \"schema\": "
                        + "\"parallel-runs-baseline\")");
        assertThatThrownBy(() -> BaselineFile.read(future))
                .hasMessage("the ParallelRuns baseline " + future + " has schemaVersion 2, but this version of "
                        + "ParallelRuns reads 1");
    }

    @Test
    void aBaselineNestedTooDeeplyIsRefusedNamingItAsAnyDamagedBaselineIs() throws IOException {
        Path deep = write("{\"schema\": \"parallel-runs-baseline\", \"tests\": " + "[".repeat(100_000));

        assertThatThrownBy(() -> BaselineFile.read(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ParallelRuns baseline " + deep + " is nested too deeply at line 1, column "
                        + (46 + Json.MAX_DEPTH) + ": more than " + Json.MAX_DEPTH + " arrays and objects inside one "
                        + "another");
        BaselineFile.update(deep, List.of(record("new", List.of(point(2, 1.9)))));
        assertThat(BaselineFile.read(deep).testIds()).containsExactly("new");
    }

    @Test
    void reportFilesRoundTripAndAreNamedAfterTheTest() throws IOException {
        TestRecord record = typedRecord("id-1");

        Path file = ReportFiles.write(dir.resolve("reports"), record);

        assertThat(file.getFileName().toString()).matches("B_Inner\\.c-[0-9a-f]{8}\\.json");
        assertThat(ReportFiles.read(file)).isEqualTo(record);
        assertThat(ReportFiles.write(dir.resolve("reports"), typedRecord("id-2")))
                .isNotEqualTo(file);
    }

    /** A run of {@code a.B$Inner.c()} with the unique id {@code testId}. */
    private static TestRecord typedRecord(String testId) {
        return new TestRecord(
                Optional.of(RecordKind.RUN),
                new TestIdentity(testId, "B.c()", "c()", "a.B$Inner", "c"),
                Optional.empty(),
                Double.NaN,
                Optional.of(Mode.THREADS),
                OptionalInt.of(2),
                OptionalInt.of(8),
                Machine.UNKNOWN,
                Findings.failed("the measurement ended with a failure"));
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("baseline.json"), json);
    }

    private static String baselineJson(String testId, String mode, int tasks, int workers, double speedup) {
        return "{\"schema\": \"parallel-runs-baseline\", \"schemaVersion\": 1, \"tests\": {\"" + testId + "\": "
                + "{\"mode\": \"" + mode + "\", \"tasks\": " + tasks + ", \"points\": [{\"workers\": " + workers
                + ", \"speedup\": " + speedup + "}]}}}";
    }

    /** The record as a report file holds it, read as the listener reads it. */
    private static TestRecord record(String testId, List<Map<String, Object>> points) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", RecordCodec.SCHEMA);
        record.put("schemaVersion", (long) RecordCodec.SCHEMA_VERSION);
        record.put("testId", testId);
        record.put("test", "B.c()");
        record.put("mode", "THREADS");
        record.put("tasks", 8L);
        record.put("points", points);
        return RecordCodec.fromJson(record);
    }

    private static Map<String, Object> point(int workers, double speedup) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("workers", (long) workers);
        point.put("reference", false);
        point.put("speedup", speedup);
        point.put("lower", speedup * 0.95);
        point.put("upper", speedup * 1.05);
        return point;
    }
}
