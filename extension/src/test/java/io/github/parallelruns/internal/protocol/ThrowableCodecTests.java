package io.github.parallelruns.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Failures cross from worker to coordinator as data, whatever they are. */
class ThrowableCodecTests {

    @Test
    void classMessageStackCauseAndSuppressedSurvive() throws IOException {
        IllegalStateException original = new IllegalStateException("boom", new IOException("disk"));
        original.addSuppressed(new RuntimeException("cleanup"));

        Throwable copy = roundTrip(original);

        assertThat(copy).hasToString("java.lang.IllegalStateException: boom").isInstanceOf(RuntimeException.class);
        assertThat(((RemoteThrowable) copy).originalClassName()).isEqualTo("java.lang.IllegalStateException");
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getCause()).hasToString("java.io.IOException: disk");
        assertThat(copy.getSuppressed()).singleElement().hasToString("java.lang.RuntimeException: cleanup");
    }

    @Test
    void aClassTheCoordinatorDoesNotHaveIsNamedAsItWas() throws IOException {
        Throwable copy = roundTrip(new OnlyInTheWorker("custom"));

        assertThat(copy).hasToString(OnlyInTheWorker.class.getName() + ": custom");
        // Rebuilt as another class, it is named by the one it had, as a local failure is by its own.
        assertThat(copy).isNotInstanceOf(OnlyInTheWorker.class);
        assertThat(RemoteThrowable.classNameOf(copy)).isEqualTo(OnlyInTheWorker.class.getName());
        assertThat(RemoteThrowable.classNameOf(new OnlyInTheWorker("here"))).isEqualTo(OnlyInTheWorker.class.getName());
    }

    @Test
    void assertionFailuresKeepTheirKindAndValuesAsText() throws IOException {
        Throwable copy = roundTrip(new AssertionFailedError("differs", List.of(1, 2), List.of(1)));

        assertThat(copy).isInstanceOf(AssertionFailedError.class).hasMessage("differs");
        assertThat(((AssertionFailedError) copy).getExpected().getStringRepresentation())
                .isEqualTo("[1, 2]");
        assertThat(((AssertionFailedError) copy).getActual().getStringRepresentation())
                .isEqualTo("[1]");
        assertThat(roundTrip(new AssertionError("plain"))).isInstanceOf(AssertionError.class);
        assertThat(roundTrip(new TestAbortedException("skip"))).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void cyclicCausesEndInsteadOfLoopingForever() throws IOException {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        Throwable copy = roundTrip(first);

        assertThat(copy.getCause()).hasMessage("second");
        assertThat(copy.getCause().getCause()).isNull();
    }

    @Test
    void aHugeMessageAndADeepChainArriveBounded() throws IOException {
        Throwable deep = new RuntimeException("x".repeat(10_000_000));
        for (int i = 0; i < 100; i++) {
            deep = new RuntimeException("level " + i, deep);
        }

        Throwable copy = roundTrip(deep);

        int depth = 0;
        for (Throwable t = copy; t != null; t = t.getCause()) {
            depth++;
        }
        assertThat(depth).isEqualTo(ThrowableCodec.MAX_DEPTH);
        assertThat(roundTrip(new RuntimeException("x".repeat(10_000_000))).getMessage())
                .startsWith("x".repeat(ThrowableCodec.MAX_STRING))
                .endsWith("... [" + (10_000_000 - ThrowableCodec.MAX_STRING)
                        + " more characters not sent by the worker]");
    }

    @Test
    void aFailureNeverOutgrowsTheChannelsRecordLimit() throws IOException {
        RuntimeException huge = new RuntimeException("m".repeat(5_000_000));
        for (int i = 0; i < 100; i++) {
            huge.addSuppressed(new RuntimeException("s".repeat(5_000_000)));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ThrowableCodec.write(new DataOutputStream(bytes), huge);

        assertThat(bytes.size()).isLessThan(Channel.MAX_RECORD);
    }

    @Test
    void aHundredFailuresOfAHundredSuppressedEachAreCutToTheBudgetKeepingTheFirstOnesWholeAndSayingWhatIsLeft()
            throws IOException {
        IllegalStateException original = LargeFailures.hundredFailuresOfAHundredEach();

        byte[] bytes = encode(original);

        // Whole, it is about 90 MB: more than the 64 MiB a record may hold.
        assertThat(bytes.length).isLessThanOrEqualTo(ThrowableCodec.BUDGET);
        Throwable copy = decode(bytes);
        long[] sent = throwablesAndFrames(copy);
        assertThat(copy)
                .hasMessage(String.format(
                        Locale.ROOT,
                        "the run failed [not sent by the worker: %,d suppressed "
                                + "exceptions and %,d stack frames (the failure is over 16 MiB)]",
                        LargeFailures.THROWABLES - sent[0],
                        (long) LargeFailures.THROWABLES * LargeFailures.FRAMES - sent[1]));
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        // Each of the first failures takes about 1 MiB with its own suppressed ones: the first ten fit whole.
        for (int i = 0; i < 10; i++) {
            assertSameFailure(copy.getSuppressed()[i], original.getSuppressed()[i]);
        }
        assertThat(sent[0]).isLessThan(LargeFailures.THROWABLES);
    }

    @Test
    void whatTheLimitsOnSuppressedAndDepthLeaveOutIsNamedOnTheFailure() throws IOException {
        // Without frames, so that only the suppressed exceptions and causes are counted.
        RuntimeException many = withoutFrames(new RuntimeException("many"));
        for (int i = 0; i < 150; i++) {
            many.addSuppressed(withoutFrames(new RuntimeException("suppressed " + i)));
        }
        Throwable deep = withoutFrames(new RuntimeException("bottom"));
        for (int i = 0; i < 40; i++) {
            deep = withoutFrames(new RuntimeException("level " + i, deep));
        }

        assertThat(roundTrip(many))
                .hasMessage("many [not sent by the worker: 50 suppressed exceptions (more than 100 "
                        + "suppressed on one exception)]");
        // 41 in the chain, 32 sent.
        assertThat(roundTrip(deep))
                .hasMessage("level 39 [not sent by the worker: 9 causes (nested more than 32 " + "deep)]");
        assertThat(roundTrip(new RuntimeException("small"))).hasMessage("small");
    }

    @Test
    void aFrameCountLargerThanTheRecordIsRefusedNamingItWithoutAllocatingTheFrames() throws IOException {
        RuntimeException noFrames = new RuntimeException();
        noFrames.setStackTrace(new StackTraceElement[0]);
        byte[] bytes = encode(noFrames);
        // It ends with the frame count, the absent cause and the suppressed count.
        int frameCount = bytes.length - 9;
        assertThat(Arrays.copyOfRange(bytes, frameCount, bytes.length)).containsOnly(0);
        writeInt(bytes, frameCount, Integer.MAX_VALUE);

        assertThatThrownBy(() -> decode(bytes))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("2147483647 stack frames cannot be in the 5 bytes left of the record");
    }

    @Test
    void aChainNestedDeeperThanAnyWriterSendsIsRefusedInsteadOfOverflowingTheStack() {
        int levels = 100_000;
        DataRecord record = new DataRecord();
        for (int i = 0; i < levels; i++) {
            // present, class "X", kind, no message, expected or actual, no frames
            record.bool(true).string("X").bytes(0, 0, 0, 0).integer(0);
        }
        record.bool(false);
        for (int i = 0; i < levels; i++) {
            record.integer(0);
        }

        assertThatThrownBy(() -> decode(record.toBytes()))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("a failure nested deeper than " + ThrowableCodec.MAX_DEPTH + " causes and suppressed "
                        + "exceptions");
    }

    @Test
    void aSuppressedCountOrAStringLengthBeyondTheRecordIsRefused() {
        byte[] suppressed = new DataRecord()
                .bool(true)
                .string("X")
                .bytes(0, 0, 0, 0)
                .integer(0)
                .bool(false)
                .integer(1_000_000)
                .toBytes();
        byte[] string = new DataRecord()
                .bool(true)
                .integer(60_000_000)
                .bytes('j', 'a', 'v', 'a')
                .toBytes();

        assertThatThrownBy(() -> decode(suppressed))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("1000000 suppressed exceptions cannot be in the 0 bytes left of the record");
        assertThatThrownBy(() -> decode(string))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("a string of 60000000 bytes cannot be in the 4 bytes left of the record");
    }

    @Test
    void aRecordCutShortIsReportedAsMalformedNotAsTheEndOfTheStream() throws IOException {
        byte[] whole = encode(new IllegalStateException("boom", new IOException("disk")));

        for (int length : new int[] {0, 1, whole.length / 2, whole.length - 1}) {
            assertThatThrownBy(() -> decode(Arrays.copyOf(whole, length)))
                    .as("cut to %d bytes", length)
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessage("the record ends in the middle of a failure");
        }
    }

    private static void assertSameFailure(Throwable copy, Throwable original) {
        assertThat(copy).hasToString(original.toString());
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getSuppressed()).hasSameSizeAs(original.getSuppressed());
        for (int i = 0; i < original.getSuppressed().length; i++) {
            assertSameFailure(copy.getSuppressed()[i], original.getSuppressed()[i]);
        }
    }

    /** How many throwables and stack frames {@code root} holds, itself included. */
    private static long[] throwablesAndFrames(Throwable root) {
        long[] counts = new long[2];
        ArrayDeque<Throwable> open = new ArrayDeque<>(List.of(root));
        while (!open.isEmpty()) {
            Throwable next = open.pop();
            counts[0]++;
            counts[1] += next.getStackTrace().length;
            if (next.getCause() != null) {
                open.push(next.getCause());
            }
            open.addAll(Arrays.asList(next.getSuppressed()));
        }
        return counts;
    }

    private static <T extends Throwable> T withoutFrames(T throwable) {
        throwable.setStackTrace(new StackTraceElement[0]);
        return throwable;
    }

    private static void writeInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    static byte[] encode(Throwable throwable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ThrowableCodec.write(new DataOutputStream(bytes), throwable);
        return bytes.toByteArray();
    }

    static Throwable decode(byte[] bytes) throws IOException {
        return ThrowableCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    /** A record written by hand, field by field, after whatever precedes the throwable itself. */
    static final class DataRecord {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        DataRecord() {
            try {
                // An absent throwable is encoded as what precedes any throwable, then one byte 0.
                byte[] absent = encode(null);
                out.write(absent, 0, absent.length - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        DataRecord bool(boolean value) {
            return bytes(value ? 1 : 0);
        }

        DataRecord integer(int value) {
            try {
                out.writeInt(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        DataRecord string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            integer(utf8.length);
            for (byte b : utf8) {
                bytes(b);
            }
            return this;
        }

        DataRecord bytes(int... values) {
            for (int value : values) {
                bytes.write(value);
            }
            return this;
        }

        byte[] toBytes() {
            return bytes.toByteArray();
        }
    }

    private static Throwable roundTrip(Throwable throwable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ThrowableCodec.write(new DataOutputStream(bytes), throwable);
        return ThrowableCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    static final class OnlyInTheWorker extends Exception {
        private static final long serialVersionUID = 1L;

        OnlyInTheWorker(String message) {
            super(message);
        }
    }
}
