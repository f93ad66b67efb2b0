package io.github.parallelruns.internal.report;

import io.github.parallelruns.internal.report.ChartFrame.LegendEntry;
import io.github.parallelruns.internal.report.ChartFrame.Shape;
import io.github.parallelruns.internal.report.ChartFrame.Tick;
import io.github.parallelruns.internal.report.model.PairTimes;
import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The SVG strip chart of the pairs behind each measured point: every pair's speedup
 * {@code baselineMs / parallelMs} as a dot, spread sideways so equal values stay visible, the
 * median of the pairs as a line, the point's interval as a band and its required minimum speedup.
 *
 * <p>CSS classes tests and styles rely on: {@code svg.pairs-chart}, {@code .pair-dot} (one per pair
 * with two positive times, {@code .pair-dot.disturbed} for the pairs the machine disturbed),
 * {@code .median} (one per column), {@code .interval-band} and {@code .bound-line}.
 */
final class PairsChart {

    /** The sideways spread of the dots, as a share of a column's width. */
    private static final double SPREAD = 0.5;

    /** The golden ratio's fraction: consecutive pairs land far apart sideways, the same way on every render. */
    private static final double JITTER_STEP = 0.6180339887;

    private PairsChart() {}

    private record Dot(double speedup, boolean disturbed, String label) {}

    private record Column(
            String workers,
            List<Dot> dots,
            double median,
            OptionalDouble lower,
            OptionalDouble upper,
            boolean unbounded,
            OptionalDouble minSpeedup) {}

    /** The chart, or empty when no measured point has a pair with two positive times. */
    static Optional<String> render(TestRecord record, String id) {
        List<Column> columns = columns(record);
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        double highest = 0;
        boolean anyDisturbed = false;
        boolean anyBound = false;
        for (Column column : columns) {
            for (Dot dot : column.dots()) {
                highest = Math.max(highest, dot.speedup());
                anyDisturbed |= dot.disturbed();
            }
            highest = Math.max(highest, column.upper().orElse(0));
            highest = Math.max(highest, column.minSpeedup().orElse(0));
            anyBound |= column.minSpeedup().isPresent();
        }
        double yEnd = ChartFrame.niceEnd(highest > 0 ? highest * 1.05 : 1, 6, false);
        ChartFrame frame = new ChartFrame(0, columns.size(), 0, yEnd);
        String clipId = id + "-pairs-clip";
        StringBuilder svg = new StringBuilder();
        frame.open(svg, "pairs-chart", "Speedup of each pair, per measured point", clipId);
        frame.legend(svg, legend(anyDisturbed, anyBound));
        List<Tick> xTicks = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            xTicks.add(new Tick(i + 0.5, columns.get(i).workers()));
        }
        frame.axes(
                svg,
                xTicks,
                ChartFrame.ticks(yEnd, 6, false),
                "workers",
                "speedup of each pair (baseline \u00f7 parallel)");

