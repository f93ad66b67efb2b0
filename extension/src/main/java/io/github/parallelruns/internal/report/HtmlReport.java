package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.report.model.Machine;
import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The report of a test run as one self-contained HTML page: a summary table of every parallel test,
 * and for each speedup and sweep a section with an SVG chart of speedup against workers, an SVG
 * strip chart of its pairs, the verdict, the points and the scaling fits.
 *
 * <p>The page loads nothing: style and charts are inline, and its content security policy forbids
 * any fetch. Its only script sorts the summary table; without scripts the page is complete.
 *
 * <p>Records are read from the JSON report files, which may lack any figure: a missing one shows as a
 * dash.
 */
@API(status = INTERNAL, since = "0.1")
public final class HtmlReport {

    /** The name of the page {@link #write} writes. */
    public static final String FILE_NAME = "index.html";

    private HtmlReport() {}

    /**
     * Writes the page for {@code records} to {@code dir/}{@value #FILE_NAME}, creating {@code dir}, as
     * every report file is written ({@link ReportFiles#writeAtomically}): whole, replacing a link at
     * that name rather than writing through it.
     *
     * @return the page's path
     */
    public static Path write(Path dir, List<TestRecord> records) throws IOException {
        Objects.requireNonNull(dir, "dir");
        String page = render(records, Instant.now());
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        ReportFiles.writeAtomically(file, page);
        return file;
    }

