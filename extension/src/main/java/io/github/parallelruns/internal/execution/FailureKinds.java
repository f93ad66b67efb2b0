package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.protocol.RemoteThrowable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What makes two task failures the same kind: the exception's class, the shape of its message (its
 * text with numbers and identity hash codes left out) and the top frame of the user's code in its
 * stack trace. {@code expected: <4000> but was: <3987>} and {@code expected: <4000> but was: <3991>}
 * thrown at the same line are one kind, shown as {@code expected: <4000> but was: <39xx>}.
 */
@API(status = INTERNAL, since = "0.1")
public final class FailureKinds {

    /** Longest message pattern shown; longer ones are cut with an ellipsis. */
    static final int MAX_PATTERN_LENGTH = 200;

    /** Numbers, and identity hash codes such as {@code Object@1b6d3586}: the parts of a message that vary. */
    private static final Pattern VARIABLE = Pattern.compile("@[0-9a-f]{4,8}\\b|\\d+");

    /** Frames of the JDK, of test and assertion libraries and of ParallelRuns itself: not the user's code. */
    private static final String[] NOT_USER_CODE = {
        "java.",
        "javax.",
        "jdk.",
        "sun.",
        "com.sun.",
        "kotlin.",
        "scala.",
        "org.junit.",
        "junit.",
        "org.opentest4j.",
        "org.assertj.",
        "org.hamcrest.",
        "org.awaitility.",
        "org.apiguardian.",
        "io.github.parallelruns.internal.",
        "io.github.parallelruns.Parallel"
    };

    private FailureKinds() {}

    /**
     * A failure's kind and the values its message had where the kind leaves them out.
     *
     * @param id what two failures of the same kind share
     * @param className the exception's class (the original class for a failure from a worker JVM)
     * @param literals the message's text between the variable parts ({@code variables.size() + 1} of them)
     * @param variables the values of the variable parts, in order
     * @param frame the top frame of the user's code, {@code Class.method(File.java:42)}, or empty
     */
    record Key(String id, String className, List<String> literals, List<String> variables, String frame) {}

    static Key keyOf(Throwable error) {
        String className = RemoteThrowable.classNameOf(error);
        String message = error.getMessage() == null ? "" : error.getMessage();
        List<String> literals = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(message);
        int at = 0;
        StringBuilder shape = new StringBuilder();
        while (matcher.find()) {
            literals.add(message.substring(at, matcher.start()));
            String value = matcher.group();
            variables.add(value);
            shape.append(message, at, matcher.start()).append(value.startsWith("@") ? "@\u0000" : "\u0000");
            at = matcher.end();
        }
        literals.add(message.substring(at));
        shape.append(message.substring(at));
        String frame = userFrame(error.getStackTrace());
        return new Key(className + '\u0001' + shape + '\u0001' + frame, className, literals, variables, frame);
    }

    /** The top frame of the user's code, or the top frame when none is; empty without a stack trace. */
    static String userFrame(StackTraceElement[] stack) {
        for (StackTraceElement element : stack) {
            if (isUserCode(element.getClassName())) {
                return describe(element);
            }
        }
        return stack.length == 0 ? "" : describe(stack[0]);
    }

    private static boolean isUserCode(String className) {
        for (String prefix : NOT_USER_CODE) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(StackTraceElement element) {
        String className = element.getClassName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String file = element.getFileName() == null
                ? "Unknown Source"
                : element.getLineNumber() >= 0
                        ? element.getFileName() + ":" + element.getLineNumber()
                        : element.getFileName();
        return simple + "." + element.getMethodName() + "(" + file + ")";
    }

    /**
     * The message of one kind with its variable parts as they varied: a value all its failures had
     * ({@code <4000>}), the digits they shared and {@code x} for the others ({@code <39xx>}), a range
     * for numbers of different lengths ({@code <987..1003>}), or {@code …} for hash codes that differ.
     */
    static final class MessagePattern {

        private final List<String> literals;
        private final List<Variable> variables = new ArrayList<>();

        MessagePattern(Key first) {
            this.literals = first.literals();
            for (String value : first.variables()) {
                variables.add(new Variable(value));
            }
        }

        void add(Key key) {
            for (int i = 0; i < variables.size() && i < key.variables().size(); i++) {
                variables.get(i).add(key.variables().get(i));
            }
        }

        String render() {
            StringBuilder text = new StringBuilder(literals.get(0));
            for (int i = 0; i < variables.size(); i++) {
                text.append(variables.get(i).render()).append(literals.get(i + 1));
            }
            // One line: multi-line assertion messages are joined.
            String line = text.toString().strip().replaceAll("\\s+", " ");
            return line.length() <= MAX_PATTERN_LENGTH ? line : line.substring(0, MAX_PATTERN_LENGTH - 1) + "…";
        }
    }

    private static final class Variable {

        private final String first;
        private boolean allEqual = true;
        private boolean sameLength = true;
        private int commonPrefix;
        private String min;
        private String max;

        Variable(String value) {
            first = value;
            commonPrefix = value.length();
            min = value;
            max = value;
        }

        void add(String value) {
            if (value.equals(first)) {
                return;
            }
            allEqual = false;
            if (value.length() != first.length()) {
                sameLength = false;
            }
            int shared = 0;
            while (shared < commonPrefix && shared < value.length() && value.charAt(shared) == first.charAt(shared)) {
                shared++;
            }
            commonPrefix = shared;
            if (compare(value, min) < 0) {
                min = value;
            }
            if (compare(value, max) > 0) {
                max = value;
            }
        }

        /** Numbers of digits without signs: the longer is the larger, then by their digits. */
        private static int compare(String a, String b) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }

        String render() {
            if (allEqual) {
                return first;
            }
            if (first.startsWith("@")) {
                return "@…";
            }
            if (sameLength) {
                return first.substring(0, commonPrefix) + "x".repeat(first.length() - commonPrefix);
            }
            return min + ".." + max;
        }
    }
}
