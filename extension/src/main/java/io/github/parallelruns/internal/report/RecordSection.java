package io.github.parallelruns.internal.report;

import io.github.parallelruns.internal.report.model.BaselineCheck;
import io.github.parallelruns.internal.report.model.Bounds;
import io.github.parallelruns.internal.report.model.Fits;
import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.ReportVerdict;
import io.github.parallelruns.internal.report.model.RunFacts;
import io.github.parallelruns.internal.report.model.ShareBasis;
import io.github.parallelruns.internal.report.model.ShareFacts;
import io.github.parallelruns.internal.report.model.TestIdentity;
import io.github.parallelruns.internal.report.model.TestRecord;
import io.github.parallelruns.internal.report.model.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HTML of one record: its summary-table cells' shared parts (name, verdict badge, headline
 * point) and, for speedups and sweeps, or runs that failed, its own section with the charts, the
 * points, the fits, the bounds, the baseline and the failures.
 */
final class RecordSection {

    private RecordSection() {}

    /** The anchor of record {@code index} (from 0), the same for the table's link and the section. */
    static String anchor(int index) {
        return "record-" + (index + 1);
    }

    /** Whether the record gets a section: speedups and sweeps always, runs only when tasks failed. */
    static boolean hasSection(TestRecord record) {
        return record.is(RecordKind.SPEEDUP)
                || record.is(RecordKind.SWEEP)
                || !failures(record).isEmpty();
    }

    /** The name to show: the short test name, else the display name, the method, the unique id. */
    static String name(TestRecord record, int index) {
        TestIdentity test = record.test();
        for (String name : List.of(test.test(), test.displayName(), test.methodName(), test.testId())) {
            if (!name.isBlank()) {
                return name;
            }
        }
        return "record " + (index + 1);
    }

    /**
     * A verdict as a colour-coded badge: PASS and SUCCESSFUL green, FAIL and FAILED red,
     * INCONCLUSIVE amber, the others (MEASURED, UNATTAINABLE, NOT_CHECKED) grey.
     */
    static String badge(Optional<ReportVerdict> verdict) {
        if (verdict.isEmpty()) {
            return Figures.NONE;
        }
        String tone = switch (verdict.get()) {
            case PASS, SUCCESSFUL -> "pass";
            case FAIL, FAILED -> "fail";
            case INCONCLUSIVE -> "inconclusive";
            default -> "other";
        };
        return "<span class=\"badge verdict-" + tone + "\">"
                + Html.escape(verdict.get().name()) + "</span>";
    }

    /**
     * The point the summary quotes: a speedup's only point, a sweep's measured point with the most
     * workers; absent for runs.
     */
    static Optional<Point> headlinePoint(TestRecord record) {
        Point headline = null;
        double most = Double.NEGATIVE_INFINITY;
        for (Point point : record.findings().points()) {
            if (point.reference()) {
                continue;
            }
            double workers = point.workers().isPresent() ? point.workers().getAsInt() : Double.NEGATIVE_INFINITY;
            if (headline == null || workers > most) {
                headline = point;
                most = workers;
            }
        }
        return Optional.ofNullable(headline);
    }

    static List<RunFacts.Failure> failures(TestRecord record) {
        return record.findings().run().map(RunFacts::failures).orElse(List.of());
    }

    /** The baseline comparison in words: {@code DROPPED 3.10x (threshold 3.50x)}. */
    static String baseline(BaselineCheck baseline) {
        if (baseline.status().isEmpty()) {
            return Figures.NONE;
        }
        String status = baseline.status().get().name();
        StringBuilder out = new StringBuilder("<span class=\"baseline baseline-")
                .append(Html.escape(status.toLowerCase(Locale.ROOT)))
                .append("\">")
                .append(Html.escape(status))
                .append("</span>");
        OptionalDouble speedup = Figures.finite(baseline.speedup());
        OptionalDouble threshold = Figures.finite(baseline.threshold());
        if (speedup.isPresent()) {
            out.append(' ').append(Figures.times(speedup));
        }
        if (threshold.isPresent()) {
            out.append(" (threshold ").append(Figures.times(threshold)).append(')');
        }
        return out.toString();
    }

