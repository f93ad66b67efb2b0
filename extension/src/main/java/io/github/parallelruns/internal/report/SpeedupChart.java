package io.github.parallelruns.internal.report;

import io.github.parallelruns.internal.report.ChartFrame.LegendEntry;
import io.github.parallelruns.internal.report.ChartFrame.Shape;
import io.github.parallelruns.internal.report.model.Bounds;
import io.github.parallelruns.internal.report.model.Fits;
import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/**
 * The SVG chart of speedup against workers: each point's median speedup with its interval as an
 * error bar, the ideal {@code S = p}, and the fitted Amdahl and USL curves when the record has them.
 *
 * <p>CSS classes tests and styles rely on: {@code svg.speedup-chart}, {@code .point} (one per point
 * with workers and a speedup, {@code .point.reference} for a sweep's unmeasured 1-worker point),
 * {@code .error-bar} (one per measured point with an interval, {@code .error-bar.unbounded} when
 * the upper end is), {@code .ideal-line}, {@code .fit-amdahl}, {@code .fit-usl},
 * {@code .bound-line} and {@code .cores-line}.
 */
final class SpeedupChart {

    /** Line segments per fitted curve: smooth at 680 pixels. */
    private static final int CURVE_SEGMENTS = 120;

    private SpeedupChart() {}

    /** A plotted point: a point of the record with both its worker count and its speedup. */
    private record Plotted(
            double workers,
            double speedup,
            OptionalDouble lower,
            OptionalDouble upper,
            boolean unbounded,
            boolean reference,
            String label) {}

    /** The chart, or empty when no point has both a worker count and a speedup. */
    static Optional<String> render(TestRecord record, String id) {
        List<Plotted> points = plotted(record);
        if (points.isEmpty()) {
            return Optional.empty();
        }
        Optional<Fits> fits = record.findings().fits();
        Optional<DoubleUnaryOperator> amdahl = fits.flatMap(Fits::amdahl).flatMap(SpeedupChart::amdahl);
        Optional<DoubleUnaryOperator> usl = fits.flatMap(Fits::usl).flatMap(SpeedupChart::usl);
        Optional<Bounds.Speedup> bounds = record.findings()
                .bounds()
                .filter(Bounds.Speedup.class::isInstance)
                .map(Bounds.Speedup.class::cast);
        OptionalDouble minBound =
                bounds.map(speedup -> Figures.finite(speedup.min())).orElse(OptionalDouble.empty());
        OptionalDouble maxBound =
                bounds.map(speedup -> Figures.finite(speedup.max())).orElse(OptionalDouble.empty());
        OptionalDouble cores = Figures.sortKey(record.environment().effectiveCores());

        double maxWorkers =
                Math.max(2, points.stream().mapToDouble(Plotted::workers).max().orElse(2));
        // Half a worker to spare keeps the last point and its error bar off the plot's edge.
        double xEnd = ChartFrame.niceEnd(maxWorkers + 0.5, 8, true);
        double highest = maxWorkers;
        for (Plotted point : points) {
            highest = Math.max(highest, point.speedup());
            if (point.upper().isPresent()) {
                highest = Math.max(highest, point.upper().getAsDouble());
            }
        }
        highest = Math.max(highest, minBound.orElse(0));
        highest = Math.max(highest, maxBound.orElse(0));
        // A fit with odd coefficients must not squash the measured points: the clip path cuts it.
        double curvesMax = Math.max(curveMax(amdahl, maxWorkers), curveMax(usl, maxWorkers));
        highest = Math.max(highest, Math.min(curvesMax, 2 * highest));
        double yEnd = ChartFrame.niceEnd(highest * 1.05, 6, false);

        ChartFrame frame = new ChartFrame(0, xEnd, 0, yEnd);
        String clipId = id + "-speedup-clip";
        StringBuilder svg = new StringBuilder();
        frame.open(svg, "speedup-chart", "Speedup against workers", clipId);
        frame.legend(
                svg,
                legend(
                        amdahl.isPresent(),
                        usl.isPresent(),
                        minBound.isPresent() || maxBound.isPresent(),
                        cores.isPresent() && cores.getAsDouble() <= xEnd));
        frame.axes(svg, ChartFrame.ticks(xEnd, 8, true), ChartFrame.ticks(yEnd, 6, false), "workers", "speedup");

        svg.append("<g clip-path=\"url(#").append(clipId).append(")\">\n");
        if (cores.isPresent() && cores.getAsDouble() <= xEnd) {
            double x = frame.x(cores.getAsDouble());
            svg.append(ChartFrame.line(x, frame.top(), x, frame.bottom(), "cores-line"))
                    .append('\n');
        }
        for (OptionalDouble bound : List.of(minBound, maxBound)) {
            if (bound.isPresent()) {
                double y = frame.y(bound.getAsDouble());
                svg.append(ChartFrame.line(frame.x(0), y, frame.x(xEnd), y, "bound-line"))
                        .append('\n');
            }
        }
        svg.append(ChartFrame.line(frame.x(1), frame.y(1), frame.x(maxWorkers), frame.y(maxWorkers), "ideal-line"))
                .append('\n');
        amdahl.ifPresent(curve -> svg.append(curve(frame, curve, maxWorkers, "fit-amdahl")));
        usl.ifPresent(curve -> svg.append(curve(frame, curve, maxWorkers, "fit-usl")));
        svg.append("</g>\n");

        for (Plotted point : points) {
            errorBar(svg, frame, point);
        }
        for (Plotted point : points) {
            svg.append("<circle class=\"")
                    .append(point.reference() ? "point reference" : "point")
                    .append("\" cx=\"")
                    .append(ChartFrame.number(frame.x(point.workers())))
                    .append("\" cy=\"")
                    .append(ChartFrame.number(frame.y(point.speedup())))
                    .append("\" r=\"4.5\"><title>")
                    .append(Html.escape(point.label()))
                    .append("</title></circle>\n");
        }
        return Optional.of(svg.append("</svg>\n").toString());
    }

