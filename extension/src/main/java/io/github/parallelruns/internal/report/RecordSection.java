package io.github.parallelruns.internal.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The HTML of one record: its summary-table cells' shared parts (name, verdict badge, headline
 * point) and, for speedups and sweeps, or runs that failed, its own section with the charts, the
 * points, the fits, the bounds, the baseline and the failures.
 */
final class RecordSection {

    private RecordSection() {
    }

    /** The anchor of record {@code index} (from 0), the same for the table's link and the section. */
    static String anchor(int index) {
        return "record-" + (index + 1);
    }

    static String kind(ReportValue record) {
        return record.get("kind").text().orElse("");
    }

    /** Whether the record gets a section: speedups and sweeps always, runs only when tasks failed. */
    static boolean hasSection(ReportValue record) {
        String kind = kind(record);
        return kind.equals("speedup") || kind.equals("sweep") || !failures(record).isEmpty();
    }

    /** The name to show: the short test name, else the display name, the method, the unique id. */
    static String name(ReportValue record, int index) {
        for (String key : List.of("test", "displayName", "methodName", "testId")) {
            Optional<String> name = record.get(key).text();
            if (name.isPresent()) {
                return name.get();
            }
        }
        return "record " + (index + 1);
    }

    /**
     * A verdict as a colour-coded badge: PASS and SUCCESSFUL green, FAIL and FAILED red,
     * INCONCLUSIVE amber, the others (MEASURED, UNATTAINABLE, NOT_CHECKED) grey.
     */
    static String badge(ReportValue verdict) {
        Optional<String> text = verdict.text();
        if (text.isEmpty()) {
            return Figures.NONE;
        }
        String tone = switch (text.get()) {
            case "PASS", "SUCCESSFUL" -> "pass";
            case "FAIL", "FAILED" -> "fail";
            case "INCONCLUSIVE" -> "inconclusive";
            default -> "other";
        };
        return "<span class=\"badge verdict-" + tone + "\">" + Html.escape(text.get()) + "</span>";
    }

    /**
     * The point the summary quotes: a speedup's only point, a sweep's measured point with the most
     * workers; absent for runs.
     */
    static Optional<ReportValue> headlinePoint(ReportValue record) {
        ReportValue headline = null;
        double most = Double.NEGATIVE_INFINITY;
        for (ReportValue point : record.get("points").items()) {
            if (point.get("reference").isTrue() || !point.isObject()) {
                continue;
            }
            double workers = point.get("workers").number().orElse(Double.NEGATIVE_INFINITY);
            if (headline == null || workers > most) {
                headline = point;
                most = workers;
            }
        }
        return Optional.ofNullable(headline);
    }

    static List<ReportValue> failures(ReportValue record) {
        return record.get("run").get("failures").items();
    }

    /** The baseline comparison in words: {@code DROPPED 3.10x (threshold 3.50x)}. */
    static String baseline(ReportValue baseline) {
        Optional<String> status = baseline.get("status").text();
        if (status.isEmpty()) {
            return Figures.NONE;
        }
        StringBuilder out = new StringBuilder("<span class=\"baseline baseline-")
                .append(Html.escape(status.get().toLowerCase(Locale.ROOT))).append("\">")
                .append(Html.escape(status.get())).append("</span>");
        OptionalDouble speedup = baseline.get("speedup").number();
        OptionalDouble threshold = baseline.get("threshold").number();
        if (speedup.isPresent()) {
            out.append(' ').append(Figures.times(speedup));
        }
        if (threshold.isPresent()) {
            out.append(" (threshold ").append(Figures.times(threshold)).append(')');
        }
        return out.toString();
    }

