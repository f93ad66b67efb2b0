package io.github.parallelruns.internal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The frame the report's SVG charts share: the plot area, the scales from values to pixels, the
 * grid, the ticks, the axis labels and a legend above the plot.
 *
 * <p>The SVG has no {@code xmlns}: inside HTML the parser puts it in the SVG namespace, and the
 * page stays free of any URL.
 */
final class ChartFrame {

    static final int WIDTH = 680;
    static final int HEIGHT = 380;
    private static final double LEFT = 58;
    private static final double RIGHT = WIDTH - 18;
    private static final double TOP = 52;
    private static final double BOTTOM = HEIGHT - 50;

    /** One axis tick: where it is on the axis and what it says. */
    record Tick(double value, String label) {}

    /** How a legend entry's swatch is drawn. */
    enum Shape {
        LINE,
        DOT,
        BAND
    }

    /** One legend entry; its swatch uses {@code swatchClass}, never the class of the elements it stands for. */
    record LegendEntry(Shape shape, String swatchClass, String label) {}

    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;

    ChartFrame(double xMin, double xMax, double yMin, double yMax) {
        this.xMin = xMin;
        this.xMax = xMax > xMin ? xMax : xMin + 1;
        this.yMin = yMin;
        this.yMax = yMax > yMin ? yMax : yMin + 1;
    }

    double x(double value) {
        return LEFT + (value - xMin) / (xMax - xMin) * (RIGHT - LEFT);
    }

    double y(double value) {
        return BOTTOM - (value - yMin) / (yMax - yMin) * (BOTTOM - TOP);
    }

    double top() {
        return TOP;
    }

    double bottom() {
        return BOTTOM;
    }

    double plotWidth() {
        return RIGHT - LEFT;
    }

    /** The opening tag, an accessible title and a clip path named {@code clipId} for the plot area. */
    void open(StringBuilder svg, String cssClass, String title, String clipId) {
        svg.append("<svg class=\"")
                .append(cssClass)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title))
                .append("\">\n");
        svg.append("<title>").append(Html.escape(title)).append("</title>\n");
        svg.append("<defs><clipPath id=\"")
                .append(clipId)
                .append("\"><rect x=\"")
                .append(number(LEFT))
                .append("\" y=\"")
                .append(number(TOP))
                .append("\" width=\"")
                .append(number(RIGHT - LEFT))
                .append("\" height=\"")
                .append(number(BOTTOM - TOP))
                .append("\"/></clipPath></defs>\n");
    }

    /** Grid lines at the ticks, the axes, the tick labels and the axis labels. */
    void axes(StringBuilder svg, List<Tick> xTicks, List<Tick> yTicks, String xLabel, String yLabel) {
        svg.append("<g class=\"grid\">");
        for (Tick tick : yTicks) {
            double y = y(tick.value());
            svg.append(line(LEFT, y, RIGHT, y, null));
        }
        svg.append("</g>\n<g class=\"axis x-axis\">");
        svg.append(line(LEFT, BOTTOM, RIGHT, BOTTOM, "axis-line"));
        for (Tick tick : xTicks) {
            double x = x(tick.value());
            svg.append(line(x, BOTTOM, x, BOTTOM + 5, "tick"));
            svg.append(text(x, BOTTOM + 18, "middle", "tick-label", tick.label()));
        }
        svg.append(text((LEFT + RIGHT) / 2, HEIGHT - 10, "middle", "axis-label", xLabel));
        svg.append("</g>\n<g class=\"axis y-axis\">");
        svg.append(line(LEFT, TOP, LEFT, BOTTOM, "axis-line"));
        for (Tick tick : yTicks) {
            double y = y(tick.value());
            svg.append(line(LEFT - 5, y, LEFT, y, "tick"));
            svg.append(text(LEFT - 8, y + 4, "end", "tick-label", tick.label()));
        }
        svg.append("<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(16 ")
                .append(number((TOP + BOTTOM) / 2))
                .append(") rotate(-90)\">")
                .append(Html.escape(yLabel))
                .append("</text>");
        svg.append("</g>\n");
    }

    /** The legend above the plot area, in two rows when one is not wide enough. */
    void legend(StringBuilder svg, List<LegendEntry> entries) {
        svg.append("<g class=\"legend\">");
        double x = LEFT;
        double y = 16;
        for (LegendEntry entry : entries) {
            // No text measuring in Java: an average glyph width of the 11px legend font is enough.
            double width = 28 + entry.label().length() * 6.2 + 18;
            if (x > LEFT && x + width - 18 > RIGHT) {
                x = LEFT;
                y += 18;
            }
            switch (entry.shape()) {
                case LINE -> svg.append(line(x, y, x + 22, y, entry.swatchClass()));
                case DOT ->
                    svg.append("<circle class=\"")
                            .append(entry.swatchClass())
                            .append("\" cx=\"")
                            .append(number(x + 11))
                            .append("\" cy=\"")
                            .append(number(y))
                            .append("\" r=\"4\"/>");
                case BAND ->
                    svg.append("<rect class=\"")
                            .append(entry.swatchClass())
                            .append("\" x=\"")
                            .append(number(x + 4))
                            .append("\" y=\"")
                            .append(number(y - 6))
                            .append("\" width=\"14\" height=\"12\"/>");
            }
            svg.append(text(x + 28, y + 4, "start", "legend-label", entry.label()));
            x += width;
        }
        svg.append("</g>\n");
    }

    /** Ticks from 0 to the first tick at or above {@code max}, about {@code target} of them. */
    static List<Tick> ticks(double max, int target, boolean whole) {
        double step = step(max, target, whole);
        List<Tick> ticks = new ArrayList<>();
        int count = (int) Math.ceil(max / step - 1e-9);
        for (int i = 0; i <= count; i++) {
            ticks.add(new Tick(i * step, Figures.plain(i * step)));
        }
        return ticks;
    }

    /** The last tick {@link #ticks} gives: the end of an axis that starts at 0. */
    static double niceEnd(double max, int target, boolean whole) {
        List<Tick> ticks = ticks(max, target, whole);
        return ticks.get(ticks.size() - 1).value();
    }

    private static double step(double max, int target, boolean whole) {
        double raw = (max > 0 && Double.isFinite(max) ? max : 1) / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        double step = nice * magnitude;
        return whole ? Math.max(1, Math.round(step)) : step;
    }

    static String line(double x1, double y1, double x2, double y2, String cssClass) {
        StringBuilder out = new StringBuilder("<line");
        if (cssClass != null) {
            out.append(" class=\"").append(cssClass).append('"');
        }
        return out.append(" x1=\"")
                .append(number(x1))
                .append("\" y1=\"")
                .append(number(y1))
                .append("\" x2=\"")
                .append(number(x2))
                .append("\" y2=\"")
                .append(number(y2))
                .append("\"/>")
                .toString();
    }

    static String text(double x, double y, String anchor, String cssClass, String text) {
        return "<text class=\"" + cssClass + "\" x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\""
                + anchor + "\">" + Html.escape(text) + "</text>";
    }

    /** A pixel coordinate with one decimal, enough on a 680 pixel wide chart. */
    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
