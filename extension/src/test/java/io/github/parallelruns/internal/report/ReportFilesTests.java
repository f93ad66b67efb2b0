package io.github.parallelruns.internal.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.parallelruns.internal.report.model.Findings;
import io.github.parallelruns.internal.report.model.Machine;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.TestIdentity;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How report files (JSON records, index.html, the baseline) reach the disk: whole, beside no link, as the umask says. */
class ReportFilesTests {

    private static final TestRecord RECORD = new TestRecord(
            Optional.of(RecordKind.RUN),
            new TestIdentity("[engine:junit-jupiter]/bar", "FooTests.bar()", "bar()", "com.example.FooTests", "bar"),
            Optional.empty(),
            Double.NaN,
            Optional.empty(),
            OptionalInt.empty(),
            OptionalInt.empty(),
            Machine.UNKNOWN,
            Findings.failed("the measurement ended with a failure"));

    @TempDir
    Path temp;

    @Test
    void indexHtmlReplacesASymlinkAtItsNameInsteadOfWritingThroughIt() throws IOException {
        Path reports = Files.createDirectories(temp.resolve("reports"));
        Path outside = Files.writeString(temp.resolve("outside.html"), "not yours", UTF_8);
        symlink(reports.resolve(HtmlReport.FILE_NAME), outside);

        Path page = HtmlReport.write(reports, List.of(RECORD));

        assertThat(outside).hasContent("not yours");
        assertThat(page).isEqualTo(reports.resolve(HtmlReport.FILE_NAME));
        assertThat(Files.isSymbolicLink(page)).isFalse();
        assertThat(Files.isRegularFile(page, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(page, UTF_8)).startsWith("<!DOCTYPE html>");
    }

    @Test
    void indexHtmlIsReplacedWholeSoAReaderOfTheOldPageKeepsAllOfIt() throws IOException {
        Path reports = Files.createDirectories(temp.resolve("reports"));
        Path page = Files.writeString(reports.resolve(HtmlReport.FILE_NAME), "the old page", UTF_8);

        try (InputStream reader = Files.newInputStream(page)) {
            HtmlReport.write(reports, List.of(RECORD));

            // Written in place, the open file would now be truncated and hold the new page.
            assertThat(new String(reader.readAllBytes(), UTF_8)).isEqualTo("the old page");
        }
        assertThat(Files.readString(page, UTF_8)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(entries(reports)).containsExactly(HtmlReport.FILE_NAME);
    }

    @Test
    void theHelperReplacesASymlinkAtTheTargetAndLeavesItsTargetAlone() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.json"), "{}", UTF_8);
        Path baseline = temp.resolve("reports/parallel-runs-baseline.json");
        Files.createDirectories(baseline.getParent());
        symlink(baseline, outside);

        ReportFiles.writeAtomically(baseline, "{\"tests\": {}}");

        assertThat(outside).hasContent("{}");
        assertThat(Files.isSymbolicLink(baseline)).isFalse();
        assertThat(baseline).hasContent("{\"tests\": {}}");
    }

    @Test
    void everyReportFileGetsThePermissionsANewFileGetsInItsFolder() throws IOException {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        Path reports = Files.createDirectories(temp.resolve("reports"));
        // The umask decides this file's permissions, as it should decide the reports'.
        Path fresh = reports.resolve("fresh");
        try (OutputStream out = Files.newOutputStream(fresh)) {
            out.write('x');
        }
        var expected = Files.getPosixFilePermissions(fresh);

        Path record = ReportFiles.write(reports, RECORD);
        Path page = HtmlReport.write(reports, List.of(RECORD));
        Path baseline = reports.resolve("baseline.json");
        ReportFiles.writeAtomically(baseline, "{}");
        // A file that existed is replaced by a new one, which the umask decides too.
        ReportFiles.writeAtomically(baseline, "{\"again\": true}");

        assertThat(Files.getPosixFilePermissions(record)).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(page)).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(baseline)).isEqualTo(expected);
    }

    @Test
    void theHelperLeavesNoTemporaryFileBehindWhetherItSucceedsOrFails() throws IOException {
        Path reports = Files.createDirectories(temp.resolve("reports"));
        Path file = reports.resolve("record.json");
        ReportFiles.writeAtomically(file, "first");
        ReportFiles.writeAtomically(file, "second");
        // A folder with something in it cannot be replaced by a file.
        Path folder = Files.createDirectories(reports.resolve("taken.json"));
        Files.writeString(folder.resolve("inside"), "x");

        assertThatThrownBy(() -> ReportFiles.writeAtomically(folder, "third")).isInstanceOf(IOException.class);

        assertThat(file).hasContent("second");
        assertThat(folder.resolve("inside")).hasContent("x");
        assertThat(entries(reports)).containsExactlyInAnyOrder("record.json", "taken.json");
    }

    private static void symlink(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links cannot be made here: " + e);
        }
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