    private static List<Plotted> plotted(TestRecord record) {
        List<Plotted> plotted = new ArrayList<>();
        for (Point point : record.findings().points()) {
            OptionalDouble speedup = Figures.finite(point.speedup().value());
            if (point.workers().isEmpty()
                    || speedup.isEmpty()
                    || point.workers().getAsInt() <= 0) {
                continue;
            }
            int workers = point.workers().getAsInt();
            String label = Figures.plain(workers) + " workers: " + Figures.speedupWithInterval(point.speedup())
                    + (point.reference() ? " (reference, not measured)" : "");
            plotted.add(new Plotted(
                    workers,
                    speedup.getAsDouble(),
                    Figures.finite(point.speedup().lower()),
                    Figures.finite(point.speedup().upper()),
                    point.speedup().upper() == Double.POSITIVE_INFINITY,
                    point.reference(),
                    label));
        }
        return plotted;
    }

    private static void errorBar(StringBuilder svg, ChartFrame frame, Plotted point) {
        if (point.reference() || (point.lower().isEmpty() && point.upper().isEmpty() && !point.unbounded())) {
            return;
        }
        double x = frame.x(point.workers());
        double low = frame.y(point.lower().orElse(point.speedup()));
        double high = point.upper().isPresent()
                ? frame.y(point.upper().getAsDouble())
                : point.unbounded() ? frame.top() : frame.y(point.speedup());
        svg.append("<g class=\"")
                .append(point.unbounded() ? "error-bar unbounded" : "error-bar")
                .append("\">");
        svg.append(ChartFrame.line(x, low, x, Math.max(high, frame.top()), null));
        if (point.lower().isPresent()) {
            svg.append(ChartFrame.line(x - 6, low, x + 6, low, null));
        }
        if (point.upper().isPresent()) {
            svg.append(ChartFrame.line(x - 6, high, x + 6, high, null));
        } else if (point.unbounded()) {
            double top = frame.top();
            svg.append("<path d=\"M")
                    .append(ChartFrame.number(x - 5))
                    .append(' ')
                    .append(ChartFrame.number(top + 8))
                    .append(" L")
                    .append(ChartFrame.number(x))
                    .append(' ')
                    .append(ChartFrame.number(top))
                    .append(" L")
                    .append(ChartFrame.number(x + 5))
                    .append(' ')
                    .append(ChartFrame.number(top + 8))
                    .append("\"/>");
        }
        svg.append("</g>\n");
    }