    /** The record's section. */
    static String render(ReportValue record, int index) {
        String id = anchor(index);
        String kind = kind(record);
        StringBuilder html = new StringBuilder();
        html.append("<section class=\"record kind-").append(Html.escape(kind.isEmpty() ? "unknown" : kind))
                .append("\" id=\"").append(id).append("\">\n");
        html.append("<h2><span class=\"record-name\">").append(Html.escape(name(record, index))).append("</span>");
        if (record.get("verdict").text().isPresent()) {
            html.append(' ').append(badge(record.get("verdict")));
        }
        html.append("</h2>\n");
        record.get("testId").text().ifPresent(testId -> html.append("<p class=\"test-id\"><code>")
                .append(Html.escape(testId)).append("</code></p>\n"));
        facts(html, record);
        record.get("reason").text().ifPresent(reason -> html.append("<p class=\"reason\">")
                .append(Html.escape(reason)).append("</p>\n"));
        if (record.get("environmentInconclusive").isTrue()) {
            html.append("<p class=\"environment-note\">The environment, not the code under test, made this "
                    + "verdict inconclusive.</p>\n");
        }
        if (kind.equals("speedup") || kind.equals("sweep")) {
            charts(html, record, id);
            points(html, record);
            fits(html, record.get("fits"));
            bounds(html, record.get("bounds"));
        }
        if (record.get("baseline").isObject()) {
            html.append("<h3>Baseline</h3>\n<p class=\"baseline-comparison\">")
                    .append(baseline(record.get("baseline")));
            record.get("baseline").get("file").text().ifPresent(file -> html.append(" (<code>")
                    .append(Html.escape(file)).append("</code>)"));
            html.append("</p>\n");
        }
        failuresList(html, record);
        html.append("<p class=\"back\"><a href=\"#summary\">Back to the summary</a></p>\n</section>\n");
        return html.toString();
    }

    private static void facts(StringBuilder html, ReportValue record) {
        html.append("<dl class=\"facts\">");
        fact(html, "Kind", text(record.get("kind")));
        fact(html, "Mode", text(record.get("mode")));
        fact(html, "Workers", text(record.get("workers")));
        fact(html, "Tasks", text(record.get("tasks")));
        fact(html, "Started", text(record.get("startedAt")));
        fact(html, "Duration", Figures.duration(record.get("durationMs").number()));
        ReportValue run = record.get("run");
        if (run.isObject()) {
            fact(html, "Wall time", Figures.duration(run.get("wallMs").number()));
            fact(html, "Tasks started", text(run.get("tasksStarted")));
        }
        ReportValue share = record.get("cpuShare");
        for (ReportValue point : record.get("points").items()) {
            if (!share.isObject()) {
                share = point.get("cpuShare");
            }
        }
        if (share.isObject()) {
            fact(html, "CPU share", shareText(share));
        }
        html.append("</dl>\n");
    }

    private static void charts(StringBuilder html, ReportValue record, String id) {
        Optional<String> speedup = SpeedupChart.render(record, id);
        Optional<String> pairs = PairsChart.render(record, id);
        if (speedup.isEmpty() && pairs.isEmpty()) {
            html.append("<p class=\"no-points\">No measured points were recorded.</p>\n");
            return;
        }
        html.append("<div class=\"charts\">\n");
        speedup.ifPresent(svg -> html.append("<figure>\n").append(svg).append("<figcaption>Median speedup per "
                + "worker count with its interval; the ideal speedup equals the number of workers.</figcaption>\n"
                + "</figure>\n"));
        pairs.ifPresent(svg -> html.append("<figure>\n").append(svg).append("<figcaption>Each dot is one pair of a "
                + "sequential baseline run and a parallel run; hollow dots are pairs the machine disturbed."
                + "</figcaption>\n</figure>\n"));
        if (pairs.isEmpty()) {
            html.append("<p class=\"no-pairs\">No pairs were recorded.</p>\n");
        }
        html.append("</div>\n");
    }

