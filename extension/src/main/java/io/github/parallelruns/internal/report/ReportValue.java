package io.github.parallelruns.internal.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One value of a parsed report record, read leniently: records written by older or newer versions
 * may lack keys or hold {@code null} (the JSON form of a non-finite number), so a missing key, a
 * {@code null} and a value of an unexpected type all read as absent instead of failing the page.
 */
final class ReportValue {

    private static final ReportValue ABSENT = new ReportValue(null);

    private final Object value;

    private ReportValue(Object value) {
        this.value = value;
    }

    static ReportValue of(Object value) {
        return value == null ? ABSENT : new ReportValue(value);
    }

    /** The member {@code key} of an object; absent when this is not an object or has no such member. */
    ReportValue get(String key) {
        return value instanceof Map<?, ?> map ? of(map.get(key)) : ABSENT;
    }

    /** The members of an object in their order; empty when this is not an object. */
    Map<String, ReportValue> members() {
        Map<String, ReportValue> members = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, member) -> members.put(String.valueOf(key), of(member)));
        }
        return members;
    }

    /** The items of an array; empty when this is not an array. */
    List<ReportValue> items() {
        return value instanceof List<?> list ? list.stream().map(ReportValue::of).toList() : List.of();
    }

    boolean isPresent() {
        return value != null;
    }

    boolean isObject() {
        return value instanceof Map<?, ?>;
    }

    /** A string as it is, a number or a boolean as written in JSON; empty when absent or blank. */
    Optional<String> text() {
        if (value instanceof String string) {
            return string.isBlank() ? Optional.empty() : Optional.of(string);
        }
        if (value instanceof Double number) {
            return Double.isFinite(number) ? Optional.of(Figures.significant(number)) : Optional.empty();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    /** A finite number; empty when absent, not a number or not finite. */
    OptionalDouble number() {
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return OptionalDouble.of(number.doubleValue());
        }
        return OptionalDouble.empty();
    }

    /** True only for the JSON literal {@code true}. */
    boolean isTrue() {
        return Boolean.TRUE.equals(value);
    }
}
