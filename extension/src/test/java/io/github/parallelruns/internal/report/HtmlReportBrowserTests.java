package io.github.parallelruns.internal.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real headless browser, Debian's {@code chromium}: the page's DOM after its
 * script ran, the page without its script, and a screenshot kept in {@code target/html-report/} for
 * a look by eye.
 *
 * <p>Without {@value #CHROMIUM} the tests are aborted, unless the environment variable
 * {@value #REQUIRE_CHROMIUM} is {@code 1} (CI sets it), then they fail.
 */
class HtmlReportBrowserTests {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String REQUIRE_CHROMIUM = "PARALLELRUNS_REQUIRE_CHROMIUM";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path OUTPUT = Path.of("target", "html-report");
    private static final Pattern SORTABLE_TABLE = Pattern.compile("<table [^>]*data-sortable=\"ready\"");
    private static final Pattern SORTABLE_HEADER = Pattern.compile("<th [^>]*aria-sort=\"none\"");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static Path page;

    @BeforeAll
    static void writeThePage() throws IOException {
        page = HtmlReport.write(OUTPUT, SampleRecords.all()).toAbsolutePath();
    }

    /** Per test rather than once, so that each test is reported as skipped with the reason. */
    @BeforeEach
    void chromiumIsInstalled() {
        if (Files.isExecutable(Path.of(CHROMIUM))) {
            return;
        }
        String install = "install it with 'apt-get install -y --no-install-recommends chromium' (Debian)";
        if ("1".equals(System.getenv(REQUIRE_CHROMIUM))) {
            fail(REQUIRE_CHROMIUM + "=1 but " + CHROMIUM + " is missing: " + install);
        }
        Assumptions.abort("the browser tests of the HTML report need " + CHROMIUM + "; " + install + ", or set "
                + REQUIRE_CHROMIUM + "=1 to make its absence fail the build");
    }

    @Test
    void theBrowserDrawsEveryChartAndRunsTheScript(@TempDir Path temp) throws Exception {
        String dom = chromium(temp, "--dump-dom", page.toUri().toString());

        assertThat(dom).contains("<title>ParallelRuns report</title>");
        assertThat(count(dom, "<svg class=\"speedup-chart\"")).isEqualTo(4);
        assertThat(count(dom, "<svg class=\"pairs-chart\"")).isEqualTo(3);
        assertThat(count(dom, "class=\"point\"")).isEqualTo(3 + 1 + 1 + 1);
        assertThat(count(dom, "class=\"point reference\"")).isEqualTo(2);
        assertThat(count(dom, "class=\"pair-dot\"")).isEqualTo(11 + 5 + 2);
        assertThat(count(dom, "class=\"pair-dot disturbed\"")).isEqualTo(2);
        assertThat(count(dom, "class=\"median\"")).isEqualTo(3 + 1 + 1);
        assertThat(count(dom, "class=\"fit-amdahl\"")).isEqualTo(1);
        assertThat(count(dom, "class=\"fit-usl\"")).isEqualTo(1);
        // The script ran: the summary table is sortable.
        assertThat(SORTABLE_TABLE.matcher(dom).find())
                .as("the summary table marked sortable")
                .isTrue();
        assertThat(SORTABLE_HEADER.matcher(dom).results().count())
                .as("headers that sort")
                .isEqualTo(9);
        // The hostile name stayed text: the only script element is the page's own.
        assertThat(count(dom, "<script")).isEqualTo(1);
        assertThat(dom).contains("Weird&lt;script&gt;alert('x')&lt;/script&gt;&amp;\"quoted\"");
    }

    @Test
    void clickingAHeaderSortsTheSummary(@TempDir Path temp) throws Exception {
        // A click on "Speedup [interval]" once the page's script has run: ascending, missing figures first.
        String html = Files.readString(page, UTF_8)
                .replace(
                        "</body>",
                        "<script>document.querySelectorAll('table.summary th')[5].click();</script>\n</body>");
        Path copy = Files.writeString(temp.resolve("clicked.html"), html, UTF_8);

        String dom = chromium(temp, "--dump-dom", copy.toUri().toString());

        String table = dom.substring(dom.indexOf("<table class=\"summary\""), dom.indexOf("</table>"));
        assertThat(table).contains("aria-sort=\"ascending\">Speedup [interval]</th>");
        List<Integer> positions = List.of(
                table.indexOf("CounterTests.reads"),
                table.indexOf("Weird&lt;script"),
                table.indexOf(">odd<"),
                table.indexOf("SpeedupTests.parallelSum"),
                table.indexOf("ScalingTests.sum"));
        assertThat(positions).doesNotContain(-1).isSorted();
    }

    @Test
    void withoutItsScriptThePageIsComplete(@TempDir Path temp) throws Exception {
        // Headless Chromium dumps the DOM with a script of its own, so scripts stay on; the page's goes.
        String html = Files.readString(page, UTF_8);
        String withoutScript = html.substring(0, html.indexOf("<script>"))
                + html.substring(html.indexOf("</script>") + "</script>".length());
        Path copy = Files.writeString(temp.resolve("without-script.html"), withoutScript, UTF_8);

        String dom = chromium(temp, "--dump-dom", copy.toUri().toString());

        assertThat(dom).doesNotContain("<script");
        assertThat(SORTABLE_TABLE.matcher(dom).find()).isFalse();
        assertThat(SORTABLE_HEADER.matcher(dom).find()).isFalse();
        assertThat(count(dom, "<svg class=\"speedup-chart\"")).isEqualTo(4);
        assertThat(count(dom, "<svg class=\"pairs-chart\"")).isEqualTo(3);
        assertThat(count(dom, "class=\"pair-dot\"")).isEqualTo(18);
        assertThat(count(dom, "<tr>")).isGreaterThanOrEqualTo(1 + 7);
        assertThat(dom).contains("<h3>Scaling fits</h3>", "<h3>Failures</h3>");
    }

    @Test
    void takesAScreenshot(@TempDir Path temp) throws Exception {
        Files.createDirectories(OUTPUT);
        Path screenshot = OUTPUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        chromium(
                temp,
                "--screenshot=" + screenshot,
                "--window-size=1280,2000",
                "--hide-scrollbars",
                page.toUri().toString());

        assertThat(screenshot).isRegularFile();
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png).startsWith(PNG_SIGNATURE);
        // A blank page compresses to a few KB; text, tables and charts do not.
        assertThat(png.length).isGreaterThan(50_000);
        // The IHDR chunk follows the signature: length, type, then width and height.
        ByteBuffer header = ByteBuffer.wrap(png, 8, 16);
        assertThat(header.getInt()).isEqualTo(13);
        assertThat(header.getInt()).isEqualTo(0x49484452);
        assertThat(header.getInt()).as("width").isEqualTo(1280);
        assertThat(header.getInt()).as("height").isEqualTo(2000);
    }

    /**
     * Runs Chromium headless with a fresh profile in {@code temp} and returns what it wrote to
     * standard output; on timeout destroys the browser and every process it started.
     */
    private static String chromium(Path temp, String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createDirectory(temp.resolve("profile"));
        Path stdout = temp.resolve("stdout.txt");
        Path stderr = temp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        // Children seen while the browser runs: after it exits, any left over are orphans to end.
        Set<ProcessHandle> children = new LinkedHashSet<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        boolean exited = false;
        while (!exited && System.nanoTime() < deadline) {
            process.descendants().forEach(children::add);
            exited = process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        if (!exited) {
            process.descendants().forEach(children::add);
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within " + TIMEOUT.toSeconds() + " s: " + command + "\n"
                    + Files.readString(stderr, UTF_8));
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        assertThat(process.exitValue())
                .as("exit code of %s, with the error output:%n%s", command, Files.readString(stderr, UTF_8))
                .isZero();
        return Files.readString(stdout, UTF_8);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
