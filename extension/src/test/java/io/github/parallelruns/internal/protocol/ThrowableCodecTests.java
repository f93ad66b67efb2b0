package io.github.parallelruns.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Failures cross from worker to coordinator as data, whatever they are. */
class ThrowableCodecTests {

    @Test
    void classMessageStackCauseAndSuppressedSurvive() throws IOException {
        IllegalStateException original = new IllegalStateException("boom", new java.io.IOException("disk"));
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
    }

    @Test
    void assertionFailuresKeepTheirKindAndValuesAsText() throws IOException {
        Throwable copy = roundTrip(new AssertionFailedError("differs", java.util.List.of(1, 2), java.util.List.of(1)));

        assertThat(copy).isInstanceOf(AssertionFailedError.class).hasMessage("differs");
        assertThat(((AssertionFailedError) copy).getExpected().getStringRepresentation()).isEqualTo("[1, 2]");
        assertThat(((AssertionFailedError) copy).getActual().getStringRepresentation()).isEqualTo("[1]");
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
                .endsWith("... [" + (10_000_000 - ThrowableCodec.MAX_STRING) + " more characters not sent by the worker]");
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
