package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
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

    public static Throwable read(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String className = Channel.readString(in);
        byte kind = in.readByte();
        String message = in.readBoolean() ? Channel.readString(in) : null;
        String expected = in.readBoolean() ? Channel.readString(in) : null;
        String actual = in.readBoolean() ? Channel.readString(in) : null;
        StackTraceElement[] frames = new StackTraceElement[in.readInt()];
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
        Throwable cause = read(in);
        Throwable rebuilt = RemoteThrowable.rebuild(className, kind, message, expected, actual, cause);
        rebuilt.setStackTrace(frames);
        int suppressed = in.readInt();
        for (int i = 0; i < suppressed; i++) {
            Throwable one = read(in);
            if (one != null) {
                rebuilt.addSuppressed(one);
            }
        }
        return rebuilt;
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
