package io.github.parallelruns.races.fray;

import io.github.parallelruns.races.Kernel;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pastalab.fray.core.FrayInternalError;
import org.pastalab.fray.core.TestRunner;
import org.pastalab.fray.core.command.Configuration;
import org.pastalab.fray.core.command.ExecutionInfo;
import org.pastalab.fray.core.command.MethodExecutor;
import org.pastalab.fray.core.observers.TimelineCoverageType;
import org.pastalab.fray.core.randomness.ControlledRandomProvider;
import org.pastalab.fray.core.scheduler.SURWScheduler;
import org.pastalab.fray.core.scheduler.Scheduler;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;

/**
 * One kernel and version, runs {@code from} to {@code to}: each run is one Fray test execution of the
 * matching {@link FrayKernelTargets} method, launched exactly as fray-junit 0.9.2 launches a
 * {@code @FrayTest} ({@code FrayTestRunExtension.launchFrayTest}: the same {@link Configuration}, built
 * from the method's annotation, and the same {@link TestRunner}), with the budget given here in place of
 * the annotation's {@code iterations}. The configuration is built here rather than by calling
 * {@code launchFrayTest} only to see the iteration at which Fray found the bug.
 *
 * <p>Started by {@link FrayHarnessTest} in a JVM of its own, with the JVM and arguments that
 * fray-plugins-maven gave the Surefire fork (Fray's instrumented JDK, Fray's agents). Each run appends
 * one RESULT line to the results file.
 *
 * <p>A run that stops making progress (no new Fray iteration for {@code stallMillis}) is a hang, which
 * {@link Kernel#hangs()} counts as finding the bug; Fray itself reports nothing. The {@link Watchdog} writes
 * the run's line. A livelock that Fray keeps scheduling is ended in this JVM and the runs go on; a thread
 * that spins without ever reaching a Fray scheduling point cannot be stopped (the JDK has no way left to
 * stop a thread), so the JVM halts with {@link #EXIT_HANG} and the parent starts a new one at the next run.
 *
 * <p>Arguments: kernel id, {@code buggy|fixed}, from, to, iterations, results file, stallMillis.
 */
public final class FrayRuns {

    /** Exit status after a hang: the hung run's line is written, the runs after it are not. */
    public static final int EXIT_HANG = 3;

    private FrayRuns() {
    }

