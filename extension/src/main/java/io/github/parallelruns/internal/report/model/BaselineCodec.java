package io.github.parallelruns.internal.report.model;

import static io.github.parallelruns.internal.report.model.JsonValues.count;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The translation between the baseline file's JSON and its {@link BaselineEntry}s. A baseline is
 * committed and may be edited by hand, so its entries are read leniently (see the package); a file
 * that is not a baseline, or of another version, is refused naming what is wrong.
 *
 * <pre>{@code
 * {"schema": "parallel-runs-baseline", "schemaVersion": 1, "updatedAt": "...",
 *  "tests": {"[engine:junit-jupiter]/[class:...]/[method:...]":
 *             {"test": "PoolTests.fetch(TaskContext)", "mode": "THREADS", "tasks": 300,
 *              "points": [{"workers": 12, "speedup": 11.8, "lower": 11.4, "upper": 12.0}]}}}
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class BaselineCodec {

    /** The value of the {@code schema} field of a baseline file. */
    public static final String SCHEMA = "parallel-runs-baseline";

    /** The version of the baseline format. */
    public static final int SCHEMA_VERSION = 1;

    private BaselineCodec() {}

    /**
     * The entries of a baseline file by test id, in the file's order.
     *
     * @param json the file's JSON
     * @param file the file, for the messages
     * @throws IllegalArgumentException when it is not a baseline file of a version this library reads,
     *     naming the file and what is wrong
     */
    public static Map<String, BaselineEntry> fromJson(Object json, Path file) {
        String baseline = "the ParallelRuns baseline " + file;
        if (!(json instanceof Map<?, ?> root) || !SCHEMA.equals(root.get("schema"))) {
            throw new IllegalArgumentException(
                    baseline + " is not a baseline file (it lacks \"schema\": \"" + SCHEMA + "\")");
        }
        Object version = root.get("schemaVersion");
        if (!(version instanceof Long) || (Long) version != SCHEMA_VERSION) {
            throw new IllegalArgumentException(baseline + " has schemaVersion " + version + ", but this version of "
                    + "ParallelRuns reads " + SCHEMA_VERSION);
        }
        if (!(root.get("tests") instanceof Map<?, ?> tests)) {
            throw new IllegalArgumentException(baseline + " lacks its \"tests\" object");
        }
        Map<String, BaselineEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> test : tests.entrySet()) {
            if (!(test.getValue() instanceof Map)) {
                throw new IllegalArgumentException(
                        baseline + " has a test entry that is not an object: " + test.getKey());
            }
            entries.put(String.valueOf(test.getKey()), entry(JsonObject.of(test.getValue())));
        }
        return entries;
    }

    /** The baseline file's JSON: {@code tests} in their order, updated at {@code updatedAt}. */
    public static Map<String, Object> toJson(Map<String, BaselineEntry> tests, Instant updatedAt) {
        Map<String, Object> entries = new LinkedHashMap<>();
        tests.forEach((testId, entry) -> entries.put(testId, toJson(entry)));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("updatedAt", updatedAt.toString());
        root.put("tests", entries);
        return root;
    }

    private static BaselineEntry entry(JsonObject json) {
        return new BaselineEntry(
                json.text("test"),
                json.optionalText("mode"),
                json.integer("tasks"),
                json.objects(
                        "points",
                        point -> new BaselineEntry.Point(
                                point.integer("workers"),
                                point.number("speedup"),
                                point.number("lower"),
                                point.unbounded("upper")),
                        BaselineEntry.Point.UNKNOWN));
    }

    private static Map<String, Object> toJson(BaselineEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("test", entry.test());
        json.put("mode", entry.mode().orElse(null));
        json.put("tasks", count(entry.tasks()));
        json.put(
                "points",
                entry.points().stream()
                        .map(point -> {
                            Map<String, Object> stored = new LinkedHashMap<>();
                            stored.put("workers", count(point.workers()));
                            stored.put("speedup", point.speedup());
                            stored.put("lower", point.lower());
                            stored.put("upper", point.upper());
                            return stored;
                        })
                        .toList());
        return json;
    }
}
