package io.github.parallelruns.races.lincheck;

import io.github.parallelruns.races.Kernel;
import io.github.parallelruns.races.Scenario;
import io.github.parallelruns.races.ScenarioThreads;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckAssertionError;

/**
 * Drives the bug kernels through Lincheck 3's {@code Lincheck.runConcurrentTest(invocations, block)}: one
 * call is one run; the body starts the kernel's threads itself ({@link ScenarioThreads#run}, join without a
 * timeout) and Lincheck's model checker explores its interleavings until the body throws or deadlocks
 * (it then throws {@link LincheckAssertionError}: detected) or the invocation budget is spent (not
 * detected).
 *
 * <p>Arguments: {@code --kernels a,b|all --versions buggy,fixed --runs N --first K --invocations I}.
 * Prints one {@code RESULT} line per run on standard output; everything else (progress, Lincheck's own
 * output) goes to standard error.
 */
public final class LincheckRaces {

    private LincheckRaces() {
    }

    public static void main(String[] args) {
        List<Kernel> kernels = List.of(Kernel.values());
        List<Boolean> versions = List.of(false, true);
        int runs = 1;
        int first = 1;
        int invocations = Lincheck.DEFAULT_INVOCATIONS;
        boolean classHint = true;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--kernels" -> {
                    kernels = new ArrayList<>();
                    for (String id : value.split(",")) {
                        if (id.equals("all")) {
                            kernels.addAll(List.of(Kernel.values()));
                        } else {
                            kernels.add(Kernel.byId(id));
                        }
                    }
                    i++;
                }
                case "--versions" -> {
                    versions = new ArrayList<>();
                    for (String v : value.split(",")) {
                        if (!v.equals("buggy") && !v.equals("fixed")) {
                            throw new IllegalArgumentException("version must be buggy or fixed: " + v);
                        }
                        versions.add(v.equals("fixed"));
                    }
                    i++;
                }
                case "--runs" -> {
                    runs = Integer.parseInt(value);
                    i++;
                }
                case "--first" -> {
                    first = Integer.parseInt(value);
                    i++;
                }
                case "--no-class-hint" -> classHint = false;
                case "--invocations" -> {
                    invocations = Integer.parseInt(value);
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }

        // RESULT lines go to the real standard output; anything Lincheck prints goes to standard error.
        PrintStream results = System.out;
        System.setOut(System.err);

        // Warm-up, not recorded: the first runConcurrentTest in a JVM attaches Lincheck's agent (ByteBuddy
        // self-attach) and loads Lincheck itself, a one-off cost a test suite pays once, not per test.
        long warmStart = System.nanoTime();
        try {
            Lincheck.runConcurrentTest(1, () -> { });
        } catch (Throwable e) {
            System.err.println("LINCHECK-ERROR during warm-up (agent attach): " + e);
            e.printStackTrace();
            System.exit(3);
        }
        System.err.println("warm-up (agent attach) took " + millisSince(warmStart) + " ms");

        for (Kernel kernel : kernels) {
            for (boolean fixed : versions) {
                for (int run = first; run < first + runs; run++) {
                    Outcome outcome = runOnce(kernel, fixed, invocations, classHint);
                    String line = String.join("\t", "RESULT", "lincheck", kernel.id(), fixed ? "fixed" : "buggy",
                            Integer.toString(run), outcome.detected ? "1" : "0", Long.toString(outcome.millis),
                            classHint ? outcome.note : outcome.note + " [no class hint]");
                    results.println(line);
                    results.flush();
                    System.err.println("[" + kernel.id() + " " + (fixed ? "fixed" : "buggy") + "] run " + run
                            + ": " + (outcome.detected ? "detected" : "not detected") + " in " + outcome.millis + " ms");
                }
            }
        }
        // Threads a run left behind (a part Lincheck gave up on) must not keep the JVM alive.
        System.exit(0);
    }

    record Outcome(boolean detected, long millis, String note) {
    }

    static Outcome runOnce(Kernel kernel, boolean fixed, int invocations, boolean classHint) {
        // The class hint: a scenario of the same class, made before the run and never run. Lincheck 3
        // instruments classes lazily: a class is transformed when instrumented code allocates it, touches
        // its statics, or when it is reachable from the block object at the start of the test. Kernel makes
        // its scenarios with constructor references (Kernels.LostUpdate::new): the allocation happens in the
        // JVM-generated lambda class, which Lincheck does not instrument, so without the hint the kernel
        // class is never transformed, its field accesses are no switch points, and no bug is ever found.
        Scenario hint = classHint ? kernel.scenario(fixed) : null;
        Runnable block = classHint ? new HintedBody(kernel, fixed, hint) : () -> body(kernel, fixed);
        long start = System.nanoTime();
        try {
            Lincheck.runConcurrentTest(invocations, block);
            return new Outcome(false, millisSince(start), "no bug found (budget " + invocations + " invocations)");
        } catch (LincheckAssertionError found) {
            long millis = millisSince(start);
            return new Outcome(true, millis, describe(found));
        } catch (Throwable broken) {
            // Not a finding: Lincheck itself failed (instrumentation, internal error). Shown as such.
            long millis = millisSince(start);
            System.err.println("LINCHECK-ERROR " + kernel.id() + " " + (fixed ? "fixed" : "buggy"));
            broken.printStackTrace();
            return new Outcome(false, millis, "LINCHECK-ERROR " + oneLine(broken.toString()));
        }
    }

    /** For the probes: whether a run with this budget detects (class hint on). */
    public static boolean runOnceForProbe(Kernel kernel, boolean fixed, int invocations) {
        return runOnce(kernel, fixed, invocations, true).detected;
    }

    /** The body with the class hint in a field, where Lincheck's start-of-test traversal finds it. */
    static final class HintedBody implements Runnable {
        private final Kernel kernel;
        private final boolean fixed;
        @SuppressWarnings({"unused", "FieldCanBeLocal"})
        private final Scenario classHint;

        HintedBody(Kernel kernel, boolean fixed, Scenario classHint) {
            this.kernel = kernel;
            this.fixed = fixed;
            this.classHint = classHint;
        }

        @Override
        public void run() {
            body(kernel, fixed);
        }
    }

    /** The body Lincheck explores: the same plain-thread run a hand-written test would do. */
    static void body(Kernel kernel, boolean fixed) {
        try {
            ScenarioThreads.run(kernel.scenario(fixed), kernel.threads(), 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new RuntimeException(checked);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    /**
     * Lincheck's report starts with a banner naming the kind of failure, e.g. {@code = The execution failed
     * with an unexpected exception =} or {@code = The execution has hung =}, followed by the exception.
     */
    static String describe(LincheckAssertionError found) {
        String message = found.getMessage() == null ? "" : found.getMessage();
        String kind = null;
        String exception = null;
        for (String raw : message.split("\n")) {
            String line = raw.strip();
            if (kind == null && line.startsWith("=") && line.endsWith("=") && line.length() > 2) {
                kind = line.replaceAll("^=+\\s*|\\s*=+$", "");
            } else if (exception == null && line.matches("^[a-zA-Z_$][\\w$]*(\\.[\\w$]+)+(Error|Exception)\\b.*")) {
                exception = line;
            }
        }
        StringBuilder note = new StringBuilder("LincheckAssertionError");
        if (kind != null) {
            note.append(": ").append(kind);
        }
        if (exception != null) {
            note.append(": ").append(exception);
        }
        String text = oneLine(note.toString());
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    private static String oneLine(String text) {
        return text.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
