package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.report.model.BaselineCodec;
import io.github.parallelruns.internal.report.model.BaselineEntry;
import io.github.parallelruns.internal.report.model.BaselineStatus;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The baseline a CI run is compared with: per test id, the mode, the task count and the speedup
 * measured at each worker count, as committed in the user's repository (its format:
 * {@link BaselineCodec}).
 */
@API(status = INTERNAL, since = "0.1")
public final class BaselineFile {

    private final Path file;
    private final Map<String, BaselineEntry> tests;

    private BaselineFile(Path file, Map<String, BaselineEntry> tests) {
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
    public record Comparison(BaselineStatus status, double baselineSpeedup, double threshold, String message) {}

    public Path file() {
        return file;
    }

    /** The test ids the baseline holds, sorted. */
    public Set<String> testIds() {
        return new TreeMap<>(tests).keySet();
    }

    /** The readable name stored for {@code testId} ({@code Class.method(Params)}), or the id itself. */
    public String testName(String testId) {
        BaselineEntry entry = tests.get(testId);
        return entry == null || entry.test().isBlank() ? testId : entry.test();
    }

    /**
     * Reads a baseline file.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when it is not a baseline file of a version this library reads,
     *     naming the file and what is wrong
     */
    public static BaselineFile read(Path file) throws IOException {
        Object value;
        try {
            value = Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the ParallelRuns baseline " + file + " is " + e.getMessage(), e);
        }
        return new BaselineFile(file, BaselineCodec.fromJson(value, file));
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
    public Comparison compare(
            String testId,
            String mode,
            int tasks,
            int workers,
            double speedup,
            double upper,
            boolean mostlyDisturbed,
            double tolerance,
            double ceiling) {
        BaselineEntry entry = tests.get(testId);
        if (entry == null) {
            return new Comparison(BaselineStatus.NEW, Double.NaN, Double.NaN, "not in the baseline " + file);
        }
        if (!entry.mode().equals(Optional.of(mode)) || !entry.tasks().equals(OptionalInt.of(tasks))) {
            return new Comparison(
                    BaselineStatus.CHANGED,
                    Double.NaN,
                    Double.NaN,
                    "the baseline " + file + " has mode "
                            + entry.mode().orElse("null") + " and "
                            + (entry.tasks().isPresent() ? entry.tasks().getAsInt() : "null") + " tasks, this run "
                            + mode + " and " + tasks
                            + ": not compared; update the baseline");
        }
        for (BaselineEntry.Point point : entry.points()) {
            if (point.workers().equals(OptionalInt.of(workers))) {
                if (Double.isNaN(point.speedup())) {
                    break;
                }
                return judge(point.speedup(), speedup, upper, mostlyDisturbed, tolerance, workers, ceiling);
            }
        }
        return new Comparison(
                BaselineStatus.NEW,
                Double.NaN,
                Double.NaN,
                "the baseline " + file + " has no speedup on " + workers + " workers for this test");
    }

    private Comparison judge(
            double stored,
            double speedup,
            double upper,
            boolean mostlyDisturbed,
            double tolerance,
            int workers,
            double ceiling) {
        if (Double.isNaN(speedup)) {
            return new Comparison(
                    BaselineStatus.UNCLEAR,
                    stored,
                    Double.NaN,
                    "not compared with the baseline " + file + " (" + stored + "x on " + workers
                            + " workers): no pair was measured");
        }
        double threshold = stored * (1 - tolerance);
        String figures = String.format(
                Locale.ROOT,
                "%.2fx on %d workers (interval up to %s) against %.2fx in the "
                        + "baseline %s; with the %.0f%% tolerance the test fails below %.2fx",
                speedup,
                workers,
                Double.isInfinite(upper) ? "∞" : String.format(Locale.ROOT, "%.2fx", upper),
                stored,
                file,
                tolerance * 100,
                threshold);
        if (!(upper < threshold)) {
            return new Comparison(BaselineStatus.PASS, stored, threshold, figures);
        }
        if (mostlyDisturbed) {
            return new Comparison(
                    BaselineStatus.UNCLEAR,
                    stored,
                    threshold,
                    "dropped: " + figures
                            + ", but more than a quarter of the pairs were disturbed by other load on the machine, so it is "
                            + "not failed");
        }
        if (ceiling < threshold) {
            return new Comparison(
                    BaselineStatus.UNCLEAR,
                    stored,
                    threshold,
                    "dropped: " + figures
                            + ", but this machine "
                            + String.format(Locale.ROOT, "could give at most %.2fx at the time", ceiling)
                            + " (effective cores or a capacity probe), so it is not failed");
        }
        return new Comparison(
                BaselineStatus.DROPPED, stored, threshold, "the speedup dropped below the baseline: " + figures);
    }

    /**
     * Writes {@code records}' measured points into {@code file}: tests in {@code records} replace their
     * entries, the others are kept. Records without measured points (plain runs, unattainable or
     * unchecked bounds) are left out.
     *
     * @return the test ids written
     */
    public static List<String> update(Path file, List<TestRecord> records) throws IOException {
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

    private static List<String> merge(Path file, List<TestRecord> records) throws IOException {
        Map<String, BaselineEntry> tests = new TreeMap<>();
        if (Files.exists(file)) {
            try {
                tests.putAll(read(file).tests);
            } catch (IllegalArgumentException unreadable) {
                // Writing it anew is the documented way out of a broken baseline: keep nothing of it.
                System.err.println("[parallel-runs] " + unreadable.getMessage() + "; it is written anew from this run");
            }
        }
        List<String> written = new ArrayList<>();
        for (TestRecord record : records) {
            List<BaselineEntry.Point> points = record.findings().points().stream()
                    .filter(point ->
                            !point.reference() && !Double.isNaN(point.speedup().value()))
                    .map(point -> new BaselineEntry.Point(
                            point.workers(),
                            point.speedup().value(),
                            point.speedup().lower(),
                            point.speedup().upper()))
                    .toList();
            if (points.isEmpty()) {
                continue;
            }
            String testId = record.test().testId();
            tests.put(
                    testId,
                    new BaselineEntry(record.test().test(), record.mode().map(Enum::name), record.tasks(), points));
            written.add(testId);
        }
        ReportFiles.writeAtomically(file, Json.write(BaselineCodec.toJson(tests, Instant.now())));
        return written;
    }
}
