package io.github.parallelruns.internal.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations in JUnit's format: a whole number and an optional unit ({@code ns}, {@code us},
 * {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}; case-insensitive; seconds when
 * none), with optional spaces between them.
 */
final class DurationParser {

    static final String FORMAT = "a whole number and a unit (ns, us, ms, s, m, h or d), such as '30s' or '500ms'";

    private static final Pattern PATTERN =
            Pattern.compile("\\s*([+-]?\\d+)\\s*(ns|us|μs|ms|s|m|h|d)?\\s*", Pattern.CASE_INSENSITIVE);

    private static final Map<String, ChronoUnit> UNITS = Map.of(
            "ns", ChronoUnit.NANOS,
            "us", ChronoUnit.MICROS,
            "μs", ChronoUnit.MICROS,
            "ms", ChronoUnit.MILLIS,
            "s", ChronoUnit.SECONDS,
            "m", ChronoUnit.MINUTES,
            "h", ChronoUnit.HOURS,
            "d", ChronoUnit.DAYS);

    /**
     * The longest duration accepted: a year. Longer ones mean "no limit" to a user, and near the
     * nanosecond range of a {@code long} they overflow deadlines ({@code System.nanoTime() + timeout}).
     */
    static final Duration MAX = Duration.ofDays(365);

    private DurationParser() {
    }

    /**
     * The positive duration {@code text} denotes.
     *
     * @throws IllegalArgumentException with the rule that was broken, fit to follow "must be"
     */
    static Duration parsePositive(String text) {
        Matcher matcher = PATTERN.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(FORMAT);
        }
        ChronoUnit unit = matcher.group(2) == null
                ? ChronoUnit.SECONDS
                : UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        Duration duration;
        try {
            duration = Duration.of(Long.parseLong(matcher.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a duration that fits in a Duration (" + FORMAT + ")", e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("greater than zero");
        }
        if (duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("at most 365 days (365d)");
        }
        return duration;
    }
}
