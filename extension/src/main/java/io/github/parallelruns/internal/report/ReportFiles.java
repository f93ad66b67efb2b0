package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.report.model.RecordCodec;
import io.github.parallelruns.internal.report.model.TestIdentity;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * The JSON report files: one per parallel test (per invocation of a repeated or parameterized
 * test), named after the test and a hash of its unique id so that a later run of the same test
 * replaces its file.
 */
@API(status = INTERNAL, since = "0.1")
public final class ReportFiles {

    /** The report entry key that carries the path of a test's report file. */
    public static final String FILE_ENTRY = "parallelruns.report.file";

    private ReportFiles() {}

    /**
     * Writes {@code record} into {@code dir}, replacing the file of an earlier run of the same test.
     *
     * @return the file written
     * @throws UncheckedIOException when the folder or file cannot be written, naming the path
     */
    public static Path write(Path dir, TestRecord record) {
        TestIdentity test = record.test();
        Path file = dir.resolve(fileName(test.className(), test.methodName(), test.testId()));
        try {
            Files.createDirectories(dir);
            writeAtomically(file, Json.write(RecordCodec.toJson(record)));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the ParallelRuns report " + file.toAbsolutePath() + " ("
                            + "parallelruns.report.dir = " + dir + "): " + e,
                    e);
        }
        return file;
    }

    /**
     * Writes {@code text} to a new file beside {@code file}, then renames it over {@code file}: a reader
     * sees the old content or the new, never part of it, and nothing is written through a symbolic
     * link at {@code file}, which the rename replaces (its target is left alone). The file gets the
     * permissions of any new file in its folder (the umask's), as other build output does. Used for
     * every report file: the JSON records, {@code index.html} and the baseline.
     *
     * @throws IOException when the folder or the file cannot be written, or {@code file} is a folder that
     *     is not empty; no temporary file is left behind
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path temporary = null;
        try {
            temporary = createTemporary(parent, file.getFileName().toString(), bytes);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // Replaces a link at the target by deleting the link, not its target, then moving.
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * A new file holding {@code bytes}, named after {@code name} and a random UUID. Not
     * {@code Files.createTempFile}, whose files are private to their owner whatever the umask:
     * {@code CREATE_NEW} makes the file with the default permissions, and refuses a name that already
     * exists, a link included.
     */
    private static Path createTemporary(Path parent, String name, byte[] bytes) throws IOException {
        Path temporary = parent.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out =
                Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof FileAlreadyExistsException)) {
                Files.deleteIfExists(temporary);
            }
            throw e;
        }
        return temporary;
    }

    /**
     * Reads a report file, leniently (see {@link RecordCodec}): it may come from an earlier version.
     *
     * @throws IllegalArgumentException when it is not a report record of a version this library reads
     */
    public static TestRecord read(Path file) throws IOException {
        return RecordCodec.fromJson(readJson(file));
    }

    /**
     * Reads a report file as JSON, checking that it is a report record of a version this library reads.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static Map<String, Object> readJson(Path file) throws IOException {
        Object value;
        try {
            value = Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is " + e.getMessage(), e);
        }
        RecordCodec.checkSchema(value, file);
        @SuppressWarnings("unchecked") // checkSchema found an object, which Json reads as a map with string keys
        Map<String, Object> record = (Map<String, Object>) value;
        return record;
    }

    /** {@code FooTests.bar-1a2b3c4d.json}: readable, unique per test id, safe on every file system. */
    static String fileName(String className, String methodName, String testId) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String readable = (simple + "." + methodName).replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        return readable + "-" + hash(testId) + ".json";
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
