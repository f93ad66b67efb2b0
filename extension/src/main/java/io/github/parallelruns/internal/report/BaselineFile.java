package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.report.model.BaselineStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The baseline a CI run is compared with: per test id, the mode, the task count and the speedup
 * measured at each worker count, as committed in the user's repository.
 *
 * <pre>{@code
 * {"schema": "parallel-runs-baseline", "schemaVersion": 1, "updatedAt": "...",
 *  "tests": {"[engine:junit-jupiter]/[class:...]/[method:...]":
 *             {"test": "PoolTests.fetch(TaskContext)", "mode": "THREADS", "tasks": 300,
 *              "points": [{"workers": 12, "speedup": 11.8, "lower": 11.4, "upper": 12.0}]}}}
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class BaselineFile {

    /** The value of the {@code schema} field of a baseline file. */
    public static final String SCHEMA = "parallel-runs-baseline";

    /** The version of the baseline format. */
    public static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final Map<String, Map<String, Object>> tests;

    private BaselineFile(Path file, Map<String, Map<String, Object>> tests) {
        this.file = file;
        this.tests = tests;
    }

    /**
     * The comparison of one point.
     *
     * @param baselineSpeedup the stored speedup, NaN when there is none
     * @param threshold {@code baselineSpeedup × (1 - tolerance)}, NaN when there is none
     * @param message one sentence for the report and, for DROPPED, the failure
     */
    public record Comparison(BaselineStatus status, double baselineSpeedup, double threshold, String message) {
    }

    public Path file() {
        return file;
    }

    /** The test ids the baseline holds, sorted. */
    public Set<String> testIds() {
        return new TreeMap<>(tests).keySet();
    }

    /** The readable name stored for {@code testId} ({@code Class.method(Params)}), or the id itself. */
    public String testName(String testId) {
        Map<String, Object> entry = tests.get(testId);
        Object name = entry == null ? null : entry.get("test");
        return name instanceof String ? (String) name : testId;
    }

    /**
     * Reads a baseline file.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when it is not a baseline file of a version this library reads,
     *     naming the file and what is wrong
     */
    @SuppressWarnings("unchecked")
    public static BaselineFile read(Path file) throws IOException {
        Object value;
        try {
            value = Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the ParallelRuns baseline " + file + " is " + e.getMessage(), e);
        }
        if (!(value instanceof Map) || !SCHEMA.equals(((Map<String, Object>) value).get("schema"))) {
            throw new IllegalArgumentException("the ParallelRuns baseline " + file + " is not a baseline file (it "
                    + "lacks \"schema\": \"" + SCHEMA + "\")");
        }
        Map<String, Object> root = (Map<String, Object>) value;
        Object version = root.get("schemaVersion");
        if (!(version instanceof Long) || (Long) version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("the ParallelRuns baseline " + file + " has schemaVersion " + version
                    + ", but this version of ParallelRuns reads " + SCHEMA_VERSION);
        }
        Object entries = root.get("tests");
        if (!(entries instanceof Map)) {
            throw new IllegalArgumentException("the ParallelRuns baseline " + file + " lacks its \"tests\" object");
        }
        Map<String, Map<String, Object>> tests = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) entries).entrySet()) {
            if (!(entry.getValue() instanceof Map)) {
                throw new IllegalArgumentException("the ParallelRuns baseline " + file + " has a test entry that is "
                        + "not an object: " + entry.getKey());
            }
            tests.put(entry.getKey(), (Map<String, Object>) entry.getValue());
        }
        return new BaselineFile(file, tests);
    }

    /**
     * Compares one measured point with the baseline. A drop below a baseline the machine could not
     * reach at the time ({@code ceiling}: its cores, or a capacity probe that found one core busy) is
     * UNCLEAR, not DROPPED.
     *
     * @param upper the upper end of the measured speedup's interval
     * @param mostlyDisturbed whether more than a quarter of the measured pairs were disturbed
     * @param ceiling the most this machine could give then; {@code Double.POSITIVE_INFINITY} when unknown
     */
    @SuppressWarnings("unchecked")
    public Comparison compare(String testId, String mode, int tasks, int workers, double speedup, double upper,
            boolean mostlyDisturbed, double tolerance, double ceiling) {
        Map<String, Object> entry = tests.get(testId);
        if (entry == null) {
            return new Comparison(BaselineStatus.NEW, Double.NaN, Double.NaN, "not in the baseline " + file);
        }
        if (!mode.equals(entry.get("mode")) || !Objects.equals(number(entry.get("tasks")), (double) tasks)) {
            return new Comparison(BaselineStatus.CHANGED, Double.NaN, Double.NaN, "the baseline " + file + " has mode "
                    + entry.get("mode") + " and " + entry.get("tasks") + " tasks, this run " + mode + " and " + tasks
                    + ": not compared; update the baseline");
        }
        Object points = entry.get("points");
        if (points instanceof List) {
            for (Object point : (List<Object>) points) {
                if (point instanceof Map && Objects.equals(number(((Map<String, Object>) point).get("workers")),
                        (double) workers)) {
                    Double stored = number(((Map<String, Object>) point).get("speedup"));
                    if (stored == null) {
                        break;
                    }
                    return judge(stored, speedup, upper, mostlyDisturbed, tolerance, workers, ceiling);
                }
            }
        }
        return new Comparison(BaselineStatus.NEW, Double.NaN, Double.NaN, "the baseline " + file + " has no speedup on "
                + workers + " workers for this test");
    }

    private Comparison judge(double stored, double speedup, double upper, boolean mostlyDisturbed, double tolerance,
            int workers, double ceiling) {
        if (Double.isNaN(speedup)) {
            return new Comparison(BaselineStatus.UNCLEAR, stored, Double.NaN, "not compared with the baseline " + file
                    + " (" + stored + "x on " + workers + " workers): no pair was measured");
        }
        double threshold = stored * (1 - tolerance);
        String figures = String.format(Locale.ROOT, "%.2fx on %d workers (interval up to %s) against %.2fx in the "
                + "baseline %s; with the %.0f%% tolerance the test fails below %.2fx", speedup, workers,
                Double.isInfinite(upper) ? "∞" : String.format(Locale.ROOT, "%.2fx", upper), stored, file,
                tolerance * 100, threshold);
        if (!(upper < threshold)) {
            return new Comparison(BaselineStatus.PASS, stored, threshold, figures);
        }
        if (mostlyDisturbed) {
            return new Comparison(BaselineStatus.UNCLEAR, stored, threshold, "dropped: " + figures
                    + ", but more than a quarter of the pairs were disturbed by other load on the machine, so it is "
                    + "not failed");
        }
        if (ceiling < threshold) {
            return new Comparison(BaselineStatus.UNCLEAR, stored, threshold, "dropped: " + figures
                    + ", but this machine "
                    + String.format(Locale.ROOT, "could give at most %.2fx at the time", ceiling)
                    + " (effective cores or a capacity probe), so it is not failed");
        }
        return new Comparison(BaselineStatus.DROPPED, stored, threshold, "the speedup dropped below the baseline: "
                + figures);
    }

    /**
     * Writes {@code records}' measured points into {@code file}: tests in {@code records} replace their
     * entries, the others are kept. Records without measured points (plain runs, unattainable or
     * unchecked bounds) are left out.
     *
     * @return the test ids written
     */
    @SuppressWarnings("unchecked")
    public static List<String> update(Path file, List<Map<String, Object>> records) throws IOException {
        // Several Surefire forks end at about the same time: each merges under a lock of a file beside it.
        // The lock file stays: deleting it would let a JVM still waiting for the lock on the deleted file
        // and a newcomer locking a new file of the same name merge at once, and the last write would win.
        Path lockFile = file.toAbsolutePath().resolveSibling(file.getFileName() + ".lock");
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                return merge(file, records);
            } finally {
                lock.release();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> merge(Path file, List<Map<String, Object>> records) throws IOException {
        Map<String, Object> tests = new TreeMap<>();
        if (Files.exists(file)) {
            try {
                tests.putAll(read(file).tests);
            } catch (IllegalArgumentException unreadable) {
                // Writing it anew is the documented way out of a broken baseline: keep nothing of it.
                System.err.println("[parallel-runs] " + unreadable.getMessage() + "; it is written anew from this run");
            }
        }
        List<String> written = new ArrayList<>();
        for (Map<String, Object> record : records) {
            List<Map<String, Object>> points = new ArrayList<>();
            Object recordPoints = record.get("points");
            if (recordPoints instanceof List) {
                for (Object item : (List<Object>) recordPoints) {
                    Map<String, Object> point = (Map<String, Object>) item;
                    if (Boolean.TRUE.equals(point.get("reference")) || point.get("speedup") == null) {
                        continue;
                    }
                    Map<String, Object> stored = new LinkedHashMap<>();
                    stored.put("workers", point.get("workers"));
                    stored.put("speedup", point.get("speedup"));
                    stored.put("lower", point.get("lower"));
                    stored.put("upper", point.get("upper"));
                    points.add(stored);
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("test", record.get("test"));
            entry.put("mode", record.get("mode"));
            entry.put("tasks", record.get("tasks"));
            entry.put("points", points);
            String testId = String.valueOf(record.get("testId"));
            tests.put(testId, entry);
            written.add(testId);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("updatedAt", Instant.now().toString());
        root.put("tests", tests);
        ReportFiles.writeAtomically(file, Json.write(root));
        return written;
    }

    private static Double number(Object value) {
        return value instanceof Number ? ((Number) value).doubleValue() : null;
    }
}
