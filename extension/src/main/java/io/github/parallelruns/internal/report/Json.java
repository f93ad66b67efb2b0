package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The JSON of the report files and the baseline file, without a dependency: values are {@link Map}
 * (object, key order kept), {@link List} (array), {@link String}, {@link Number}, {@link Boolean}
 * and {@code null}.
 *
 * <p>Numbers that are not finite (NaN, infinities) have no JSON form and are written as
 * {@code null}; integral numbers read back as {@link Long}, all others as {@link Double}.
 */
@API(status = INTERNAL, since = "0.1")
public final class Json {

    /** The deepest nesting of arrays and objects read; deeper text is refused instead of overflowing the stack. */
    static final int MAX_DEPTH = 512;

    private Json() {}

    /** {@code value} as indented JSON text with a final line break. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    /**
     * Reads one JSON value.
     *
     * @throws IllegalArgumentException naming the position and what was expected, when {@code text}
     *     is not one JSON value, or nests arrays and objects more than {@value #MAX_DEPTH} deep
     */
    public static Object read(String text) {
        Reader reader = new Reader(text);
        reader.skipSpace();
        Object value = reader.value();
        reader.skipSpace();
        if (reader.position < text.length()) {
            throw reader.error("the end of the text");
        }
        return value;
    }

    private static void write(Object value, StringBuilder out, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            string((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            out.append(Double.isFinite(number) ? decimal(number) : "null");
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            String separator = "\n";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator);
                newLine(out, indent + 1);
                string(String.valueOf(entry.getKey()), out);
                out.append(": ");
                write(entry.getValue(), out, indent + 1);
                separator = ",\n";
            }
            out.append('\n');
            newLine(out, indent);
            out.append('}');
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            boolean flat = list.stream().noneMatch(item -> item instanceof Map || item instanceof List);
            out.append('[');
            String separator = flat ? "" : "\n";
            for (Object item : list) {
                out.append(separator);
                if (!flat) {
                    newLine(out, indent + 1);
                }
                write(item, out, indent + 1);
                separator = flat ? ", " : ",\n";
            }
            if (!flat) {
                out.append('\n');
                newLine(out, indent);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    "cannot write a " + value.getClass().getName() + " as JSON: " + value);
        }
    }

    private static void newLine(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

    /**
     * Up to 10 significant digits, without an exponent for ordinary magnitudes, and always with a
     * fraction or exponent so that it reads back as a decimal, never as a whole number.
     */
    private static String decimal(double number) {
        BigDecimal rounded = new BigDecimal(number).round(SIGNIFICANT).stripTrailingZeros();
        double magnitude = Math.abs(number);
        String text = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15)
                ? rounded.toPlainString()
                : rounded.toString();
        return text.contains(".") || text.contains("E") ? text : text + ".0";
    }

    private static final MathContext SIGNIFICANT = new MathContext(10, RoundingMode.HALF_EVEN);

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    // Surrogates always escaped: an unpaired one (a fuzzed display name) cannot be encoded as UTF-8.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static final class Reader {

        private final String text;
        private int position;
        private int depth;

        Reader(String text) {
            this.text = text;
        }

        Object value() {
            if (position >= text.length()) {
                throw error("a value");
            }
            char c = text.charAt(position);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("a value");
            }
        }

        private Map<String, Object> object() {
            enter();
            Map<String, Object> map = new LinkedHashMap<>();
            position++;
            skipSpace();
            if (peek() == '}') {
                position++;
                depth--;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("a quoted key");
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    position++;
                } else {
                    expect('}');
                    depth--;
                    return map;
                }
            }
        }

        private List<Object> array() {
            enter();
            List<Object> list = new ArrayList<>();
            position++;
            skipSpace();
            if (peek() == ']') {
                position++;
                depth--;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    position++;
                } else {
                    expect(']');
                    depth--;
                    return list;
                }
            }
        }

        private String string() {
            position++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw error("the closing quote of a string");
                }
                char c = text.charAt(position++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (position >= text.length()) {
                    throw error("an escaped character");
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case '"':
                    case '\\':
                    case '/':
                        out.append(escaped);
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'n':
                        out.append('\n');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'u':
                        if (position + 4 > text.length()
                                || !text.substring(position, position + 4).matches("[0-9A-Fa-f]{4}")) {
                            throw error("4 hex digits");
                        }
                        out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                        break;
                    default:
                        position--;
                        throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u");
                }
            }
        }

        private Number number() {
            int start = position;
            boolean integral = true;
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '.' || c == 'e' || c == 'E') {
                    integral = false;
                } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
                    break;
                }
                position++;
            }
            String number = text.substring(start, position);
            try {
                if (integral) {
                    try {
                        return Long.parseLong(number);
                    } catch (NumberFormatException tooLong) {
                        return Double.parseDouble(number);
                    }
                }
                return Double.parseDouble(number);
            } catch (NumberFormatException e) {
                position = start;
                throw error("a number");
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw error("a value");
            }
            position += word.length();
            return value;
        }

        private char peek() {
            if (position >= text.length()) {
                throw error("more text");
            }
            return text.charAt(position);
        }

        private void expect(char c) {
            if (position >= text.length() || text.charAt(position) != c) {
                throw error("'" + c + "'");
            }
            position++;
        }

        void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested too deeply at " + where() + ": more than " + MAX_DEPTH
                        + " arrays and objects inside one another");
            }
        }

        IllegalArgumentException error(String expected) {
            String found = position >= text.length()
                    ? "the end of the text"
                    : "'" + text.substring(position, Math.min(text.length(), position + 20)) + "'";
            return new IllegalArgumentException(
                    "not valid JSON at " + where() + ": expected " + expected + ", but found " + found);
        }

        private String where() {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(position, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return "line " + line + ", column " + column;
        }
    }
}
