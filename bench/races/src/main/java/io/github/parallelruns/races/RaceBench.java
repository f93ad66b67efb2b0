package io.github.parallelruns.races;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one kernel's buggy or fixed version {@code runs} times with one approach and prints a
 * {@code RESULT} line per run: tool, kernel, version, run, detected (0/1), milliseconds, note.
 *
 * <p>Usage: {@code RaceBench <tool> <kernel id> <buggy|fixed> <runs>}, tool one of {@code executor}
 * (a fixed pool of 2 threads, and a loop of fresh scenarios, each submitted and checked, for 2 s or until
 * one fails), {@code parallelruns}
 * ({@code @ParallelRuns} with its defaults), {@code repeated} ({@code @ParallelRuns} under
 * {@code @RepeatedTest(value = 100, failureThreshold = 1)}) and {@code hunt} ({@code @ParallelRuns} with
 * {@code @HuntRaces(budget = "2s")}).
 */
public final class RaceBench {

    /** How long a run may hang before it counts as a hang (a deadlock, a stop flag never seen). */
    static final long HANG_MILLIS = 1000;

    /** How long the hand-written loop keeps trying, as {@code @HuntRaces(budget = "2s")} does. */
    static final long LOOP_MILLIS = 2000;

    /** The exit status after a run that left a part hanging: the driver goes on in a fresh JVM. */
    static final int HUNG = 3;

    private RaceBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: RaceBench <executor|parallelruns|repeated> <kernel> <buggy|fixed> <runs> "
                    + "[extra configuration key=value ...]");
            System.exit(2);
        }
        String tool = args[0];
        Kernel kernel = Kernel.byId(args[1]);
        boolean fixed = args[2].equals("fixed");
        int runs = Integer.parseInt(args[3]);
        // The first run's number: after a hang the JVM ends (below), and the driver starts a new one from there.
        int first = Integer.getInteger("races.firstRun", 0);
        List<String> extra = List.of(args).subList(4, args.length);
        Launcher launcher = LauncherFactory.create();
        for (int run = first; run < runs; run++) {
            long start = System.nanoTime();
            String note;
            switch (tool) {
                case "executor":
                    note = executor(kernel, fixed);
                    break;
                case "parallelruns":
                    note = launch(launcher, "defaults", kernel, fixed, extra);
                    break;
                case "repeated":
                case "hunt":
                    note = launch(launcher, tool, kernel, fixed, extra);
                    break;
                default:
                    throw new IllegalArgumentException("unknown tool '" + tool + "'");
            }
            long millis = (System.nanoTime() - start) / 1_000_000L;
            System.out.println(String.join("\t", "RESULT", tool, kernel.id(), fixed ? "fixed" : "buggy",
                    String.valueOf(run), note == null ? "0" : "1", String.valueOf(millis),
                    note == null ? "" : oneLine(note)));
            System.out.flush();
            if (note != null && kernel.hangs() && run + 1 < runs) {
                // A hung part cannot be stopped: a spinning one would keep a core busy for the next runs.
                System.exit(HUNG);
            }
        }
        System.exit(0);
    }

    /**
     * A hand-written stress test: a pool of 2 threads, and in a loop for at most {@link #LOOP_MILLIS} ms a
     * fresh scenario, its parts submitted, a wait of at most {@link #HANG_MILLIS} ms, the check; null when
     * no round failed.
     */
    static String executor(Kernel kernel, boolean fixed) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(kernel.threads(), runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
        try {
            long end = System.nanoTime() + LOOP_MILLIS * 1_000_000L;
            do {
                String found = round(pool, kernel, fixed);
                if (found != null) {
                    return found;
                }
            } while (System.nanoTime() - end < 0);
            return null;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String round(ExecutorService pool, Kernel kernel, boolean fixed) throws InterruptedException {
        Scenario scenario = kernel.scenario(fixed);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < kernel.threads(); t++) {
                int index = t;
                parts.add(pool.submit(() -> {
                    scenario.part(index);
                    return null;
                }));
            }
            long deadline = System.nanoTime() + HANG_MILLIS * 1_000_000L;
            for (Future<?> part : parts) {
                try {
                    part.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    return "hang: a part did not end within " + HANG_MILLIS + " ms";
                } catch (java.util.concurrent.ExecutionException e) {
                    return e.getCause().toString();
                }
            }
            scenario.check();
            return null;
        } catch (AssertionError e) {
            return e.toString();
        }
    }

    static String launch(Launcher launcher, String method, Kernel kernel, boolean fixed, List<String> extra) {
        Fixtures.kernel = kernel;
        Fixtures.fixed = fixed;
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(Fixtures.class.getName() + "#" + method + "(io.github.parallelruns.TaskContext)"))
                .configurationParameters(Map.of(
                        "parallelruns.workers.default", String.valueOf(kernel.threads()),
                        "parallelruns.timeout.default", HANG_MILLIS + "ms",
                        "parallelruns.report.summary", "false",
                        "parallelruns.turns.tests", "false"));
        for (String pair : extra) {
            int eq = pair.indexOf('=');
            request.configurationParameter(pair.substring(0, eq), pair.substring(eq + 1));
        }
        LauncherDiscoveryRequest built = request.build();
        String[] failure = new String[1];
        launcher.execute(built, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED && failure[0] == null) {
                    failure[0] = result.getThrowable().map(Throwable::toString).orElse("failed");
                }
            }
        });
        return failure[0];
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 160 ? line.substring(0, 160) : line;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
