package io.github.parallelruns.internal.report.model;

import java.util.Optional;
import java.util.OptionalInt;

/** The JSON form of the model's values that may be absent: {@code null}. */
final class JsonValues {

    private JsonValues() {}

    static Integer count(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    static String text(Optional<String> value) {
        return value.orElse(null);
    }

    static String name(Optional<? extends Enum<?>> value) {
        return value.map(Enum::name).orElse(null);
    }
}