    public static void main(String[] args) throws Exception {
        Kernel kernel = Kernel.byId(args[0]);
        boolean fixed = switch (args[1]) {
            case "fixed" -> true;
            case "buggy" -> false;
            default -> throw new IllegalArgumentException("version must be buggy or fixed: " + args[1]);
        };
        int from = Integer.parseInt(args[2]);
        int to = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        Path results = Paths.get(args[5]);
        long stallMillis = Long.parseLong(args[6]);

        String methodName = targetMethod(kernel, fixed);
        Method target = FrayKernelTargets.class.getMethod(methodName);
        FrayTest annotation = target.getAnnotation(FrayTest.class);
        Path reportDir = Paths.get(System.getProperty("fray.workDir", "target/fray/fray-report"))
                .resolve(kernel.id() + "-" + args[1]);
        List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));

        Watchdog watchdog = new Watchdog(stallMillis, results);
        watchdog.start();
        for (int run = from; run <= to; run++) {
            Configuration config = configuration(annotation, FrayKernelTargets.class.getName(), methodName,
                    classpath, reportDir, iterations);
            String prefix = "RESULT\tfray\t" + kernel.id() + "\t" + args[1] + "\t" + run + "\t";
            System.out.println("fray harness: run " + run + " starts at " + java.time.Instant.now());
            long start = System.nanoTime();
            watchdog.watch(config, prefix, start);
            Throwable bug = new TestRunner(config).run();
            long millis = (System.nanoTime() - start) / 1_000_000L;
            String hang = watchdog.unwatch();
            String line;
            if (hang != null && bug instanceof HarnessHang) {
                line = prefix + "1\t" + millis + "\t" + hang;
            } else if (bug == null) {
                line = prefix + "0\t" + millis + "\tno bug found in " + iterations + " iterations";
            } else if (bug instanceof FrayInternalError) {
                line = prefix + "0\t" + millis + "\tFray internal error, no bug reported: " + shortText(bug);
            } else {
                line = prefix + "1\t" + millis + "\t" + shortText(bug) + " (iteration "
                        + (config.getCurrentIteration() + 1) + " of " + iterations + ")";
            }
            append(results, line);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** {@code lostUpdateBuggy} for LOST_UPDATE, buggy. */
    static String targetMethod(Kernel kernel, boolean fixed) {
        String[] words = kernel.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.append(fixed ? "Fixed" : "Buggy").toString();
    }

    /**
     * The configuration fray-junit 0.9.2's {@code FrayTestRunExtension.launchFrayTest} builds for a
     * {@code @FrayTest} method (no replay): argument for argument, from the annotation, but for the report
     * folder (one per kernel and version) and the iteration budget. Two system properties, for experiments
     * only and unset by ./run, can override {@code sleepAsYield} and {@code resetClassLoaderPerIteration}.
     */
    static Configuration configuration(FrayTest annotation, String className, String methodName,
            List<String> classpath, Path reportDir, int iterations) throws ReflectiveOperationException {
        Scheduler scheduler = annotation.scheduler().getConstructor().newInstance();
        TimelineCoverageType coverage = annotation.collectTimelineCoverage() == TimelineCoverageType.NONE
                ? null : annotation.collectTimelineCoverage();
        return new Configuration(
                new ExecutionInfo(
                        new MethodExecutor(className, methodName, List.of(), classpath, Map.of()),
                        annotation.ignoreUncaughtExceptions(),
                        false, // interleaveMemoryOps: fray-junit always passes false
                        -1), // maxScheduledStep: fray-junit always passes -1 (no step bound)
                reportDir,
                iterations,
                600, // timeout in seconds: fray-junit's value
                scheduler,
                new ControlledRandomProvider(),
                false, // fullSchedule
                false, // exploreMode
                true, // noExitWhenBugFound
                false, // isReplay
                false, // noFray
                false, // dummyRun
                annotation.networkDelegateType(),
                annotation.systemTimeDelegateType(),
                annotation.virtualTimeDelta(),
                annotation.ignoreTimedBlock(),
                override("fray.harness.sleepAsYield", annotation.sleepAsYield()),
                override("fray.harness.resetClassLoader", annotation.resetClassLoaderPerIteration()),
                false, // redirectStdout
                annotation.abortThreadExecutionAfterMainExit(),
                scheduler instanceof SURWScheduler,
                coverage);
    }

    /** The annotation's value, unless the system property names another (for experiments; ./run sets none). */
    private static boolean override(String property, boolean annotationValue) {
        String value = System.getProperty(property, "");
        return value.isBlank() ? annotationValue : Boolean.parseBoolean(value);
    }

    static String shortText(Throwable bug) {
        String message = bug.getMessage();
        String text = bug.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        text = text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }

    static synchronized void append(Path results, String line) throws IOException {
        Files.writeString(results, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        System.out.println(line);
    }

    /**
     * Declares a hang when the watched run's Fray iteration has not moved for {@code stallMillis}. Started
     * before any Fray run, so Fray does not manage it: its sleeps and locks are the JDK's own.
     *
     * <p>Two kinds of hang, told apart by Fray's step counter ({@code RunContext.step}, one per scheduling
     * decision): a livelock that Fray keeps scheduling (the step counter moves: a thread spins through
     * scheduling points while the thread it waits for is never chosen), and a spin that never reaches a
     * scheduling point (the counter stands still). The first is ended inside this JVM by handing Fray a
     * {@link HarnessHang} as the run's error ({@code RunContext.reportError}, which makes every scenario
     * thread stop at its next scheduling point), so the run ends and the next one starts here. The second
     * cannot be ended: the line is written and the JVM halts with {@link #EXIT_HANG}.
     */
    static final class Watchdog extends Thread {
        private final long stallMillis;
        private final Path results;
        /** The run being watched, or null between runs; guarded by this for the end of a run. */
        private volatile Watch current;

        /** One run: its configuration, its line's prefix, its start; the livelock note once handed to Fray. */
        private static final class Watch {
            final Configuration config;
            final String prefix;
            final long start;
            volatile String hangNote;

            Watch(Configuration config, String prefix, long start) {
                this.config = config;
                this.prefix = prefix;
                this.start = start;
            }
        }

        Watchdog(long stallMillis, Path results) {
            super("fray-harness-watchdog");
            setDaemon(true);
            this.stallMillis = stallMillis;
            this.results = results;
        }

        void watch(Configuration config, String prefix, long start) {
            current = new Watch(config, prefix, start);
        }

        /** Stops watching; the hang's note if this watchdog ended the run as a livelock, else null. */
        synchronized String unwatch() {
            Watch watch = current;
            current = null;
            return watch == null ? null : watch.hangNote;
        }

        @Override
        public void run() {
            Watch seen = null;
            int iteration = -1;
            long since = 0;
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                Watch watch = current;
                long now = System.nanoTime();
                if (watch == null) {
                    seen = null;
                    continue;
                }
                int currentIteration = watch.config.getCurrentIteration();
                if (watch != seen || currentIteration != iteration) {
                    seen = watch;
                    iteration = currentIteration;
                    since = now;
                    continue;
                }
                long stalled = (now - since) / 1_000_000L;
                // A livelock handed to Fray gets three more stall times to end before it counts as a spin.
                if (stalled < (watch.hangNote == null ? stallMillis : 4 * stallMillis)) {
                    continue;
                }
                String where = stacks();
                long steps = -1;
                // Up to three looks of 200 ms: on a loaded machine a spinning thread can lose its core a while.
                for (int look = 0; watch.hangNote == null && look < 3 && steps <= 0; look++) {
                    steps = stepsIn(200);
                }
                if (watch.hangNote == null) {
                    dumpStacks(watch.prefix);
                }
                // No Fray step: a spin if a scenario thread is executing kernel code; anything else (a slow
                // first iteration loading classes, say) gets up to five stall times before it counts.
                if (steps <= 0 && watch.hangNote == null && !spinningInKernel() && stalled < 5 * stallMillis) {
                    continue;
                }
                if (steps > 0) {
                    watch.hangNote = "hang (livelock): iteration " + (iteration + 1) + " of " + watch.config.getIter()
                            + " made no progress for " + stallMillis + " ms while Fray kept scheduling ("
                            + steps * 5 + " steps/s); Fray reported nothing (" + where + ")";
                    if (endRun(watch.hangNote)) {
                        continue;
                    }
                    watch.hangNote = null;
                }
                synchronized (this) {
                    if (current != watch) {
                        continue; // the run ended meanwhile
                    }
                    long millis = (System.nanoTime() - watch.start) / 1_000_000L;
                    String line = watch.prefix + "1\t" + millis + "\thang (spin): iteration " + (iteration + 1) + " of "
                            + watch.config.getIter() + " made no progress for " + stallMillis
                            + " ms, no Fray scheduling step in that time; Fray reported nothing (" + where + ")";
                    try {
                        append(results, line);
                    } catch (IOException e) {
                        e.printStackTrace();
                    }
                    System.out.flush();
                    Runtime.getRuntime().halt(EXIT_HANG);
                }
            }
        }

        /** The current Fray run's {@code RunContext}, through the runtime's delegate; null outside a run. */
        private static Object runContext() {
            try {
                Object delegate = Class.forName("org.pastalab.fray.runtime.Runtime").getField("LOCK_DELEGATE").get(null);
                return delegate.getClass().getMethod("getContext").invoke(delegate);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** How many scheduling steps the current Fray run takes in {@code millis}; -1 if it cannot be told. */
        private static long stepsIn(long millis) {
            Object context = runContext();
            long before = step(context);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return -1;
            }
            Object after = runContext();
            if (context == null || after != context || before < 0) {
                return -1;
            }
            return step(context) - before;
        }

        private static long step(Object context) {
            if (context == null) {
                return -1;
            }
            try {
                return ((Number) context.getClass().getMethod("getStep").invoke(context)).longValue();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return -1;
            }
        }

        private static boolean endRun(String note) {
            Object context = runContext();
            if (context == null) {
                return false;
            }
            try {
                context.getClass().getMethod("reportError", Throwable.class).invoke(context, new HarnessHang(note));
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        /** The scenario threads' full stacks, to this JVM's output (target/fray-logs/), for a hang's diagnosis. */
        private static void dumpStacks(String prefix) {
            StringBuilder out = new StringBuilder("fray harness: stall in " + prefix.replace('\t', ' ').trim() + "\n");
            for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
                if (!entry.getKey().getName().startsWith("part-")) {
                    continue;
                }
                out.append("  ").append(entry.getKey().getName()).append(" (").append(entry.getKey().getState()).append(")\n");
                for (StackTraceElement element : entry.getValue()) {
                    out.append("    at ").append(element).append('\n');
                }
            }
            System.out.print(out);
            System.out.flush();
        }

        /** Whether a scenario thread's innermost frame is kernel code: it runs, outside Fray and the JDK. */
        private static boolean spinningInKernel() {
            for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
                StackTraceElement[] stack = entry.getValue();
                if (entry.getKey().getName().startsWith("part-") && stack.length > 0
                        && stack[0].getClassName().startsWith("io.github.parallelruns.races.Kernels")) {
                    return true;
                }
            }
            return false;
        }

        /** Where the scenario's threads are: a spin with no Fray scheduling point, or a thread Fray parked. */
        private static String stacks() {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
                String name = entry.getKey().getName();
                if (!name.startsWith("part-")) {
                    continue;
                }
                StackTraceElement[] stack = entry.getValue();
                String where = "?";
                for (StackTraceElement element : stack) {
                    if (element.getClassName().startsWith("io.github.parallelruns.races.Kernels")) {
                        where = element.getClassName().substring(element.getClassName().lastIndexOf('.') + 1)
                                + ":" + element.getLineNumber();
                        break;
                    }
                }
                boolean inFray = Arrays.stream(stack).anyMatch(e -> e.getClassName().startsWith("org.pastalab.fray"));
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(name).append(" at ").append(where).append(inFray ? " parked by Fray" : " running");
            }
            return out.length() == 0 ? "no part threads" : out.toString();
        }
    }

    /** What the watchdog hands Fray to end a livelocked run; never a bug Fray found. */
    static final class HarnessHang extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HarnessHang(String message) {
            super(message, null, false, false);
        }
    }
}
