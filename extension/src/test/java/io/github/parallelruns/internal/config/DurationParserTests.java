package io.github.parallelruns.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The grammar DurationParser documents: JUnit's timeout format, read more leniently. */
class DurationParserTests {

    @Test
    void whatJUnitsTimeoutFormatTakesMeansTheSame() {
        assertThat(DurationParser.parsePositive("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parsePositive("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parsePositive("30 s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parsePositive("5ns")).isEqualTo(Duration.ofNanos(5));
        assertThat(DurationParser.parsePositive("5μs")).isEqualTo(Duration.ofNanos(5_000));
        assertThat(DurationParser.parsePositive("5μS")).isEqualTo(Duration.ofNanos(5_000));
        assertThat(DurationParser.parsePositive("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parsePositive("500MS")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parsePositive("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parsePositive("2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parsePositive("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationParser.parsePositive("365d")).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void beyondJUnitsGrammarUsASignLeadingZerosAndWhitespaceAreTaken() {
        assertThat(DurationParser.parsePositive("30us")).isEqualTo(Duration.ofNanos(30_000));
        assertThat(DurationParser.parsePositive("30US")).isEqualTo(Duration.ofNanos(30_000));
        assertThat(DurationParser.parsePositive("+30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parsePositive("030s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parsePositive(" 30 s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parsePositive("30\t\ts\r\n")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anythingElseIsRefusedWithTheRuleItBreaks() {
        String format = "a whole number and a unit (ns, us, ms, s, m, h or d), such as '30s' or '500ms'";
        // JUnit reads a capital Greek mu as micro; the Latin letters alone are case-insensitive here.
        assertThatThrownBy(() -> DurationParser.parsePositive("5ΜS")).hasMessage(format);
        assertThatThrownBy(() -> DurationParser.parsePositive("1.5s")).hasMessage(format);
        assertThatThrownBy(() -> DurationParser.parsePositive("30 sec")).hasMessage(format);
        assertThatThrownBy(() -> DurationParser.parsePositive("1_000s")).hasMessage(format);
        assertThatThrownBy(() -> DurationParser.parsePositive("")).hasMessage(format);
        assertThatThrownBy(() -> DurationParser.parsePositive("0ms")).hasMessage("greater than zero");
        assertThatThrownBy(() -> DurationParser.parsePositive("-5s")).hasMessage("greater than zero");
        assertThatThrownBy(() -> DurationParser.parsePositive("366d")).hasMessage("at most 365 days (365d)");
        assertThatThrownBy(() -> DurationParser.parsePositive("99999999999999999999d"))
                .hasMessage("a duration that fits in a Duration (" + format + ")");
    }
}
