package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

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
 * <p>Records are the parsed JSON report records ({@link Json#read}); any figure may be missing or
 * {@code null} in them and then shows as a dash.
 */
@API(status = INTERNAL, since = "0.1")
public final class HtmlReport {

    /** The name of the page {@link #write} writes. */
    public static final String FILE_NAME = "index.html";

    private HtmlReport() {
    }

    /**
     * Writes the page for {@code records} to {@code dir/}{@value #FILE_NAME}, creating {@code dir}, as
     * every report file is written ({@link ReportFiles#writeAtomically}): whole, replacing a link at
     * that name rather than writing through it.
     *
     * @return the page's path
     */
    public static Path write(Path dir, List<Map<String, Object>> records) throws IOException {
        Objects.requireNonNull(dir, "dir");
        String page = render(records, Instant.now());
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        ReportFiles.writeAtomically(file, page);
        return file;
    }

    /** The page for {@code records}, saying it was generated at {@code generatedAt}. */
    public static String render(List<Map<String, Object>> records, Instant generatedAt) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(generatedAt, "generatedAt");
        List<ReportValue> values = records.stream().map(ReportValue::of).toList();
        String time = generatedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder html = new StringBuilder(16_384 + 8_192 * values.size());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(PageAssets.CONTENT_SECURITY_POLICY).append("\">\n")
                .append("<title>ParallelRuns report</title>\n<style>\n").append(PageAssets.STYLE)
                .append("</style>\n</head>\n<body>\n<header>\n<h1>ParallelRuns report</h1>\n")
                .append("<p class=\"generated\">Generated <time datetime=\"").append(time).append("\">")
                .append(time.replace('T', ' ').replace("Z", " UTC")).append("</time>; ")
                .append(tally(values)).append("</p>\n");
        environment(html, values.isEmpty() ? ReportValue.of(null) : values.get(0).get("environment"));
        html.append("</header>\n<main>\n");
        summary(html, values);
        for (int i = 0; i < values.size(); i++) {
            if (RecordSection.hasSection(values.get(i))) {
                html.append(RecordSection.render(values.get(i), i));
            }
        }
        return html.append("</main>\n<script>\n").append(PageAssets.SCRIPT).append("</script>\n</body>\n</html>\n")
                .toString();
    }

    /** {@code 3 tests: 2 PASS, 1 FAIL}. */
    private static String tally(List<ReportValue> records) {
        if (records.isEmpty()) {
            return "no parallel tests were reported";
        }
        Map<String, Long> verdicts = records.stream()
                .collect(Collectors.groupingBy(record -> record.get("verdict").text().orElse("no verdict"),
                        TreeMap::new, Collectors.counting()));
        return records.size() + (records.size() == 1 ? " test: " : " tests: ") + verdicts.entrySet().stream()
                .map(entry -> entry.getValue() + " " + Html.escape(entry.getKey()))
                .collect(Collectors.joining(", "));
    }

    private static void environment(StringBuilder html, ReportValue environment) {
        html.append("<dl class=\"environment\">");
        String java = RecordSection.text(environment.get("java"));
        Optional<String> vendor = environment.get("javaVendor").text();
        if (vendor.isPresent()) {
            java += " (" + Html.escape(vendor.get()) + ")";
        }
        fact(html, "Java", java);
        fact(html, "VM", RecordSection.text(environment.get("vm")));
        fact(html, "OS", RecordSection.text(environment.get("os")));
        fact(html, "Effective cores", RecordSection.text(environment.get("effectiveCores")));
        fact(html, "Available processors", RecordSection.text(environment.get("availableProcessors")));
        environment.get("cores").text().ifPresent(cores -> fact(html, "Cores", Html.escape(cores)));
        html.append("</dl>\n");
    }

    private static void summary(StringBuilder html, List<ReportValue> records) {
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

    private static void row(StringBuilder html, ReportValue record, int index) {
        html.append("<tr>");
        String name = Html.escape(RecordSection.name(record, index));
        String title = record.get("testId").text().map(id -> " title=\"" + Html.escape(id) + "\"").orElse("");
        if (RecordSection.hasSection(record)) {
            html.append("<td").append(title).append("><a href=\"#").append(RecordSection.anchor(index)).append("\">")
                    .append(name).append("</a></td>");
        } else {
            html.append("<td").append(title).append('>').append(name).append("</td>");
        }
        html.append("<td>").append(RecordSection.text(record.get("kind"))).append("</td>");
        html.append("<td>").append(RecordSection.text(record.get("mode"))).append("</td>");
        workers(html, record);
        numberCell(html, record.get("tasks").number(), RecordSection.text(record.get("tasks")));
        Optional<ReportValue> headline = RecordSection.headlinePoint(record);
        OptionalDouble speedup = headline.map(point -> point.get("speedup").number()).orElse(OptionalDouble.empty());
        String speedupText = headline.map(Figures::speedupWithInterval).map(Html::escape).orElse(Figures.NONE);
        if (headline.isPresent() && RecordSection.kind(record).equals("sweep")) {
            speedupText += " <span class=\"note\">at " + RecordSection.text(headline.get().get("workers")) + "</span>";
        }
        numberCell(html, speedup, speedupText);
        OptionalDouble efficiency = headline.map(point -> point.get("efficiency").number())
                .orElse(OptionalDouble.empty());
        numberCell(html, efficiency, Figures.percent(efficiency));
        html.append("<td>").append(RecordSection.badge(record.get("verdict")));
        if (record.get("environmentInconclusive").isTrue()) {
            html.append(" <span class=\"note\">(environment)</span>");
        }
        html.append("</td>");
        ReportValue baseline = record.get("baseline");
        html.append("<td>").append(baseline.isObject() ? RecordSection.baseline(baseline) : Figures.NONE)
                .append("</td>");
        html.append("</tr>\n");
    }

    /** A run's or a speedup's worker count; a sweep's worker counts, sorted by its largest. */
    private static void workers(StringBuilder html, ReportValue record) {
        List<ReportValue> points = record.get("points").items();
        if (!RecordSection.kind(record).equals("sweep") || points.isEmpty()) {
            numberCell(html, record.get("workers").number(), RecordSection.text(record.get("workers")));
            return;
        }
        String counts = points.stream().map(point -> RecordSection.text(point.get("workers")))
                .collect(Collectors.joining(", "));
        OptionalDouble most = points.stream().map(point -> point.get("workers").number())
                .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).max();
        numberCell(html, most, counts);
    }

    private static void numberCell(StringBuilder html, OptionalDouble sortKey, String contentHtml) {
        html.append("<td class=\"num\" data-sort=\"")
                .append(sortKey.isPresent() ? String.valueOf(sortKey.getAsDouble()) : "").append("\">")
                .append(contentHtml).append("</td>");
    }

    private static void fact(StringBuilder html, String term, String valueHtml) {
        html.append("<div><dt>").append(term).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }
}
