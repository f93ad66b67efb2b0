package io.github.parallelruns.internal.report.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.parallelruns.internal.report.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The baseline file's JSON and its entries, both ways, and what a broken or edited file reads as. */
class BaselineCodecTests {

    private static final Path FILE = Path.of("baseline.json");

    @Test
    void entriesReadBackEqualFromTheirJsonText() {
        Map<String, BaselineEntry> tests = Map.of(
                "[engine:junit-jupiter]/[class:a.B]/[method:c()]",
                new BaselineEntry(
                        "B.c()",
                        Optional.of("THREADS"),
                        OptionalInt.of(300),
                        List.of(
                                new BaselineEntry.Point(OptionalInt.of(4), 3.9, 3.75, 4.125),
                                new BaselineEntry.Point(OptionalInt.of(8), 7.5, 7.0, Double.POSITIVE_INFINITY))));

        String text = Json.write(BaselineCodec.toJson(tests, Instant.parse("2026-11-25T10:41:10Z")));

        assertThat(text).contains("\"updatedAt\": \"2026-11-25T10:41:10Z\"", "\"upper\": null");
        assertThat(BaselineCodec.fromJson(Json.read(text), FILE)).isEqualTo(tests);
    }

    @Test
    void anEditedEntryIsReadLenientlyAndItsOrderKept() {
        Map<String, BaselineEntry> tests = BaselineCodec.fromJson(
                Json.read("{\"schema\": "
                        + "\"parallel-runs-baseline\", \"schemaVersion\": 1, \"tests\": {\"t2\": {\"mode\": \"THREADS\", "
                        + "\"note\": \"ours\", \"points\": [{\"workers\": 2, \"speedup\": 1.9}, \"x\"]}, \"t1\": {}}}"),
                FILE);

        assertThat(tests.keySet()).containsExactly("t2", "t1");
        assertThat(tests.get("t2"))
                .isEqualTo(new BaselineEntry(
                        "",
                        Optional.of("THREADS"),
                        OptionalInt.empty(),
                        List.of(
                                new BaselineEntry.Point(OptionalInt.of(2), 1.9, Double.NaN, Double.NaN),
                                BaselineEntry.Point.UNKNOWN)));
        assertThat(tests.get("t1")).isEqualTo(new BaselineEntry("", Optional.empty(), OptionalInt.empty(), List.of()));
    }

    @Test
    void aFileWithoutItsTestsOrWithATestThatIsNotAnObjectIsRefusedNamingIt() {
        String header = "{\"schema\": \"parallel-runs-baseline\", \"schemaVersion\": 1";

        assertThatThrownBy(() -> BaselineCodec.fromJson(Json.read(header + "}"), FILE))
                .hasMessage("the ParallelRuns baseline baseline.json lacks its \"tests\" object");
        assertThatThrownBy(() -> BaselineCodec.fromJson(Json.read(header + ", \"tests\": {\"t1\": 3}}"), FILE))
                .hasMessage("the ParallelRuns baseline baseline.json has a test entry that is not an object: t1");
        assertThatThrownBy(() -> BaselineCodec.fromJson(Json.read("[]"), FILE))
                .hasMessage("the ParallelRuns baseline baseline.json is not a baseline file (it lacks \"schema\": "
                        + "\"parallel-runs-baseline\")");
        assertThatThrownBy(() -> BaselineCodec.fromJson(Json.read("{\"schema\": \"parallel-runs-baseline\"}"), FILE))
                .hasMessage("the ParallelRuns baseline baseline.json has schemaVersion null, but this version of "
                        + "ParallelRuns reads 1");
    }
}