    /** The record's section. */
    static String render(TestRecord record, int index) {
        String id = anchor(index);
        StringBuilder html = new StringBuilder();
        html.append("<section class=\"record kind-")
                .append(Html.escape(record.kind().map(RecordKind::label).orElse("unknown")))
                .append("\" id=\"")
                .append(id)
                .append("\">\n");
        html.append("<h2><span class=\"record-name\">")
                .append(Html.escape(name(record, index)))
                .append("</span>");
        if (record.findings().verdict().isPresent()) {
            html.append(' ').append(badge(record.findings().verdict()));
        }
        html.append("</h2>\n");
        if (!record.test().testId().isBlank()) {
            html.append("<p class=\"test-id\"><code>")
                    .append(Html.escape(record.test().testId()))
                    .append("</code></p>\n");
        }
        facts(html, record);
        record.findings()
                .reason()
                .filter(reason -> !reason.isBlank())
                .ifPresent(reason -> html.append("<p class=\"reason\">")
                        .append(Html.escape(reason))
                        .append("</p>\n"));
        if (record.findings().environmentInconclusive()) {
            html.append("<p class=\"environment-note\">The environment, not the code under test, made this "
                    + "verdict inconclusive.</p>\n");
        }
        if (record.is(RecordKind.SPEEDUP) || record.is(RecordKind.SWEEP)) {
            charts(html, record, id);
            points(html, record.findings().points());
            record.findings().fits().ifPresent(fits -> fits(html, fits));
            record.findings().bounds().ifPresent(bounds -> bounds(html, bounds));
        }
        record.findings().baseline().ifPresent(baseline -> {
            html.append("<h3>Baseline</h3>\n<p class=\"baseline-comparison\">").append(baseline(baseline));
            if (!baseline.file().isBlank()) {
                html.append(" (<code>").append(Html.escape(baseline.file())).append("</code>)");
            }
            html.append("</p>\n");
        });
        failuresList(html, record);
        html.append("<p class=\"back\"><a href=\"#summary\">Back to the summary</a></p>\n</section>\n");
        return html.toString();
    }

    private static void facts(StringBuilder html, TestRecord record) {
        html.append("<dl class=\"facts\">");
        fact(html, "Kind", text(record.kind().map(RecordKind::label)));
        fact(html, "Mode", text(record.mode().map(Enum::name)));
        fact(html, "Workers", Figures.count(record.workers()));
        fact(html, "Tasks", Figures.count(record.tasks()));
        fact(html, "Started", text(record.startedAt().map(Object::toString)));
        fact(html, "Duration", Figures.duration(Figures.finite(record.durationMs())));
        record.findings().run().ifPresent(run -> {
            fact(html, "Wall time", Figures.duration(Figures.finite(run.wallMs())));
            fact(html, "Tasks started", Figures.count(run.tasksStarted()));
        });
        Optional<ShareFacts> share = record.findings().ownShare();
        for (Point point : record.findings().points()) {
            if (share.isEmpty()) {
                share = point.cpuShare();
            }
        }
        share.ifPresent(measured -> fact(html, "CPU share", shareText(measured)));
        html.append("</dl>\n");
    }

    private static void charts(StringBuilder html, TestRecord record, String id) {
        Optional<String> speedup = SpeedupChart.render(record, id);
        Optional<String> pairs = PairsChart.render(record, id);
        if (speedup.isEmpty() && pairs.isEmpty()) {
            html.append("<p class=\"no-points\">No measured points were recorded.</p>\n");
            return;
        }
        html.append("<div class=\"charts\">\n");
        speedup.ifPresent(svg -> html.append("<figure>\n")
                .append(svg)
                .append("<figcaption>Median speedup per "
                        + "worker count with its interval; the ideal speedup equals the number of workers.</figcaption>\n"
                        + "</figure>\n"));
        pairs.ifPresent(svg -> html.append("<figure>\n")
                .append(svg)
                .append("<figcaption>Each dot is one pair of a "
                        + "sequential baseline run and a parallel run; hollow dots are pairs the machine disturbed."
                        + "</figcaption>\n</figure>\n"));
        if (pairs.isEmpty()) {
            html.append("<p class=\"no-pairs\">No pairs were recorded.</p>\n");
        }
        html.append("</div>\n");
    }