    private static void points(StringBuilder html, ReportValue record) {
        List<ReportValue> points = record.get("points").items();
        if (points.isEmpty()) {
            return;
        }
        html.append("<h3>Points</h3>\n<div class=\"scroll\"><table class=\"points\">\n<thead><tr>"
                + "<th>Workers</th><th>Speedup [interval]</th><th>Efficiency</th><th>Karp-Flatt [interval]</th>"
                + "<th>Ceiling</th><th>Min. speedup</th><th>Verdict</th><th>Pairs</th><th>Warm-up pairs</th>"
                + "<th>Steady state</th><th>Baseline median</th><th>Parallel median</th><th>Time spent</th>"
                + "<th>Waited</th><th>Reason</th></tr></thead>\n<tbody>\n");
        for (ReportValue point : points) {
            boolean reference = point.get("reference").isTrue();
            html.append(reference ? "<tr class=\"reference\">" : "<tr>");
            cell(html, text(point.get("workers")) + (reference ? " (reference)" : ""), true);
            String confidence = point.get("confidence").number().isPresent()
                    ? "<br><small>" + Figures.percent(point.get("confidence").number()) + " confidence</small>" : "";
            cell(html, Html.escape(Figures.speedupWithInterval(point)) + confidence, true);
            cell(html, Figures.percent(point.get("efficiency").number()), true);
            String karpFlatt = Figures.fraction(point.get("karpFlatt").number());
            if (point.get("karpFlattLower").isPresent() || point.get("karpFlattUpper").isPresent()) {
                karpFlatt += " [" + Figures.fraction(point.get("karpFlattLower").number()) + ", "
                        + Figures.fraction(point.get("karpFlattUpper").number()) + "]";
            }
            cell(html, karpFlatt, true);
            ReportValue pointShare = point.get("cpuShare");
            cell(html, Figures.times(point.get("ceiling").number()) + (pointShare.isObject()
                    ? "<br><small>cores / CPU share " + Figures.significant(pointShare.get("share").number())
                            + (pointShare.get("assumed").isTrue() ? " (taken as 1)" : "") + "</small>"
                    : ""), true);
            cell(html, Figures.times(point.get("minSpeedup").number()), true);
            cell(html, badge(point.get("verdict")), false);
            int disturbed = point.get("disturbedPairs").items().size();
            cell(html, point.get("pairs").items().size() + (disturbed > 0 ? " (" + disturbed + " disturbed)" : ""),
                    true);
            cell(html, text(point.get("warmUpPairs")), true);
            cell(html, point.get("steadyState").isPresent() ? (point.get("steadyState").isTrue() ? "yes" : "no")
                    : Figures.NONE, false);
            cell(html, Figures.duration(point.get("baselineMedianMs").number()), true);
            cell(html, Figures.duration(point.get("parallelMedianMs").number()), true);
            cell(html, Figures.duration(point.get("spentMs").number()), true);
            cell(html, waited(point), true);
            cell(html, text(point.get("reason")), false);
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
    }

    /** "0.03 (3.1 ms of CPU in 104.0 ms on 6 workers; ceiling by the cores 66.7x)". */
    private static String shareText(ReportValue share) {
        String how = "WORKER_THREADS".equals(share.get("basis").text().orElse(""))
                ? Figures.duration(share.get("cpuMs").number()) + " on a CPU and "
                        + Figures.duration(share.get("waitMs").number()) + " waiting for one in "
                        + Figures.duration(share.get("wallMs").number()) + " of the worker threads' time"
                : Figures.duration(share.get("cpuMs").number()) + " of the process tree's CPU in "
                        + Figures.duration(share.get("wallMs").number()) + " on " + text(share.get("activeWorkers"))
                        + " worker(s)";
        return Figures.significant(share.get("share").number())
                + (share.get("assumed").isTrue() ? " (taken as 1: " + text(share.get("assumption"))
                        + "; measured " + Figures.significant(share.get("measured").number()) + ")" : "")
                + " (" + how + "; the cores allow " + Figures.times(share.get("coresCeiling").number()) + ")";
    }

    /** Turn, other tests and quiet waits of a point, or a dash. */
    private static String waited(ReportValue point) {
        double total = 0;
        boolean any = false;
        List<String> parts = new java.util.ArrayList<>();
        for (String[] wait : new String[][] {{"turnWaitMs", "turn"}, {"testsWaitMs", "other tests"},
                {"quietWaitMs", "quiet"}}) {
            OptionalDouble millis = point.get(wait[0]).number();
            if (millis.isPresent()) {
                any = true;
                total += millis.getAsDouble();
                if (millis.getAsDouble() > 0) {
                    parts.add(wait[1] + " " + Figures.duration(millis));
                }
            }
        }
        if (!any) {
            return Figures.NONE;
        }
        return Figures.duration(OptionalDouble.of(total))
                + (parts.isEmpty() ? "" : "<br><small>" + String.join(", ", parts) + "</small>");
    }

    private static void fits(StringBuilder html, ReportValue fits) {
        if (!fits.isObject()) {
            return;
        }
        html.append("<h3>Scaling fits</h3>\n<div class=\"fits\">\n");
        ReportValue amdahl = fits.get("amdahl");
        html.append("<div class=\"fit amdahl\"><h4>Amdahl's law: S(p) = 1 / (f + (1 \u2212 f) / p)</h4>\n");
        if (amdahl.isObject()) {
            html.append("<dl>");
            OptionalDouble serial = amdahl.get("serialFraction").number();
            fact(html, "Serial fraction f", Figures.significant(serial)
                    + (serial.isPresent() ? " (" + Figures.percent(serial) + ")" : ""));
            fact(html, "Max. speedup 1/f", figure(amdahl, "maxSpeedup", Figures::times, "unbounded (f = 0)"));
            fact(html, "RMS error", Figures.percent(amdahl.get("rmsError").number()));
            html.append("</dl>\n");
        }
        note(html, fits.get("amdahlNote"));
        html.append("</div>\n");
        ReportValue usl = fits.get("usl");
        html.append("<div class=\"fit usl\"><h4>Universal Scalability Law: "
                + "S(p) = p / (1 + \u03c3 (p \u2212 1) + \u03ba p (p \u2212 1))</h4>\n");
        if (usl.isObject()) {
            html.append("<dl>");
            fact(html, "Contention \u03c3", Figures.significant(usl.get("contention").number()));
            fact(html, "Coherency \u03ba", Figures.significant(usl.get("coherency").number()));
            fact(html, "Peak workers", figure(usl, "peakWorkers", Figures::significant,
                    "none (the speedup never falls)"));
            fact(html, "Peak speedup", figure(usl, "peakSpeedup", Figures::times, "unbounded"));
            fact(html, "RMS error", Figures.percent(usl.get("rmsError").number()));
            html.append("</dl>\n");
        }
        note(html, fits.get("uslNote"));
        html.append("</div>\n</div>\n");
    }

    private static void bounds(StringBuilder html, ReportValue bounds) {
        Map<String, ReportValue> members = bounds.members();
        if (members.isEmpty()) {
            return;
        }
        html.append("<h3>Bounds</h3>\n<dl class=\"bounds\">");
        members.forEach((key, value) -> fact(html, Html.escape(key), value.items().isEmpty() ? text(value)
                : value.items().stream().map(RecordSection::text).collect(java.util.stream.Collectors.joining(", "))));
        html.append("</dl>\n");
    }

    private static void failuresList(StringBuilder html, ReportValue record) {
        List<ReportValue> failures = failures(record);
        if (failures.isEmpty()) {
            return;
        }
        html.append("<h3>Failures</h3>\n<ol class=\"failures\">\n");
        for (ReportValue failure : failures) {
            html.append("<li><p>worker ").append(text(failure.get("worker"))).append(", task ")
                    .append(text(failure.get("task"))).append("</p><pre>").append(text(failure.get("error")))
                    .append("</pre></li>\n");
        }
        html.append("</ol>\n");
    }

    private static void note(StringBuilder html, ReportValue note) {
        note.text().ifPresent(text -> html.append("<p class=\"fit-note\">").append(Html.escape(text))
                .append("</p>\n"));
    }

    /**
     * The figure {@code key} of {@code object}, or what a {@code null} there means: JSON has no
     * infinity, so an unbounded figure is written as {@code null}. A missing key means nothing.
     */
    private static String figure(ReportValue object, String key, Function<OptionalDouble, String> format,
            String nullMeans) {
        OptionalDouble value = object.get(key).number();
        if (value.isPresent()) {
            return format.apply(value);
        }
        boolean writtenAsNull = object.members().containsKey(key) && !object.get(key).isPresent();
        return writtenAsNull ? nullMeans : Figures.NONE;
    }

    /** Any value as escaped text, {@value Figures#NONE} when absent. */
    static String text(ReportValue value) {
        return value.text().map(Html::escape).orElse(Figures.NONE);
    }

    private static void fact(StringBuilder html, String term, String valueHtml) {
        html.append("<div><dt>").append(term).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }

    private static void cell(StringBuilder html, String contentHtml, boolean numeric) {
        html.append(numeric ? "<td class=\"num\">" : "<td>").append(contentHtml).append("</td>");
    }
}
