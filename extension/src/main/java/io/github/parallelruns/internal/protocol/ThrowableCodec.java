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

    static final byte KIND_OTHER = 0;
    static final byte KIND_ASSERTION = 1;
    static final byte KIND_ABORTED = 2;

    private ThrowableCodec() {
    }

    public static void write(DataOutputStream out, Throwable throwable) throws IOException {
        write(out, throwable, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static void write(DataOutputStream out, Throwable throwable, Set<Throwable> seen, int depth)
            throws IOException {
        boolean cut = throwable == null || depth >= MAX_DEPTH || !seen.add(throwable);
        out.writeBoolean(!cut);
        if (cut) {
            return;
        }
        Channel.writeString(out, originalClassName(throwable));
        out.writeByte(kind(throwable));
        String message = throwable.getMessage();
        out.writeBoolean(message != null);
        if (message != null) {
            Channel.writeString(out, message);
        }
        writeValues(out, throwable);
        StackTraceElement[] frames = throwable.getStackTrace();
        out.writeInt(frames.length);
        for (StackTraceElement frame : frames) {
            writeNullable(out, frame.getClassLoaderName());
            writeNullable(out, frame.getModuleName());
            writeNullable(out, frame.getModuleVersion());
            Channel.writeString(out, frame.getClassName());
            Channel.writeString(out, frame.getMethodName());
            writeNullable(out, frame.getFileName());
            out.writeInt(frame.getLineNumber());
        }
        write(out, throwable.getCause(), seen, depth + 1);
        Throwable[] suppressed = throwable.getSuppressed();
        int count = Math.min(suppressed.length, MAX_SUPPRESSED);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            write(out, suppressed[i], seen, depth + 1);
        }
    }

    private static void writeValues(DataOutputStream out, Throwable throwable) throws IOException {
        AssertionFailedError failed = throwable instanceof AssertionFailedError ? (AssertionFailedError) throwable : null;
        boolean expected = failed != null && failed.isExpectedDefined();
        boolean actual = failed != null && failed.isActualDefined();
        out.writeBoolean(expected);
        if (expected) {
            Channel.writeString(out, failed.getExpected().getStringRepresentation());
        }
        out.writeBoolean(actual);
        if (actual) {
            Channel.writeString(out, failed.getActual().getStringRepresentation());
        }
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
