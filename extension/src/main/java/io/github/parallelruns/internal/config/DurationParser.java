package io.github.parallelruns.internal.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations in JUnit's format for {@code @Timeout} and
 * {@code junit.jupiter.execution.timeout.default}, {@code <number> [ns|μs|ms|s|m|h|d]}, read more
 * leniently. Accepted, in this order: optional whitespace; an optional sign, {@code +} or {@code -};
 * one or more ASCII digits, leading zeros allowed; optional whitespace; an optional unit; optional
 * whitespace. The units are {@code ns}, {@code us} or {@code μs} (the Greek small letter mu, U+03BC),
 * {@code ms}, {@code s}, {@code m}, {@code h} and {@code d}, their Latin letters in either case; no
 * unit means seconds. Whitespace is any of space, tab, line feed, vertical tab, form feed and
 * carriage return. The duration must then be greater than zero and at most {@link #MAX}.
 *
 * <p>So every value JUnit takes, up to 365 days, means the same here, but for a capital Greek
 * {@code Μ} ({@code 5ΜS}), which JUnit reads as micro. Beyond JUnit's grammar ({@code [1-9]\d*},
 * then at most one space), {@code us}, a sign, leading zeros and whitespace around and between the
 * parts are taken: {@code 30us}, {@code " 30 s "} (a properties file keeps trailing spaces), and
 * {@code 0ms} or {@code -5s} are refused as not greater than zero rather than as malformed.
 * Narrowing to JUnit's grammar would refuse values that configurations of ParallelRuns may hold.
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

    private DurationParser() {}

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
