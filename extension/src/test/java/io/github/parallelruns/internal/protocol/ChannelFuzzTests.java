package io.github.parallelruns.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Records from a worker that is broken or hostile: random bytes and valid failure records with bytes
 * flipped, cut short or set to extreme counts. Each is decoded as the coordinator decodes a failure,
 * and must either decode or be refused as malformed; never run out of memory, overflow the stack,
 * throw anything else, or take long.
 */
class ChannelFuzzTests {

    private static final long SEED = 13;
    private static final int[] EXTREMES = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0x7fff_fff0, 1 << 24, 65_536};

    @Test
    void randomAndMutatedFailureRecordsDecodeOrAreRefusedAsMalformed() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom random = new SplittableRandom(SEED);
            List<byte[]> valid = validRecords();
            Tally tally = new Tally();
            long started = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                byte[] bytes = new byte[random.nextInt(600)];
                random.nextBytes(bytes);
                tally.decode("random " + i, bytes);
            }
            for (int i = 0; i < 1_500; i++) {
                byte[] bytes = pick(valid, random).clone();
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                tally.decode("flipped " + i, bytes);
            }
            for (int i = 0; i < 500; i++) {
                byte[] bytes = pick(valid, random);
                tally.decode("cut " + i, Arrays.copyOf(bytes, random.nextInt(bytes.length)));
            }
            for (int i = 0; i < 1_500; i++) {
                byte[] bytes = pick(valid, random).clone();
                int at = random.nextInt(bytes.length - 3);
                int value = EXTREMES[random.nextInt(EXTREMES.length)];
                bytes[at] = (byte) (value >>> 24);
                bytes[at + 1] = (byte) (value >>> 16);
                bytes[at + 2] = (byte) (value >>> 8);
                bytes[at + 3] = (byte) value;
                tally.decode("extreme " + i, bytes);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "ChannelFuzzTests: %d records (seed %d), %d decoded, %d refused as malformed, in %.2f s;"
                            + " the slowest took %.1f ms%n",
                    tally.cases, SEED, tally.decoded, tally.refused, seconds, tally.slowestNanos / 1e6);
            assertThat(tally.cases).isEqualTo(4_500);
            // Both outcomes occur: the mutations reach past the first fields.
            assertThat(tally.decoded).isGreaterThan(100);
            assertThat(tally.refused).isGreaterThan(1_000);
        });
    }

    private static byte[] pick(List<byte[]> records, SplittableRandom random) {
        return records.get(random.nextInt(records.size()));
    }

    private static List<byte[]> validRecords() throws IOException {
        List<Throwable> failures = new ArrayList<>();
        failures.add(new IllegalStateException("boom", new IOException("disk")));
        RuntimeException withSuppressed = new RuntimeException("outer");
        withSuppressed.addSuppressed(new IllegalArgumentException("cleanup"));
        withSuppressed.addSuppressed(new AssertionError((Object) null));
        failures.add(withSuppressed);
        failures.add(new AssertionFailedError("differs", List.of(1, 2), List.of(1)));
        failures.add(new TestAbortedException("skip \u00e9\u221e \ud83d\ude00"));
        Throwable chain = new RuntimeException("bottom");
        for (int i = 0; i < 40; i++) {
            chain = new RuntimeException("level " + i, chain);
        }
        failures.add(chain);
        List<byte[]> records = new ArrayList<>();
        for (Throwable failure : failures) {
            withFixedFrames(failure);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ThrowableCodec.write(new DataOutputStream(bytes), failure);
            records.add(bytes.toByteArray());
        }
        return records;
    }

    /** The same frames on every JDK, so that every JDK decodes the same records. */
    private static void withFixedFrames(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            t.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("app", null, null, "com.example.Orders", "place", "Orders.java", 42),
                new StackTraceElement(null, "java.base", "17", "java.util.ArrayList", "get", "ArrayList.java", 427),
                new StackTraceElement("com.example.Orders$$Lambda$14", "run", null, -1),
                new StackTraceElement("com.example.Native", "call", "Native.java", -2)
            });
            for (Throwable suppressed : t.getSuppressed()) {
                withFixedFrames(suppressed);
            }
        }
    }

    private static final class Tally {
        int cases;
        int decoded;
        int refused;
        long slowestNanos;

        void decode(String name, byte[] bytes) {
            cases++;
            long started = System.nanoTime();
            try {
                ThrowableCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
                decoded++;
            } catch (MalformedRecordException e) {
                assertThat(e.getMessage()).as(name).isNotBlank();
                refused++;
            } catch (Throwable e) {
                fail(name + " (" + bytes.length + " bytes: " + hex(bytes) + ") threw " + e, e);
            }
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
        }

        private static String hex(byte[] bytes) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 200); i++) {
                text.append(String.format("%02x", bytes[i]));
            }
            return bytes.length > 200 ? text + "..." : text.toString();
        }
    }
}