    private static void points(StringBuilder html, List<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        html.append("<h3>Points</h3>\n<div class=\"scroll\"><table class=\"points\">\n<thead><tr>"
                + "<th>Workers</th><th>Speedup [interval]</th><th>Efficiency</th><th>Karp-Flatt [interval]</th>"
                + "<th>Ceiling</th><th>Min. speedup</th><th>Verdict</th><th>Pairs</th><th>Warm-up pairs</th>"
                + "<th>Steady state</th><th>Baseline median</th><th>Parallel median</th><th>Time spent</th>"
                + "<th>Waited</th><th>Reason</th></tr></thead>\n<tbody>\n");
        for (Point point : points) {
            html.append(point.reference() ? "<tr class=\"reference\">" : "<tr>");
            cell(html, Figures.count(point.workers()) + (point.reference() ? " (reference)" : ""), true);
            OptionalDouble confidence = Figures.finite(point.confidence());
            cell(
                    html,
                    Html.escape(Figures.speedupWithInterval(point.speedup()))
                            + (confidence.isPresent()
                                    ? "<br><small>" + Figures.percent(confidence) + " confidence</small>"
                                    : ""),
                    true);
            cell(html, Figures.percent(Figures.finite(point.efficiency())), true);
            String karpFlatt = Figures.fraction(Figures.finite(point.karpFlatt().value()));
            if (Double.isFinite(point.karpFlatt().lower())
                    || Double.isFinite(point.karpFlatt().upper())) {
                karpFlatt += " ["
                        + Figures.fraction(Figures.finite(point.karpFlatt().lower())) + ", "
                        + Figures.fraction(Figures.finite(point.karpFlatt().upper())) + "]";
            }
            cell(html, karpFlatt, true);
            cell(
                    html,
                    Figures.times(Figures.finite(point.judgement().ceiling()))
                            + point.cpuShare()
                                    .map(share -> "<br><small>cores / CPU share " + Figures.significant(share.share())
                                            + (share.assumed() ? " (taken as 1)" : "") + "</small>")
                                    .orElse(""),
                    true);
            cell(html, Figures.times(Figures.finite(point.judgement().minSpeedup())), true);
            cell(html, badge(point.judgement().verdict()), false);
            int disturbed = point.disturbedPairs().size();
            cell(html, point.pairs().size() + (disturbed > 0 ? " (" + disturbed + " disturbed)" : ""), true);
            cell(html, Figures.count(point.timing().warmUpPairs()), true);
            cell(
                    html,
                    point.timing()
                            .steadyState()
                            .map(steady -> steady ? "yes" : "no")
                            .orElse(Figures.NONE),
                    false);
            cell(html, Figures.duration(Figures.finite(point.timing().baselineMedianMs())), true);
            cell(html, Figures.duration(Figures.finite(point.timing().parallelMedianMs())), true);
            cell(html, Figures.duration(Figures.finite(point.timing().spentMs())), true);
            cell(html, waited(point.waits()), true);
            cell(html, text(point.judgement().reason()), false);
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
    }

    /** "0.03 (3.1 ms of CPU in 104.0 ms on 6 workers; ceiling by the cores 66.7x)". */
    private static String shareText(ShareFacts share) {
        String how = share.basis().equals(Optional.of(ShareBasis.WORKER_THREADS))
                ? Figures.duration(Figures.finite(share.cpuMs())) + " on a CPU and "
                        + Figures.duration(Figures.finite(share.waitMs())) + " waiting for one in "
                        + Figures.duration(Figures.finite(share.wallMs())) + " of the worker threads' time"
                : Figures.duration(Figures.finite(share.cpuMs())) + " of the process tree's CPU in "
                        + Figures.duration(Figures.finite(share.wallMs())) + " on "
                        + Figures.count(share.activeWorkers()) + " worker(s)";
        return Figures.significant(share.share())
                + (share.assumed()
                        ? " (taken as 1: " + text(share.assumption()) + "; measured "
                                + Figures.significant(share.measured()) + ")"
                        : "")
                + " (" + how + "; the cores allow " + Figures.times(Figures.finite(share.coresCeiling())) + ")";
    }

    /** Turn, other tests and quiet waits of a point, or a dash. */
    private static String waited(Waits waits) {
        double total = 0;
        boolean any = false;
        List<String> parts = new ArrayList<>();
        double[] figures = {waits.turnMs(), waits.testsMs(), waits.quietMs()};
        String[] names = {"turn", "other tests", "quiet"};
        for (int i = 0; i < figures.length; i++) {
            OptionalDouble millis = Figures.finite(figures[i]);
            if (millis.isPresent()) {
                any = true;
                total += millis.getAsDouble();
                if (millis.getAsDouble() > 0) {
                    parts.add(names[i] + " " + Figures.duration(millis));
                }
            }
        }
        if (!any) {
            return Figures.NONE;
        }
        return Figures.duration(OptionalDouble.of(total))
                + (parts.isEmpty() ? "" : "<br><small>" + String.join(", ", parts) + "</small>");
    }

    private static void fits(StringBuilder html, Fits fits) {
        html.append("<h3>Scaling fits</h3>\n<div class=\"fits\">\n");
        html.append("<div class=\"fit amdahl\"><h4>Amdahl's law: S(p) = 1 / (f + (1 \u2212 f) / p)</h4>\n");
        fits.amdahl().ifPresent(amdahl -> {
            html.append("<dl>");
            OptionalDouble serial = Figures.finite(amdahl.serialFraction());
            fact(
                    html,
                    "Serial fraction f",
                    Figures.significant(serial) + (serial.isPresent() ? " (" + Figures.percent(serial) + ")" : ""));
            fact(html, "Max. speedup 1/f", figure(amdahl.maxSpeedup(), Figures::times, "unbounded (f = 0)"));
            fact(html, "RMS error", Figures.percent(Figures.finite(amdahl.rmsError())));
            html.append("</dl>\n");
        });
        note(html, fits.amdahlNote());
        html.append("</div>\n");
        html.append("<div class=\"fit usl\"><h4>Universal Scalability Law: "
                + "S(p) = p / (1 + \u03c3 (p \u2212 1) + \u03ba p (p \u2212 1))</h4>\n");
        fits.usl().ifPresent(usl -> {
            html.append("<dl>");
            fact(html, "Contention \u03c3", Figures.significant(usl.contention()));
            fact(html, "Coherency \u03ba", Figures.significant(usl.coherency()));
            fact(
                    html,
                    "Peak workers",
                    figure(usl.peakWorkers(), Figures::significant, "none (the speedup never falls)"));
            fact(html, "Peak speedup", figure(usl.peakSpeedup(), Figures::times, "unbounded"));
            fact(html, "RMS error", Figures.percent(Figures.finite(usl.rmsError())));
            html.append("</dl>\n");
        });
        note(html, fits.uslNote());
        html.append("</div>\n</div>\n");
    }

    /** The bounds by the names the record gives them. */
    private static void bounds(StringBuilder html, Bounds bounds) {
        html.append("<h3>Bounds</h3>\n<dl class=\"bounds\">");
        if (bounds instanceof Bounds.Speedup speedup) {
            fact(html, "min", Figures.significant(speedup.min()));
            fact(html, "max", Figures.significant(speedup.max()));
            fact(html, "minEfficiency", Figures.significant(speedup.minEfficiency()));
            fact(html, "workload", text(speedup.workload().map(Enum::name)));
            fact(html, "tolerance", Figures.significant(speedup.tolerance()));
        } else if (bounds instanceof Bounds.Sweep sweep) {
            fact(html, "maxSerialFraction", Figures.significant(sweep.maxSerialFraction()));
            fact(html, "nonDecreasing", String.valueOf(sweep.nonDecreasing()));
            fact(html, "workload", text(sweep.workload().map(Enum::name)));
            if (!sweep.workerCounts().isEmpty()) {
                fact(
                        html,
                        "workerCounts",
                        sweep.workerCounts().stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
        }
        html.append("</dl>\n");
    }

    private static void failuresList(StringBuilder html, TestRecord record) {
        List<RunFacts.Failure> failures = failures(record);
        if (failures.isEmpty()) {
            return;
        }
        html.append("<h3>Failures</h3>\n<ol class=\"failures\">\n");
        for (RunFacts.Failure failure : failures) {
            html.append("<li><p>worker ")
                    .append(Figures.count(failure.worker()))
                    .append(", task ")
                    .append(Figures.count(failure.task()))
                    .append("</p><pre>")
                    .append(text(failure.error()))
                    .append("</pre></li>\n");
        }
        html.append("</ol>\n");
    }

    private static void note(StringBuilder html, String note) {
        if (!note.isBlank()) {
            html.append("<p class=\"fit-note\">").append(Html.escape(note)).append("</p>\n");
        }
    }

    /**
     * A fitted figure, or what an infinite one means (JSON writes it as {@code null}); NaN means nothing
     * is known.
     */
    private static String figure(double value, Function<OptionalDouble, String> format, String infiniteMeans) {
        OptionalDouble finite = Figures.finite(value);
        if (finite.isPresent()) {
            return format.apply(finite);
        }
        return value == Double.POSITIVE_INFINITY ? infiniteMeans : Figures.NONE;
    }

    /** A text, escaped; {@value Figures#NONE} when absent or blank. */
    static String text(Optional<String> text) {
        return text.filter(value -> !value.isBlank()).map(Html::escape).orElse(Figures.NONE);
    }

    static String text(String text) {
        return text(Optional.of(text));
    }

    private static void fact(StringBuilder html, String term, String valueHtml) {
        html.append("<div><dt>")
                .append(term)
                .append("</dt><dd>")
                .append(valueHtml)
                .append("</dd></div>");
    }

    private static void cell(StringBuilder html, String contentHtml, boolean numeric) {
        html.append(numeric ? "<td class=\"num\">" : "<td>").append(contentHtml).append("</td>");
    }
}