        double columnWidth = frame.plotWidth() / columns.size();
        double halfLine = Math.min(40, columnWidth * 0.35);
        svg.append("<g clip-path=\"url(#").append(clipId).append(")\">\n");
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            double center = frame.x(i + 0.5);
            if (column.lower().isPresent() && (column.upper().isPresent() || column.unbounded())) {
                double top = column.upper().isPresent() ? frame.y(column.upper().getAsDouble()) : frame.top();
                double bottom = frame.y(column.lower().getAsDouble());
                svg.append("<rect class=\"interval-band\" x=\"")
                        .append(ChartFrame.number(center - halfLine))
                        .append("\" y=\"")
                        .append(ChartFrame.number(top))
                        .append("\" width=\"")
                        .append(ChartFrame.number(2 * halfLine))
                        .append("\" height=\"")
                        .append(ChartFrame.number(Math.max(0, bottom - top)))
                        .append("\"/>\n");
            }
            if (column.minSpeedup().isPresent()) {
                double y = frame.y(column.minSpeedup().getAsDouble());
                svg.append(ChartFrame.line(center - halfLine, y, center + halfLine, y, "bound-line"))
                        .append('\n');
            }
        }
        svg.append("</g>\n");
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            double center = frame.x(i + 0.5);
            List<Dot> dots = column.dots();
            for (int j = 0; j < dots.size(); j++) {
                Dot dot = dots.get(j);
                double jitter = ((j * JITTER_STEP) % 1 - 0.5) * SPREAD * columnWidth;
                jitter = Math.max(-halfLine * 1.4, Math.min(halfLine * 1.4, jitter));
                svg.append("<circle class=\"")
                        .append(dot.disturbed() ? "pair-dot disturbed" : "pair-dot")
                        .append("\" cx=\"")
                        .append(ChartFrame.number(center + jitter))
                        .append("\" cy=\"")
                        .append(ChartFrame.number(frame.y(dot.speedup())))
                        .append("\" r=\"3.5\"><title>")
                        .append(Html.escape(dot.label()))
                        .append("</title></circle>\n");
            }
            double y = frame.y(column.median());
            svg.append("<line class=\"median\" x1=\"")
                    .append(ChartFrame.number(center - halfLine))
                    .append("\" y1=\"")
                    .append(ChartFrame.number(y))
                    .append("\" x2=\"")
                    .append(ChartFrame.number(center + halfLine))
                    .append("\" y2=\"")
                    .append(ChartFrame.number(y))
                    .append("\"><title>median of ")
                    .append(dots.size())
                    .append(dots.size() == 1 ? " pair: " : " pairs: ")
                    .append(Figures.times(column.median()))
                    .append("</title></line>\n");
        }
        return Optional.of(svg.append("</svg>\n").toString());
    }

    private static List<Column> columns(TestRecord record) {
        List<Column> columns = new ArrayList<>();
        for (Point point : record.findings().points()) {
            if (point.reference()) {
                continue;
            }
            Set<Integer> disturbed = new HashSet<>(point.disturbedPairs());
            List<Dot> dots = new ArrayList<>();
            List<PairTimes> pairs = point.pairs();
            for (int i = 0; i < pairs.size(); i++) {
                PairTimes pair = pairs.get(i);
                OptionalDouble baseline = Figures.finite(pair.baselineMs());
                OptionalDouble parallel = Figures.finite(pair.parallelMs());
                if (baseline.isEmpty()
                        || parallel.isEmpty()
                        || baseline.getAsDouble() <= 0
                        || parallel.getAsDouble() <= 0) {
                    continue;
                }
                double speedup = baseline.getAsDouble() / parallel.getAsDouble();
                boolean isDisturbed = pair.disturbed() || disturbed.contains(i);
                String label = "pair " + (i + 1) + ": " + Figures.times(speedup) + " = "
                        + Figures.duration(baseline) + " / " + Figures.duration(parallel)
                        + (isDisturbed ? ", disturbed" : "");
                dots.add(new Dot(speedup, isDisturbed, label));
            }
            if (dots.isEmpty()) {
                continue;
            }
            String workers =
                    point.workers().isPresent() ? Figures.plain(point.workers().getAsInt()) : Figures.NONE;
            columns.add(new Column(
                    workers,
                    dots,
                    median(dots),
                    Figures.finite(point.speedup().lower()),
                    Figures.finite(point.speedup().upper()),
                    point.speedup().upper() == Double.POSITIVE_INFINITY,
                    Figures.finite(point.judgement().minSpeedup())));
        }
        return columns;
    }

    /**
     * The median of the pairs' speedups; between two middle values their geometric mean, as the
     * measurement takes the median of the log ratios.
     */
    private static double median(List<Dot> dots) {
        double[] sorted = dots.stream().mapToDouble(Dot::speedup).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : Math.sqrt(sorted[n / 2 - 1] * sorted[n / 2]);
    }

    private static List<LegendEntry> legend(boolean disturbed, boolean bound) {
        List<LegendEntry> entries = new ArrayList<>();
        entries.add(new LegendEntry(Shape.DOT, "swatch-pair", "pair"));
        if (disturbed) {
            entries.add(new LegendEntry(Shape.DOT, "swatch-disturbed", "disturbed pair"));
        }
        entries.add(new LegendEntry(Shape.LINE, "swatch-median", "median"));
        entries.add(new LegendEntry(Shape.BAND, "swatch-interval", "interval"));
        if (bound) {
            entries.add(new LegendEntry(Shape.LINE, "swatch-bound", "required minimum"));
        }
        return entries;
    }
}
