package io.github.parallelruns.internal.protocol;

/**
 * Failures too large to send whole, for the codec's tests and for fixtures that throw them in a worker JVM.
 * Their frames are made up, so their size is the same on every JDK.
 */
public final class LargeFailures {

    public static final int OUTER = 100;
    public static final int INNER = 100;
    public static final int FRAMES = 160;
    /** The root, its {@link #OUTER} suppressed and their {@link #INNER} suppressed each. */
    public static final int THROWABLES = 1 + OUTER + OUTER * INNER;

    private LargeFailures() {}

    /**
     * An {@code IllegalStateException} with 100 suppressed failures of 100 suppressed each, every one 160
     * frames deep: about 90 MB when encoded whole, more than a channel record may hold.
     */
    public static IllegalStateException hundredFailuresOfAHundredEach() {
        IllegalStateException root = framed(new IllegalStateException("the run failed"), "root");
        for (int i = 0; i < OUTER; i++) {
            IllegalArgumentException outer = framed(new IllegalArgumentException("task " + i + " failed"), "task" + i);
            for (int j = 0; j < INNER; j++) {
                outer.addSuppressed(framed(new UnsupportedOperationException("cleanup " + i + "." + j), "cleanup" + j));
            }
            root.addSuppressed(outer);
        }
        return root;
    }

    private static <T extends Throwable> T framed(T throwable, String method) {
        StackTraceElement[] frames = new StackTraceElement[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            frames[f] = new StackTraceElement("com.example.Service", method + "Step" + f, "Service.java", 10 + f);
        }
        throwable.setStackTrace(frames);
        return throwable;
    }
}