    /** The page for {@code records}, saying it was generated at {@code generatedAt}. */
    public static String render(List<TestRecord> records, Instant generatedAt) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(generatedAt, "generatedAt");
        String time = generatedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder html = new StringBuilder(16_384 + 8_192 * records.size());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(PageAssets.CONTENT_SECURITY_POLICY)
                .append("\">\n")
                .append("<title>ParallelRuns report</title>\n<style>\n")
                .append(PageAssets.STYLE)
                .append("</style>\n</head>\n<body>\n<header>\n<h1>ParallelRuns report</h1>\n")
                .append("<p class=\"generated\">Generated <time datetime=\"")
                .append(time)
                .append("\">")
                .append(time.replace('T', ' ').replace("Z", " UTC"))
                .append("</time>; ")
                .append(tally(records))
                .append("</p>\n");
        environment(html, records.isEmpty() ? Machine.UNKNOWN : records.get(0).environment());
        html.append("</header>\n<main>\n");
        summary(html, records);
        for (int i = 0; i < records.size(); i++) {
            if (RecordSection.hasSection(records.get(i))) {
                html.append(RecordSection.render(records.get(i), i));
            }
        }
        return html.append("</main>\n<script>\n")
                .append(PageAssets.SCRIPT)
                .append("</script>\n</body>\n</html>\n")
                .toString();
    }

    /** {@code 3 tests: 2 PASS, 1 FAIL}. */
    private static String tally(List<TestRecord> records) {
        if (records.isEmpty()) {
            return "no parallel tests were reported";
        }
        Map<String, Long> verdicts = records.stream()
                .collect(Collectors.groupingBy(
                        record -> record.findings().verdict().map(Enum::name).orElse("no verdict"),
                        TreeMap::new,
                        Collectors.counting()));
        return records.size()
                + (records.size() == 1 ? " test: " : " tests: ")
                + verdicts.entrySet().stream()
                        .map(entry -> entry.getValue() + " " + Html.escape(entry.getKey()))
                        .collect(Collectors.joining(", "));
    }

    private static void environment(StringBuilder html, Machine environment) {
        html.append("<dl class=\"environment\">");
        String java = RecordSection.text(environment.java());
        if (!environment.javaVendor().isBlank()) {
            java += " (" + Html.escape(environment.javaVendor()) + ")";
        }
        fact(html, "Java", java);
        fact(html, "VM", RecordSection.text(environment.vm()));
        fact(html, "OS", RecordSection.text(environment.os()));
        fact(html, "Effective cores", Figures.count(environment.effectiveCores()));
        fact(html, "Available processors", Figures.count(environment.availableProcessors()));
        if (!environment.cores().isBlank()) {
            fact(html, "Cores", Html.escape(environment.cores()));
        }
        html.append("</dl>\n");
    }

    private static void summary(StringBuilder html, List<TestRecord> records) {
        html.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (records.isEmpty()) {
            html.append("<p>No parallel tests were reported.</p>\n</section>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table class=\"summary\">\n<thead><tr><th>Test</th><th>Kind</th>"
                + "<th>Mode</th><th>Workers</th><th>Tasks</th><th>Speedup [interval]</th><th>Efficiency</th>"
                + "<th>Verdict</th><th>Baseline</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < records.size(); i++) {
            row(html, records.get(i), i);
        }
        html.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void row(StringBuilder html, TestRecord record, int index) {
        html.append("<tr>");
        String name = Html.escape(RecordSection.name(record, index));
        String testId = record.test().testId();
        String title = testId.isBlank() ? "" : " title=\"" + Html.escape(testId) + "\"";
        if (RecordSection.hasSection(record)) {
            html.append("<td")
                    .append(title)
                    .append("><a href=\"#")
                    .append(RecordSection.anchor(index))
                    .append("\">")
                    .append(name)
                    .append("</a></td>");
        } else {
            html.append("<td").append(title).append('>').append(name).append("</td>");
        }
        html.append("<td>")
                .append(RecordSection.text(record.kind().map(RecordKind::label)))
                .append("</td>");
        html.append("<td>")
                .append(RecordSection.text(record.mode().map(Enum::name)))
                .append("</td>");
        workers(html, record);
        numberCell(html, Figures.sortKey(record.tasks()), Figures.count(record.tasks()));
        Optional<Point> headline = RecordSection.headlinePoint(record);
        OptionalDouble speedup =
                headline.map(point -> Figures.finite(point.speedup().value())).orElse(OptionalDouble.empty());
        String speedupText = headline.map(point -> Html.escape(Figures.speedupWithInterval(point.speedup())))
                .orElse(Figures.NONE);
        if (headline.isPresent() && record.is(RecordKind.SWEEP)) {
            speedupText +=
                    " <span class=\"note\">at " + Figures.count(headline.get().workers()) + "</span>";
        }
        numberCell(html, speedup, speedupText);
        OptionalDouble efficiency =
                headline.map(point -> Figures.finite(point.efficiency())).orElse(OptionalDouble.empty());
        numberCell(html, efficiency, Figures.percent(efficiency));
        html.append("<td>").append(RecordSection.badge(record.findings().verdict()));
        if (record.findings().environmentInconclusive()) {
            html.append(" <span class=\"note\">(environment)</span>");
        }
        html.append("</td>");
        html.append("<td>")
                .append(record.findings()
                        .baseline()
                        .map(RecordSection::baseline)
                        .orElse(Figures.NONE))
                .append("</td>");
        html.append("</tr>\n");
    }

    /** A run's or a speedup's worker count; a sweep's worker counts, sorted by its largest. */
    private static void workers(StringBuilder html, TestRecord record) {
        List<Point> points = record.findings().points();
        if (!record.is(RecordKind.SWEEP) || points.isEmpty()) {
            numberCell(html, Figures.sortKey(record.workers()), Figures.count(record.workers()));
            return;
        }
        String counts =
                points.stream().map(point -> Figures.count(point.workers())).collect(Collectors.joining(", "));
        OptionalDouble most = points.stream()
                .map(Point::workers)
                .filter(OptionalInt::isPresent)
                .mapToDouble(OptionalInt::getAsInt)
                .max();
        numberCell(html, most, counts);
    }

    private static void numberCell(StringBuilder html, OptionalDouble sortKey, String contentHtml) {
        html.append("<td class=\"num\" data-sort=\"")
                .append(sortKey.isPresent() ? String.valueOf(sortKey.getAsDouble()) : "")
                .append("\">")
                .append(contentHtml)
                .append("</td>");
    }

    private static void fact(StringBuilder html, String term, String valueHtml) {
        html.append("<div><dt>")
                .append(term)
                .append("</dt><dd>")
                .append(valueHtml)
                .append("</dd></div>");
    }
}
