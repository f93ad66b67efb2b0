package io.github.parallelruns.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTests {

    private static final Instant GENERATED = Instant.parse("2026-11-25T10:45:00.250Z");

    private final String page = HtmlReport.render(SampleRecords.all(), GENERATED);

    @Test
    void hasTheTitleTheTimeAndTheFirstRecordsEnvironment() {
        assertThat(page)
                .startsWith("<!DOCTYPE html>")
                .contains("<title>ParallelRuns report</title>", "<h1>ParallelRuns report</h1>")
                .contains("<time datetime=\"2026-11-25T10:45:00Z\">2026-11-25 10:45:00 UTC</time>")
                .contains("<dt>Java</dt><dd>17.0.13+11 (Eclipse Adoptium)</dd>")
                .contains("<dt>OS</dt><dd>Linux 6.1.0 amd64</dd>")
                .contains("<dt>Effective cores</dt><dd>8</dd>")
                .contains("8 effective cores (no cgroup limit)");
        assertThat(page).contains("7 tests: 1 FAIL, 1 FAILED, 1 INCONCLUSIVE, 1 PASS, 1 SUCCESSFUL, 2 no verdict");
    }

    @Test
    void summarisesEveryRecordInOneRow() {
        String table = between(page, "<table class=\"summary\">", "</table>");
        assertThat(count(table, "<tr>")).isEqualTo(1 + 7);
        assertThat(table)
                .contains("<a href=\"#record-1\">ScalingTests.sum(TaskContext)</a>")
                .contains("6.00x [5.50, 6.40] <span class=\"note\">at 8</span>")
                .contains(">1, 2, 4, 8</td>")
                .contains("<a href=\"#record-2\">SpeedupTests.parallelSum(TaskContext)</a>")
                .contains(">3.91x [3.85, 3.97]</td>", ">97.8 %</td>")
                .contains("<span class=\"baseline baseline-dropped\">DROPPED</span> 4.20x (threshold 4.00x)")
                // A failed run links to its failures, a successful one has its row only.
                .contains("<a href=\"#record-3\">CounterTests.increments(TaskContext)</a>")
                .contains("<td>CounterTests.reads(TaskContext)</td>")
                .contains("<a href=\"#record-5\">odd</a>", ">1.50x [\u2014, \u221e)</td>");
        assertThat(table)
                .contains(
                        "<span class=\"badge verdict-pass\">PASS</span>",
                        "<span class=\"badge verdict-fail\">FAIL</span>",
                        "<span class=\"badge verdict-inconclusive\">INCONCLUSIVE</span>",
                        "<span class=\"badge verdict-pass\">SUCCESSFUL</span>",
                        "<span class=\"badge verdict-fail\">FAILED</span>");
        // Runs have no speedup; the empty record has nothing but a name.
        String runRow = between(table, "CounterTests.reads(TaskContext)", "</tr>");
        assertThat(runRow).contains(">8</td>").contains("data-sort=\"\">\u2014</td>");
        assertThat(table).contains("<td>record 6</td>");
    }

    @Test
    void drawsTheSweepsPointsIntervalsIdealLineAndFits() {
        String sweep = section(page, "record-1");
        String chart = between(sweep, "<svg class=\"speedup-chart\"", "</svg>");
        assertThat(count(chart, "class=\"point\"")).isEqualTo(3);
        assertThat(count(chart, "class=\"point reference\"")).isEqualTo(1);
        assertThat(count(chart, "class=\"error-bar\"")).isEqualTo(2);
        assertThat(count(chart, "class=\"error-bar unbounded\"")).isEqualTo(1);
        assertThat(count(chart, "class=\"ideal-line\"")).isEqualTo(1);
        assertThat(count(chart, "<polyline class=\"fit-amdahl\"")).isEqualTo(1);
        assertThat(count(chart, "<polyline class=\"fit-usl\"")).isEqualTo(1);
        assertThat(chart)
                .contains(
                        ">workers</text>",
                        ">speedup</text>",
                        ">ideal S = p</text>",
                        ">Amdahl fit</text>",
                        ">USL fit</text>",
                        "<g class=\"legend\">",
                        "class=\"tick-label\"");
        // The curves are smooth: many points each.
        Matcher amdahl =
                Pattern.compile("class=\"fit-amdahl\" points=\"([^\"]*)\"").matcher(chart);
        assertThat(amdahl.find()).isTrue();
        assertThat(amdahl.group(1).split(" ")).hasSizeGreaterThan(50);

        assertThat(sweep)
                .contains(
                        "<dt>Serial fraction f</dt><dd>0.04 (4.0 %)</dd>",
                        "<dt>Max. speedup 1/f</dt><dd>25.00x</dd>",
                        "<dt>Contention \u03c3</dt><dd>0.03</dd>",
                        "<dt>Coherency \u03ba</dt><dd>0.001</dd>",
                        "<dt>Peak workers</dt><dd>31.1</dd>");
        assertThat(sweep).doesNotContain("class=\"fit-note\"");
    }

    @Test
    void showsTheCpuShareBehindTheCeilingAndTheTimeWaited() {
        String sweep = section(page, "record-1");

        assertThat(sweep)
                .contains("<dt>CPU share</dt>")
                .contains("300.0 ms on a CPU and 200.0 ms waiting for one in 800.0 ms of the worker threads' time")
                .contains("cores / CPU share 0.5")
                .contains("<th>Waited</th>")
                .contains("turn 1.20 s, quiet 400.0 ms");
    }

    @Test
    void drawsEveryPairAsADotAndTheMedianPerPoint() {
        String sweepPairs = between(section(page, "record-1"), "<svg class=\"pairs-chart\"", "</svg>");
        assertThat(count(sweepPairs, "class=\"pair-dot\"")).isEqualTo(11);
        assertThat(count(sweepPairs, "class=\"pair-dot disturbed\"")).isEqualTo(1);
        assertThat(count(sweepPairs, "<line class=\"median\"")).isEqualTo(3);
        assertThat(sweepPairs)
                .contains("<title>median of 5 pairs: 1.95x</title>")
                .contains("<title>pair 3: 1.53x = 399.0 ms / 260.0 ms, disturbed</title>");

        // Disturbed by index: the speedup's 4th pair.
        String speedupPairs = between(section(page, "record-2"), "<svg class=\"pairs-chart\"", "</svg>");
        assertThat(count(speedupPairs, "class=\"pair-dot\"")).isEqualTo(5);
        assertThat(count(speedupPairs, "class=\"pair-dot disturbed\"")).isEqualTo(1);
        assertThat(speedupPairs).contains("<title>pair 4: 2.86x = 400.0 ms / 140.0 ms, disturbed</title>");
        // Six pairs: the median is between the 3rd and the 4th fastest.
        assertThat(speedupPairs).contains("<title>median of 6 pairs: 3.91x</title>");
        assertThat(count(speedupPairs, "class=\"bound-line\"")).isEqualTo(1);
    }

    @Test
    void aSpeedupHasNoFitsAndShowsItsVerdictBoundsAndBaseline() {
        String speedup = section(page, "record-2");
        assertThat(count(speedup, "class=\"point\"")).isEqualTo(1);
        assertThat(count(speedup, "class=\"error-bar\"")).isEqualTo(1);
        assertThat(speedup).doesNotContain("fit-amdahl", "fit-usl", "Scaling fits");
        assertThat(speedup)
                .contains("<span class=\"badge verdict-fail\">FAIL</span>")
                .contains("<p class=\"reason\">3.91x [3.85, 3.97] is below the bound 4.50x</p>")
                .contains("<dt>min</dt><dd>4.5</dd>", "<dt>max</dt><dd>\u2014</dd>")
                .contains("<code>src/test/resources/parallel-runs-baseline.json</code>");
    }

    @Test
    void tooFewPointsShowTheFitNotesInsteadOfCurves() {
        String sweep = section(page, "record-7");
        assertThat(sweep).contains("<svg class=\"speedup-chart\"").doesNotContain("fit-amdahl", "fit-usl");
        assertThat(sweep)
                .contains(
                        "<p class=\"fit-note\">too few points: Amdahl&#39;s law needs 2 worker counts above 1, got 1</p>",
                        "<p class=\"fit-note\">too few points: the USL needs 3 worker counts above 1, got 1</p>");
        assertThat(sweep).doesNotContain("Serial fraction f");
        assertThat(sweep).contains("The environment, not the code under test, made this verdict inconclusive.");
    }

    @Test
    void listsTheFailuresOfARun() {
        String run = section(page, "record-3");
        assertThat(run).doesNotContain("<svg");
        assertThat(run)
                .contains("<li><p>worker 0, task 3</p>"
                        + "<pre>java.lang.AssertionError: expected &lt;1&gt; but was &lt;2&gt;</pre></li>");
        assertThat(run).contains("<dt>Wall time</dt><dd>12.5 ms</dd>");
        assertThat(page).doesNotContain("id=\"record-4\"");
    }

    @Test
    void readsNullsMissingFieldsAndOddTypesLeniently() {
        String odd = section(page, "record-5");
        String chart = between(odd, "<svg class=\"speedup-chart\"", "</svg>");
        // Only the point with workers and a speedup is drawn; its null upper end is unbounded.
        assertThat(count(chart, "class=\"point\"")).isEqualTo(1);
        assertThat(count(chart, "class=\"error-bar unbounded\"")).isEqualTo(1);
        assertThat(odd).doesNotContain("pairs-chart").contains("<p class=\"no-pairs\">No pairs were recorded.</p>");
        assertThat(count(between(odd, "<table class=\"points\">", "</table>"), "<tr"))
                .isEqualTo(1 + 3);
        assertThat(page).doesNotContain("id=\"record-6\"");

        assertThat(HtmlReport.render(List.of(), GENERATED))
                .contains("No parallel tests were reported.")
                .contains("<dt>Java</dt><dd>\u2014</dd>");
    }

    @Test
    void escapesEveryTextTakenFromARecord() {
        assertThat(page)
                .contains("Weird&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;quoted&quot;")
                .contains("&lt;b&gt;not bold&lt;/b&gt;")
                .doesNotContain("alert('x')", "<b>not bold</b>");
        assertThat(count(page, "<script")).isEqualTo(1);
    }

    @Test
    void loadsNothingFromOutsideThePage() {
        assertThat(page)
                .doesNotContain("http://", "https://", "<link", "<img", "<iframe", "@import", " src=", "xlink:href");
        assertThat(Pattern.compile("url\\((?!#)").matcher(page).find())
                .as("url() other than a fragment")
                .isFalse();
        assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
    }

    @Test
    void everyChartIsClosed() {
        assertThat(count(page, "<svg ")).isEqualTo(count(page, "</svg>")).isEqualTo(2 + 2 + 1 + 2);
        assertThat(count(page, "<section")).isEqualTo(count(page, "</section>"));
    }

    @Test
    void writesIndexHtmlIntoANewFolder(@TempDir Path temp) throws IOException {
        Path dir = temp.resolve("reports/html");
        Path file = HtmlReport.write(dir, List.of(SampleRecords.record(SampleRecords.SPEEDUP)));
        assertThat(file).isEqualTo(dir.resolve("index.html")).isRegularFile();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .startsWith("<!DOCTYPE html>")
                .contains("SpeedupTests.parallelSum(TaskContext)");
    }

    @Test
    void aRecordWithoutMapsStillRenders() {
        TestRecord record = SampleRecords.record("{\"kind\": \"sweep\", \"points\": {\"not\": \"a list\"},"
                + " \"fits\": [], \"environment\": \"text\", \"run\": 3, \"baseline\": []}");
        assertThat(HtmlReport.render(List.of(record), GENERATED)).contains("No measured points were recorded.");
    }

    private static String section(String html, String id) {
        return between(html, "id=\"" + id + "\">", "</section>");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("position of %s", start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        assertThat(to).as("position of %s after %s", end, start).isNotNegative();
        return text.substring(from, to + end.length());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
