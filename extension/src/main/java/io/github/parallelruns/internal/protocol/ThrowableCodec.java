package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Writes a throwable as data (class name, message, stack frames, cause, suppressed, and the expected
 * and actual values of an opentest4j {@link AssertionFailedError} as text) and rebuilds it on the
 * other side as a {@link RemoteThrowable} that prints like the original, whether or not that side can
 * load the original's class.
 *
 * <p>A failure takes at most {@link #BUDGET} bytes, everything counted. Its tree is written depth first
 * and cut where the budget or a limit per failure is reached; a note appended to the message of the
 * outermost failure says how many suppressed exceptions, causes and frames were left out, and why.
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
    /** The longest class, method, module or file name sent whole, in characters: far beyond any real one. */
    static final int MAX_NAME = 1024;
    /** What one failure may take in all, in bytes, note included; far below the channel's record limit. */
    static final int BUDGET = 16 << 20;
    /**
     * The end of a budget in which no frame or failure is begun. It holds what a failure begun just before
     * still writes (its class name, and each message or value at least {@link #MIN_KEPT} bytes of itself),
     * the ends of the failures around it (at most {@code MAX_DEPTH × (1 + 4 + MAX_SUPPRESSED)} bytes),
     * and the note.
     */
    static final int HEADROOM = 16 << 10;
    /** What a message or value keeps of itself, in bytes, once the budget is spent. */
    private static final int MIN_KEPT = 600;

    static final byte KIND_OTHER = 0;
    static final byte KIND_ASSERTION = 1;
    static final byte KIND_ABORTED = 2;

    private ThrowableCodec() {}

    /** Writes {@code throwable}, or its absence, in at most {@link #BUDGET} bytes. */
    public static void write(DataOutputStream out, Throwable throwable) throws IOException {
        write(out, throwable, BUDGET, "the failure is over " + Channel.size(BUDGET));
    }

    /**
     * Writes {@code throwable} in at most {@code budget} bytes (more than {@link #HEADROOM}): the note, or
     * its absence, then the tree.
     *
     * @param overBudget why the note says things were left out, when the budget was spent
     */
    static void write(DataOutputStream out, Throwable throwable, int budget, String overBudget) throws IOException {
        // The note is known once the tree is written, and goes first: the reader needs it for the outermost
        // failure's message.
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        Encoder encoder = new Encoder(new DataOutputStream(tree), budget - HEADROOM);
        encoder.write(throwable, 0, false);
        writeNullable(out, encoder.leftOut.note(overBudget));
        tree.writeTo(out);
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
            String note = readNullable(in);
            return read(in, 0, note);
        } catch (EOFException e) {
            throw new MalformedRecordException("the record ends in the middle of a failure");
        }
    }

    private static Throwable read(DataInputStream in, int depth, String note) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        if (depth >= MAX_DEPTH) {
            throw new MalformedRecordException(
                    "a failure nested deeper than " + MAX_DEPTH + " causes and suppressed exceptions");
        }
        String className = Channel.readString(in);
        byte kind = in.readByte();
        String message = withNote(readNullable(in), note);
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
            frames[i] = new StackTraceElement(
                    classLoader, module, moduleVersion, declaringClass, method, file, in.readInt());
        }
        Throwable cause = read(in, depth + 1, null);
        Throwable rebuilt = RemoteThrowable.rebuild(className, kind, message, expected, actual, cause);
        rebuilt.setStackTrace(frames);
        // Each suppressed exception takes at least its presence flag.
        int suppressed = count(in, "suppressed exceptions", 1, MAX_SUPPRESSED);
        for (int i = 0; i < suppressed; i++) {
            Throwable one = read(in, depth + 1, null);
            if (one != null) {
                rebuilt.addSuppressed(one);
            }
        }
        return rebuilt;
    }

    private static String withNote(String message, String note) {
        if (note == null) {
            return message;
        }
        return message == null ? note : message + " " + note;
    }

    /** A count of elements of at least {@code minBytes} each, which the bytes left must hold. */
    private static int count(DataInputStream in, String what, int minBytes, int limit) throws IOException {
        int count = in.readInt();
        int left = in.available();
        if (count < 0) {
            throw new MalformedRecordException("a negative count of " + what + ": " + count);
        }
        if (count > left / minBytes) {
            throw new MalformedRecordException(
                    count + " " + what + " cannot be in the " + left + " bytes left of the record");
        }
        if (count > limit) {
            throw new MalformedRecordException(
                    count + " " + what + " on one failure, more than the " + limit + " a worker sends");
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

    /**
     * {@code text} cut to {@code maxChars} characters and {@code maxBytes} bytes of UTF-8, between two
     * characters of a pair, if it is longer; a cut says how much was left out.
     */
    static String cut(String text, int maxChars, long maxBytes) {
        int limit = Math.min(text.length(), maxChars);
        int end = 0;
        long bytes = 0;
        while (end < limit && bytes + utf8Length(text.charAt(end)) <= maxBytes) {
            bytes += utf8Length(text.charAt(end));
            end++;
        }
        if (end == text.length()) {
            return text;
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "... [" + (text.length() - end) + " more characters not sent by the worker]";
    }

    /** Its length in UTF-8, never less: a lone surrogate, encoded as one byte, counts two. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            bytes += utf8Length(text.charAt(i));
        }
        return bytes;
    }

    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        // Half of a pair, which takes four bytes.
        return c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    /** Writes a tree of failures depth first, while its budget lasts, tallying what it leaves out. */
    private static final class Encoder {
        private final DataOutputStream out;
        /** The budget less the headroom. */
        private final int spendable;
        /** Failures written or tallied: a cycle or a failure met twice is not written again. */
        private final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        final LeftOut leftOut = new LeftOut();

        Encoder(DataOutputStream out, int spendable) {
            this.out = out;
            this.spendable = spendable;
        }

        /** The bytes left to begin frames and failures in: {@code out} counts every byte written. */
        private long room() {
            return spendable - (long) out.size();
        }

        void write(Throwable throwable, int depth, boolean isCause) throws IOException {
            if (throwable == null || seen.contains(throwable)) {
                out.writeBoolean(false);
                return;
            }
            if (depth >= MAX_DEPTH || room() <= 0) {
                leftOut.add(throwable, isCause, seen, depth >= MAX_DEPTH ? Reason.DEPTH : Reason.BUDGET);
                out.writeBoolean(false);
                return;
            }
            seen.add(throwable);
            out.writeBoolean(true);
            Channel.writeString(out, cut(RemoteThrowable.classNameOf(throwable), MAX_NAME, Long.MAX_VALUE));
            out.writeByte(kind(throwable));
            writeNullable(out, text(throwable.getMessage()));
            AssertionFailedError failed =
                    throwable instanceof AssertionFailedError ? (AssertionFailedError) throwable : null;
            writeNullable(
                    out,
                    failed != null && failed.isExpectedDefined()
                            ? text(failed.getExpected().getStringRepresentation())
                            : null);
            writeNullable(
                    out,
                    failed != null && failed.isActualDefined()
                            ? text(failed.getActual().getStringRepresentation())
                            : null);
            writeFrames(throwable.getStackTrace());
            write(throwable.getCause(), depth + 1, true);
            Throwable[] suppressed = throwable.getSuppressed();
            int sent = Math.min(suppressed.length, MAX_SUPPRESSED);
            out.writeInt(sent);
            for (int i = 0; i < sent; i++) {
                write(suppressed[i], depth + 1, false);
            }
            for (int i = sent; i < suppressed.length; i++) {
                leftOut.add(suppressed[i], false, seen, Reason.SUPPRESSED);
            }
        }

        /** A message or value: whole up to {@link #MAX_STRING}, as long as the room allows. */
        private String text(String text) {
            return text == null ? null : cut(text, MAX_STRING, Math.max(MIN_KEPT, room()));
        }

        /** The frames that fit in the room, from the top. */
        private void writeFrames(StackTraceElement[] frames) throws IOException {
            int limit = Math.min(frames.length, MAX_FRAMES);
            int count = 0;
            long size = 4;
            while (count < limit) {
                long next = frameSize(frames[count]);
                if (size + next > room()) {
                    break;
                }
                size += next;
                count++;
            }
            out.writeInt(count);
            for (int f = 0; f < count; f++) {
                StackTraceElement frame = frames[f];
                writeNullable(out, name(frame.getClassLoaderName()));
                writeNullable(out, name(frame.getModuleName()));
                writeNullable(out, name(frame.getModuleVersion()));
                Channel.writeString(out, name(frame.getClassName()));
                Channel.writeString(out, name(frame.getMethodName()));
                writeNullable(out, name(frame.getFileName()));
                out.writeInt(frame.getLineNumber());
            }
            if (count < frames.length) {
                leftOut.frames(frames.length - count, count == MAX_FRAMES ? Reason.FRAMES : Reason.BUDGET);
            }
        }

        private static long frameSize(StackTraceElement frame) {
            return nullableSize(frame.getClassLoaderName())
                    + nullableSize(frame.getModuleName())
                    + nullableSize(frame.getModuleVersion())
                    + 4
                    + utf8Length(name(frame.getClassName()))
                    + 4
                    + utf8Length(name(frame.getMethodName()))
                    + nullableSize(frame.getFileName())
                    + 4;
        }

        private static long nullableSize(String name) {
            return name == null ? 1 : 1 + 4 + utf8Length(name(name));
        }

        private static String name(String name) {
            return name == null ? null : cut(name, MAX_NAME, Long.MAX_VALUE);
        }
    }

    /** Why something was left out. */
    private enum Reason {
        BUDGET,
        SUPPRESSED,
        DEPTH,
        FRAMES
    }

    /** A failure met while counting what was left out, and how it hangs on its parent. */
    private record Pending(Throwable throwable, boolean isCause) {}

    /** What the encoder left out, for the note on the outermost failure. */
    private static final class LeftOut {
        private long causes;
        private long suppressed;
        private long frames;
        private final Set<Reason> reasons = EnumSet.noneOf(Reason.class);

        /** {@code throwable} and all it holds, except what was already written or counted. */
        void add(Throwable throwable, boolean isCause, Set<Throwable> seen, Reason reason) {
            reasons.add(reason);
            // Without recursion: a chain left out for its depth can be as long as the user made it.
            Deque<Pending> open = new ArrayDeque<>();
            open.push(new Pending(throwable, isCause));
            while (!open.isEmpty()) {
                Pending next = open.pop();
                if (next.throwable() == null || !seen.add(next.throwable())) {
                    continue;
                }
                if (next.isCause()) {
                    causes++;
                } else {
                    suppressed++;
                }
                frames += next.throwable().getStackTrace().length;
                open.push(new Pending(next.throwable().getCause(), true));
                for (Throwable one : next.throwable().getSuppressed()) {
                    open.push(new Pending(one, false));
                }
            }
        }

        void frames(int count, Reason reason) {
            reasons.add(reason);
            frames += count;
        }

        /**
         * {@code [not sent by the worker: 9,880 suppressed exceptions and 1,580,800 stack frames (the failure
         * is over 16 MiB)]}, or {@code null} when nothing was left out.
         */
        String note(String overBudget) {
            List<String> what = new ArrayList<>();
            count(what, suppressed, "suppressed exception");
            count(what, causes, "cause");
            count(what, frames, "stack frame");
            if (what.isEmpty()) {
                return null;
            }
            List<String> why = new ArrayList<>();
            for (Reason reason : reasons) {
                switch (reason) {
                    case BUDGET:
                        why.add(overBudget);
                        break;
                    case SUPPRESSED:
                        why.add("more than " + MAX_SUPPRESSED + " suppressed on one exception");
                        break;
                    case DEPTH:
                        why.add("nested more than " + MAX_DEPTH + " deep");
                        break;
                    default:
                        why.add(String.format(Locale.ROOT, "more than %,d frames on one exception", MAX_FRAMES));
                }
            }
            String listed = what.size() == 1
                    ? what.get(0)
                    : String.join(", ", what.subList(0, what.size() - 1)) + " and " + what.get(what.size() - 1);
            return "[not sent by the worker: " + listed + " (" + String.join("; ", why) + ")]";
        }

        private static void count(List<String> what, long count, String noun) {
            if (count > 0) {
                what.add(String.format(Locale.ROOT, "%,d %s%s", count, noun, count == 1 ? "" : "s"));
            }
        }
    }
}
