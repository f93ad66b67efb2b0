package io.github.parallelruns.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTests {

    @Test
    void writesAndReadsBackEveryKindOfValueInOrder() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 non-ASCII é ∞");
        value.put("integer", 42L);
        value.put("negative", -7L);
        value.put("decimal", 3.25);
        value.put("small", 0.000123456789);
        value.put("large", 1.5e20);
        value.put("yes", true);
        value.put("nothing", null);
        value.put("flat", List.of(1L, 2L, 3L));
        value.put("nested", List.of(Map.of("a", 1L), new ArrayList<>()));
        value.put("empty", new LinkedHashMap<>());

        Object read = Json.read(Json.write(value));

        assertThat(read).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) read;
        assertThat(map.keySet()).containsExactlyElementsOf(value.keySet());
        assertThat(map)
                .containsEntry("text", value.get("text"))
                .containsEntry("integer", 42L)
                .containsEntry("negative", -7L)
                .containsEntry("decimal", 3.25)
                .containsEntry("yes", true)
                .containsEntry("nothing", null)
                .containsEntry("flat", List.of(1L, 2L, 3L));
        assertThat((Double) map.get("small")).isEqualTo(0.000123456789);
        assertThat((Double) map.get("large")).isEqualTo(1.5e20);
        assertThat(map.get("nested")).isEqualTo(List.of(Map.of("a", 1L), List.of()));
        assertThat(map.get("empty")).isEqualTo(Map.of());
    }

    @Test
    void decimalsKeepTenSignificantDigitsAndReadBackAsDecimals() {
        assertThat(Json.write(List.of(123456.789, 2.0, 0.0, 1.0 / 3, 1e-9, 100.0)))
                .isEqualTo("[123456.789, 2.0, 0.0, 0.3333333333, 1E-9, 100.0]\n");
        assertThat(Json.read("[123456.789, 100.0]")).isEqualTo(List.of(123456.789, 100.0));
    }

    @Test
    void unpairedSurrogatesAreEscapedSoTheTextCanBeEncoded() {
        String name = "fuzz \ud800 end \ud83d\ude00";

        String json = Json.write(name);

        assertThat(json).isEqualTo("\"fuzz \\ud800 end \\ud83d\\ude00\"\n");
        assertThat(Json.read(json)).isEqualTo(name);
        assertThatThrownBy(() -> Json.read("\"\\u+04A\"")).hasMessageContaining("expected 4 hex digits");
    }

    @Test
    void numbersWithoutAJsonFormAreWrittenAsNull() {
        assertThat(Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.0)))
                .isEqualTo("[null, null, null, 2.0]\n");
    }

    @Test
    void readsEscapesAndWhitespace() {
        assertThat(Json.read(" { \"a\" : [ \"\\u00e9\\/\\n\" , -1.5e2 , false ] } "))
                .isEqualTo(Map.of("a", List.of("é/\n", -150.0, false)));
    }

    @Test
    void refusesTextThatIsNotOneJsonValueNamingTheLineAndColumn() {
        assertThatThrownBy(() -> Json.read("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not valid JSON at line 3, column 7: expected ':', but found '2\n}'");
        assertThatThrownBy(() -> Json.read("[1, 2"))
                .hasMessage("not valid JSON at line 1, column 6: expected more text, but found the end of the text");
        assertThatThrownBy(() -> Json.read("{} x"))
                .hasMessage("not valid JSON at line 1, column 4: expected the end of the text, but found 'x'");
        assertThatThrownBy(() -> Json.read("\"\\q\""))
                .hasMessageStartingWith("not valid JSON at line 1, column 3: expected one of");
        assertThatThrownBy(() -> Json.read("nul")).hasMessageContaining("expected a value");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedNamingThePositionInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000);
        String withinTheLimit = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        String objects = "{\"a\": ".repeat(Json.MAX_DEPTH + 1);

        assertThatThrownBy(() -> Json.read(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nested too deeply at line 1, column " + (Json.MAX_DEPTH + 1) + ": more than "
                        + Json.MAX_DEPTH + " arrays and objects inside one another");
        assertThat(Json.read(withinTheLimit)).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.read(objects))
                .hasMessage("nested too deeply at line 1, column " + (6 * Json.MAX_DEPTH + 1) + ": more than "
                        + Json.MAX_DEPTH + " arrays and objects inside one another");
    }

    @Test
    void refusesValuesItCannotWrite() {
        assertThatThrownBy(() -> Json.write(List.of(new Object() {
                    @Override
                    public String toString() {
                        return "odd";
                    }
                })))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("as JSON: odd");
    }
}
