package io.github.parallelruns.internal.report.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * One JSON object of a file, read leniently as the package describes: a member that is missing or
 * of another type reads as "not known" instead of failing, and unknown members are never looked at.
 */
final class JsonObject {

    private static final JsonObject EMPTY = new JsonObject(Map.of());

    private final Map<?, ?> members;

    private JsonObject(Map<?, ?> members) {
        this.members = members;
    }

    /** {@code value} as an object; one without members when it is not an object. */
    static JsonObject of(Object value) {
        return value instanceof Map<?, ?> map ? new JsonObject(map) : EMPTY;
    }

    /** Whether the member is there, {@code null} or not. */
    boolean has(String key) {
        return members.containsKey(key);
    }

    /** A text, or empty when missing or not a text. */
    Optional<String> optionalText(String key) {
        return members.get(key) instanceof String text ? Optional.of(text) : Optional.empty();
    }

    /** A text, or the empty string when missing or not a text. */
    String text(String key) {
        return optionalText(key).orElse("");
    }

    /** A number, NaN when missing or not a number. */
    double number(String key) {
        return members.get(key) instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    /** A number whose {@code null} stands for positive infinity; NaN when missing or not a number. */
    double unbounded(String key) {
        return members.containsKey(key) && members.get(key) == null ? Double.POSITIVE_INFINITY : number(key);
    }

    /** A whole number in the range of {@code int}, else empty. */
    OptionalInt integer(String key) {
        return whole(members.get(key));
    }

    /** True only for JSON's {@code true}. */
    boolean flag(String key) {
        return Boolean.TRUE.equals(members.get(key));
    }

    Optional<Boolean> optionalFlag(String key) {
        return members.get(key) instanceof Boolean flag ? Optional.of(flag) : Optional.empty();
    }

    /** The constant of {@code type} named by a text, else empty. */
    <E extends Enum<E>> Optional<E> constant(String key, Class<E> type) {
        Optional<String> name = optionalText(key);
        for (E constant : type.getEnumConstants()) {
            if (name.isPresent() && constant.name().equals(name.get())) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /** An ISO-8601 instant, else empty. */
    Optional<Instant> instant(String key) {
        try {
            return optionalText(key).map(Instant::parse);
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
    }

    /** A member object, empty when missing or not an object. */
    Optional<JsonObject> object(String key) {
        return members.get(key) instanceof Map<?, ?> map ? Optional.of(new JsonObject(map)) : Optional.empty();
    }

    /**
     * The items of a list of objects, each read with {@code read}; an item that is not an object reads as
     * {@code unknown}.
     */
    <T> List<T> objects(String key, Function<JsonObject, T> read, T unknown) {
        List<T> items = new ArrayList<>();
        if (members.get(key) instanceof List<?> list) {
            for (Object item : list) {
                items.add(item instanceof Map<?, ?> ? read.apply(of(item)) : unknown);
            }
        }
        return items;
    }

    /** The whole numbers of a list, leaving out other items. */
    List<Integer> integers(String key) {
        List<Integer> items = new ArrayList<>();
        if (members.get(key) instanceof List<?> list) {
            for (Object item : list) {
                whole(item).ifPresent(items::add);
            }
        }
        return items;
    }

    private static OptionalInt whole(Object value) {
        if (value instanceof Number number) {
            double figure = number.doubleValue();
            if (figure == Math.rint(figure) && figure >= Integer.MIN_VALUE && figure <= Integer.MAX_VALUE) {
                return OptionalInt.of((int) figure);
            }
        }
        return OptionalInt.empty();
    }
}