    /** {@code S(p) = 1 / (f + (1 - f) / p)}, when the fit has a serial fraction. */
    private static Optional<DoubleUnaryOperator> amdahl(Fits.Amdahl fit) {
        OptionalDouble f = Figures.finite(fit.serialFraction());
        if (f.isEmpty()) {
            return Optional.empty();
        }
        double serial = f.getAsDouble();
        return Optional.of(p -> 1 / (serial + (1 - serial) / p));
    }

    /** {@code S(p) = p / (1 + σ (p - 1) + κ p (p - 1))}, when the fit has both coefficients. */
    private static Optional<DoubleUnaryOperator> usl(Fits.Usl fit) {
        OptionalDouble sigma = Figures.finite(fit.contention());
        OptionalDouble kappa = Figures.finite(fit.coherency());
        if (sigma.isEmpty() || kappa.isEmpty()) {
            return Optional.empty();
        }
        double contention = sigma.getAsDouble();
        double coherency = kappa.getAsDouble();
        return Optional.of(p -> p / (1 + contention * (p - 1) + coherency * p * (p - 1)));
    }

    private static double curveMax(Optional<DoubleUnaryOperator> curve, double maxWorkers) {
        double max = 0;
        if (curve.isPresent()) {
            for (int i = 0; i <= CURVE_SEGMENTS; i++) {
                double value = curve.get().applyAsDouble(1 + (maxWorkers - 1) * i / CURVE_SEGMENTS);
                if (Double.isFinite(value)) {
                    max = Math.max(max, value);
                }
            }
        }
        return max;
    }

    /** The curve over the workers 1 to {@code maxWorkers}, leaving out samples that are not finite. */
    private static String curve(ChartFrame frame, DoubleUnaryOperator curve, double maxWorkers, String cssClass) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= CURVE_SEGMENTS; i++) {
            double p = 1 + (maxWorkers - 1) * i / CURVE_SEGMENTS;
            double value = curve.applyAsDouble(p);
            if (!Double.isFinite(value)) {
                continue;
            }
            // Far outside the plot SVG coordinates would only grow; the clip path hides the rest.
            double y = Math.max(-10 * ChartFrame.HEIGHT, Math.min(10 * ChartFrame.HEIGHT, frame.y(value)));
            points.append(points.length() == 0 ? "" : " ")
                    .append(ChartFrame.number(frame.x(p)))
                    .append(',')
                    .append(ChartFrame.number(y));
        }
        return "<polyline class=\"" + cssClass + "\" points=\"" + points + "\"/>\n";
    }

    private static List<LegendEntry> legend(boolean amdahl, boolean usl, boolean bounds, boolean cores) {
        List<LegendEntry> entries = new ArrayList<>();
        entries.add(new LegendEntry(Shape.DOT, "swatch-point", "median speedup with interval"));
        entries.add(new LegendEntry(Shape.LINE, "swatch-ideal", "ideal S = p"));
        if (amdahl) {
            entries.add(new LegendEntry(Shape.LINE, "swatch-amdahl", "Amdahl fit"));
        }
        if (usl) {
            entries.add(new LegendEntry(Shape.LINE, "swatch-usl", "USL fit"));
        }
        if (bounds) {
            entries.add(new LegendEntry(Shape.LINE, "swatch-bound", "bound"));
        }
        if (cores) {
            entries.add(new LegendEntry(Shape.LINE, "swatch-cores", "effective cores"));
        }
        return entries;
    }
}
