package io.github.parallelruns.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Damaged report and baseline files: random texts, valid ones with characters changed, cut short or
 * nested very deeply. Each must read, or be refused with the position named; never overflow the stack,
 * throw anything else, or take long.
 */
class JsonFuzzTests {

    private static final long SEED = 13;
    private static final String SIGNIFICANT = "{}[]\":,\\/-+.eE0123456789tfnulrsa \n\u00e9\ud83d";

    @Test
    void randomMutatedAndDeeplyNestedTextsReadOrAreRefusedNamingThePosition() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom random = new SplittableRandom(SEED);
            List<String> valid = validTexts();
            Tally tally = new Tally();
            long started = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                tally.read("random " + i, randomText(random, random.nextInt(300)));
            }
            for (int i = 0; i < 2_000; i++) {
                StringBuilder text = new StringBuilder(pick(valid, random));
                for (int changes = 1 + random.nextInt(6); changes > 0; changes--) {
                    int at = random.nextInt(text.length() + 1);
                    int change = at == text.length() ? 2 : random.nextInt(3);
                    if (change == 0) {
                        text.setCharAt(at, SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length())));
                    } else if (change == 1) {
                        text.deleteCharAt(at);
                    } else {
                        text.insert(at, randomText(random, 1 + random.nextInt(4)));
                    }
                }
                tally.read("changed " + i, text.toString());
            }
            for (int i = 0; i < 500; i++) {
                String text = pick(valid, random);
                tally.read("cut " + i, text.substring(0, random.nextInt(text.length())));
            }
            for (int i = 0; i < 500; i++) {
                String text = pick(valid, random);
                int at = random.nextInt(text.length());
                String opening = random.nextBoolean() ? "[" : "{\"k\": ";
                int depth = random.nextInt(2) == 0 ? random.nextInt(Json.MAX_DEPTH + 10) : random.nextInt(200_000);
                tally.read("nested " + i, text.substring(0, at) + opening.repeat(depth) + text.substring(at));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "JsonFuzzTests: %d texts (seed %d), %d read, %d refused naming the position, in %.2f s;"
                            + " the slowest took %.1f ms%n",
                    tally.cases, SEED, tally.read, tally.refused, seconds, tally.slowestNanos / 1e6);
            assertThat(tally.cases).isEqualTo(4_000);
            assertThat(tally.read).isGreaterThan(100);
            assertThat(tally.refused).isGreaterThan(1_000);
        });
    }

    private static String randomText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(
                    random.nextInt(4) == 0
                            ? (char) random.nextInt(0x10000)
                            : SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length())));
        }
        return text.toString();
    }

    private static String pick(List<String> texts, SplittableRandom random) {
        return texts.get(random.nextInt(texts.size()));
    }

    private static List<String> validTexts() {
        List<String> texts = new ArrayList<>();
        SampleRecords.json().forEach(record -> texts.add(Json.write(record)));
        texts.add("{\"schema\": \"parallel-runs-baseline\", \"schemaVersion\": 1, \"tests\": {\"t1\": {\"mode\": "
                + "\"THREADS\", \"tasks\": 8, \"points\": [{\"workers\": 4, \"speedup\": 3.9, \"lower\": -1.5e2}]}}}");
        texts.add("[\"\\u00e9\\/\\n\\\"\", true, false, null, 0, -0.5, 1E+3, {}, []]");
        return texts;
    }

    private static final class Tally {
        int cases;
        int read;
        int refused;
        long slowestNanos;

        void read(String name, String text) {
            cases++;
            long started = System.nanoTime();
            try {
                Json.read(text);
                read++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage())
                        .as(name)
                        .matches("(?s)(not valid JSON|nested too deeply) at line \\d+, " + "column \\d+: .+");
                refused++;
            } catch (Throwable e) {
                String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
                fail(name + " (" + text.length() + " characters: " + shown + ") threw " + e, e);
            }
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
        }
    }
}
