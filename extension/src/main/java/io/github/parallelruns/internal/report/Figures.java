package io.github.parallelruns.internal.report;

import io.github.parallelruns.internal.report.model.Estimate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How the HTML report writes numbers, in one place so the table, the sections and the charts agree:
 * always with a dot for decimals, and {@value #NONE} for a figure that is missing.
 */
final class Figures {

    /** Shown for a missing figure. */
    static final String NONE = "\u2014";

    /** Shown for an unbounded upper end. */
    static final String UNBOUNDED = "\u221e";

    private Figures() {}

    /** {@code 3.91x}. */
    static String times(OptionalDouble speedup) {
        return speedup.isPresent() ? times(speedup.getAsDouble()) : NONE;
    }

    static String times(double speedup) {
        return String.format(Locale.ROOT, "%.2fx", speedup);
    }

    /**
     * {@code 3.91x [3.85, 3.97]}; an infinite upper end is unbounded ({@code [3.85, ∞)}), an unknown
     * speedup gives {@value #NONE}, and a speedup without any end of its interval stands alone.
     */
    static String speedupWithInterval(Estimate estimate) {
        OptionalDouble speedup = finite(estimate.value());
        if (speedup.isEmpty()) {
            return NONE;
        }
        if (estimate.hasNoInterval()) {
            return times(speedup);
        }
        OptionalDouble upper = finite(estimate.upper());
        String upperEnd;
        if (upper.isPresent()) {
            upperEnd = twoDecimals(upper) + "]";
        } else {
            upperEnd = estimate.upper() == Double.POSITIVE_INFINITY ? UNBOUNDED + ")" : NONE + "]";
        }
        return times(speedup) + " [" + twoDecimals(finite(estimate.lower())) + ", " + upperEnd;
    }

    /** A finite figure; empty when it is NaN or infinite (not known, or written as {@code null}). */
    static OptionalDouble finite(double value) {
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /** A count, or {@value #NONE}. */
    static String count(OptionalInt count) {
        return count.isPresent() ? String.valueOf(count.getAsInt()) : NONE;
    }

    /** A count as a sort key of the summary table. */
    static OptionalDouble sortKey(OptionalInt count) {
        return count.isPresent() ? OptionalDouble.of(count.getAsInt()) : OptionalDouble.empty();
    }

    /** {@code 97.5 %} for the fraction 0.975. */
    static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? String.format(Locale.ROOT, "%.1f %%", fraction.getAsDouble() * 100) : NONE;
    }

    /** A fraction with three decimals, as Karp-Flatt's serial fraction is usually quoted. */
    static String fraction(OptionalDouble fraction) {
        return fraction.isPresent() ? String.format(Locale.ROOT, "%.3f", fraction.getAsDouble()) : NONE;
    }

    /** {@code 400.1 ms} below a second, {@code 5.00 s} above. */
    static String duration(OptionalDouble millis) {
        if (millis.isEmpty()) {
            return NONE;
        }
        double ms = millis.getAsDouble();
        return Math.abs(ms) < 1000
                ? String.format(Locale.ROOT, "%.1f ms", ms)
                : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    /** Three significant digits without an exponent: {@code 0.0001}, {@code 12.3}, {@code 4}. */
    static String significant(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value)
                .round(new MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String significant(OptionalDouble value) {
        return value.isPresent() ? significant(value.getAsDouble()) : NONE;
    }

    /** A whole number as such, any other with up to two decimals: axis ticks and counts. */
    static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String twoDecimals(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : NONE;
    }
}
