package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Writes a throwable as data (class name, message, stack frames, cause, suppressed, and the expected
 * and actual values of an opentest4j {@link AssertionFailedError} as text) and rebuilds it on the
 * other side as a {@link RemoteThrowable} that prints like the original, whether or not that side can
 * load the original's class.
 */
@API(status = INTERNAL, since = "0.1")
public final class ThrowableCodec {

    static final int MAX_DEPTH = 32;
    static final int MAX_SUPPRESSED = 100;
    static final int MAX_FRAMES = 1024;
    /** The fewest bytes a frame takes: three absent names, two empty ones, an absent file name, the line. */
    private static final int MIN_FRAME_BYTES = 3 + 4 + 4 + 1 + 4;
    /** The longest message or value sent whole, in characters. */
    static final int MAX_STRING = 1 << 20;
    /** What one failure may take in all, far below the channel's record limit. */
    static final int BUDGET = 16 << 20;

    static final byte KIND_OTHER = 0;
    static final byte KIND_ASSERTION = 1;
    static final byte KIND_ABORTED = 2;

    private ThrowableCodec() {
    }

    public static void write(DataOutputStream out, Throwable throwable) throws IOException {
        write(out, throwable, Collections.newSetFromMap(new IdentityHashMap<>()), 0, new int[] {BUDGET});
    }

    private static void write(DataOutputStream out, Throwable throwable, Set<Throwable> seen, int depth,
            int[] budget) throws IOException {
        boolean cut = throwable == null || depth >= MAX_DEPTH || !seen.add(throwable);
        out.writeBoolean(!cut);
        if (cut) {
            return;
        }
        Channel.writeString(out, originalClassName(throwable));
        out.writeByte(kind(throwable));
        writeNullable(out, bounded(throwable.getMessage(), budget));
        writeValues(out, throwable, budget);
        StackTraceElement[] frames = throwable.getStackTrace();
        int frameCount = Math.min(frames.length, MAX_FRAMES);
        out.writeInt(frameCount);
        for (int f = 0; f < frameCount; f++) {
            StackTraceElement frame = frames[f];
            writeNullable(out, frame.getClassLoaderName());
            writeNullable(out, frame.getModuleName());
            writeNullable(out, frame.getModuleVersion());
            Channel.writeString(out, frame.getClassName());
            Channel.writeString(out, frame.getMethodName());
            writeNullable(out, frame.getFileName());
            out.writeInt(frame.getLineNumber());
        }
        write(out, throwable.getCause(), seen, depth + 1, budget);
        Throwable[] suppressed = throwable.getSuppressed();
        int count = Math.min(suppressed.length, MAX_SUPPRESSED);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            write(out, suppressed[i], seen, depth + 1, budget);
        }
    }

    private static void writeValues(DataOutputStream out, Throwable throwable, int[] budget) throws IOException {
        AssertionFailedError failed = throwable instanceof AssertionFailedError ? (AssertionFailedError) throwable : null;
        writeNullable(out, failed != null && failed.isExpectedDefined()
                ? bounded(failed.getExpected().getStringRepresentation(), budget) : null);
        writeNullable(out, failed != null && failed.isActualDefined()
                ? bounded(failed.getActual().getStringRepresentation(), budget) : null);
    }

    /**
     * The text, cut to {@link #MAX_STRING} characters, and to a few hundred once the failure has used
     * up its {@link #BUDGET}; a cut says how much was left out.
     */
    static String bounded(String text, int[] budget) {
        if (text == null) {
            return null;
        }
        int limit = budget[0] > 0 ? Math.min(MAX_STRING, budget[0]) : 500;
        String kept = text.length() <= limit ? text
                : text.substring(0, limit) + "... [" + (text.length() - limit) + " more characters not sent by the worker]";
        budget[0] -= kept.length() * 3;
        return kept;
    }

    /**
     * Reads a throwable from a record's payload, whose {@code available()} is the exact number of bytes
     * left in the record: no count or length read from it is trusted beyond what those bytes can hold,
     * and nothing is nested deeper than a writer sends.
     *
     * @throws MalformedRecordException naming what was wrong, when the bytes are not a throwable as
     *     {@link #write} writes it
     */
    public static Throwable read(DataInputStream in) throws IOException {
        try {
            return read(in, 0);
        } catch (EOFException e) {
            throw new MalformedRecordException("the record ends in the middle of a failure");
        }
    }

    private static Throwable read(DataInputStream in, int depth) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        if (depth >= MAX_DEPTH) {
            throw new MalformedRecordException("a failure nested deeper than " + MAX_DEPTH
                    + " causes and suppressed exceptions");
        }
        String className = Channel.readString(in);
        byte kind = in.readByte();
        String message = readNullable(in);
        String expected = readNullable(in);
        String actual = readNullable(in);
        StackTraceElement[] frames = new StackTraceElement[count(in, "stack frames", MIN_FRAME_BYTES, MAX_FRAMES)];
        for (int i = 0; i < frames.length; i++) {
            String classLoader = readNullable(in);
            String module = readNullable(in);
            String moduleVersion = readNullable(in);
            String declaringClass = Channel.readString(in);
            String method = Channel.readString(in);
            String file = readNullable(in);
            frames[i] = new StackTraceElement(classLoader, module, moduleVersion, declaringClass, method, file,
                    in.readInt());
        }
        Throwable cause = read(in, depth + 1);
        Throwable rebuilt = RemoteThrowable.rebuild(className, kind, message, expected, actual, cause);
        rebuilt.setStackTrace(frames);
        // Each suppressed exception takes at least its presence flag.
        int suppressed = count(in, "suppressed exceptions", 1, MAX_SUPPRESSED);
        for (int i = 0; i < suppressed; i++) {
            Throwable one = read(in, depth + 1);
            if (one != null) {
                rebuilt.addSuppressed(one);
            }
        }
        return rebuilt;
    }

    /** A count of elements of at least {@code minBytes} each, which the bytes left must hold. */
    private static int count(DataInputStream in, String what, int minBytes, int limit) throws IOException {
        int count = in.readInt();
        int left = in.available();
        if (count < 0) {
            throw new MalformedRecordException("a negative count of " + what + ": " + count);
        }
        if (count > left / minBytes) {
            throw new MalformedRecordException(count + " " + what + " cannot be in the " + left
                    + " bytes left of the record");
        }
        if (count > limit) {
            throw new MalformedRecordException(count + " " + what + " on one failure, more than the " + limit
                    + " a worker sends");
        }
        return count;
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            Channel.writeString(out, value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? Channel.readString(in) : null;
    }

    private static byte kind(Throwable throwable) {
        if (throwable instanceof TestAbortedException) {
            return KIND_ABORTED;
        }
        return throwable instanceof AssertionError ? KIND_ASSERTION : KIND_OTHER;
    }

    private static String originalClassName(Throwable throwable) {
        return throwable instanceof RemoteThrowable
                ? ((RemoteThrowable) throwable).originalClassName()
                : throwable.getClass().getName();
    }
}
