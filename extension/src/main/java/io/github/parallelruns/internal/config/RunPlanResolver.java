package io.github.parallelruns.internal.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.VirtualThreads;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Turns a {@link ParallelRuns} annotation into a {@link RunPlan}: attribute first, then configuration
 * parameter, then built-in default; every value checked before anything runs.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunPlanResolver {

    private static final String ANNOTATION = "@ParallelRuns";

    private RunPlanResolver() {}

    /**
     * @param method the test method as messages name it, e.g. {@code sum(TaskContext)}
     * @param availableProcessors what "one worker per processor" means on this machine
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for the first invalid value
     */
    public static RunPlan resolve(
            ParallelRuns annotation, String method, Configuration configuration, int availableProcessors) {
        Mode mode = annotation.mode();
        int maxWorkers = maxWorkers(mode);
        int tasks = annotation.tasks();
        if (tasks < 0) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION, method, "tasks", ">= 1 or 0 for one task per worker", tasks);
        }
        int workers = annotation.workers();
        if (workers < 0) {
            throw ConfigurationErrors.attribute(ANNOTATION, method, "workers", ">= 1 or 0 for auto", workers);
        }
        if (workers > maxWorkers) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION,
                    method,
                    "workers",
                    "<= " + maxWorkers + " for mode " + mode + " (or 0 for auto)",
                    workers);
        }
        if (workers > 0 && tasks > 0 && tasks < workers) {
            throw ConfigurationErrors.attribute(
                    ANNOTATION,
                    method,
                    "tasks",
                    ">= workers (" + workers + ") so that every worker has a task, or 0 for one task per worker",
                    tasks);
        }
        if (workers == 0) {
            workers = defaultWorkers(configuration, mode, maxWorkers, method, availableProcessors);
            if (tasks > 0) {
                // "Auto" never means more workers than there are tasks: documented on ParallelRuns#workers.
                workers = Math.min(workers, tasks);
            }
        }
        Duration timeout = annotation.timeout().isEmpty()
                ? configuration.defaultTimeout()
                : parseTimeout(annotation.timeout(), method);
        // Last, so that a wrong value reads the same on every JVM.
        checkModeRunsOnThisJvm(mode, method);
        boolean failFast = annotation.failFast() == ParallelRuns.FailFast.DEFAULT
                ? configuration.failFast()
                : annotation.failFast() == ParallelRuns.FailFast.ON;
        return new RunPlan(method, mode, workers, tasks == 0 ? workers : tasks, timeout, failFast);
    }

    /** The budget of {@code @HuntRaces}, checked as {@code @ParallelRuns(timeout)} is. */
    public static Duration huntBudget(String budget, String method) {
        try {
            return DurationParser.parsePositive(budget);
        } catch (IllegalArgumentException e) {
            throw ConfigurationErrors.attribute("@HuntRaces", method, "budget", "as " + e.getMessage(), budget);
        }
    }

    /** {@code @HuntRaces} repeats a {@code @ParallelRuns} test that does not measure. */
    public static void checkHunt(
            String method, boolean parallelRuns, boolean measures, List<String> otherTestAnnotations) {
        if (!otherTestAnnotations.isEmpty()) {
            throw ConfigurationErrors.mode(
                    "@HuntRaces",
                    method,
                    "@HuntRaces makes the method a test of its own, " + "repeated; remove "
                            + String.join(" and ", otherTestAnnotations));
        }
        if (!parallelRuns) {
            throw ConfigurationErrors.mode(
                    "@HuntRaces",
                    method,
                    "@HuntRaces repeats a @ParallelRuns test, but " + "the method has no @ParallelRuns; add it");
        }
        if (measures) {
            throw ConfigurationErrors.mode(
                    "@HuntRaces",
                    method,
                    "@HuntRaces cannot be combined with "
                            + "@ExpectSpeedup or @ScalingSweep: they measure, it hunts for failures; use one per test method");
        }
    }

    private static void checkModeRunsOnThisJvm(Mode mode, String method) {
        if (mode == Mode.VIRTUAL_THREADS && !VirtualThreads.available()) {
            throw ConfigurationErrors.mode(
                    ANNOTATION,
                    method,
                    "mode VIRTUAL_THREADS needs Java "
                            + VirtualThreads.REQUIRED_JAVA_VERSION
                            + " or newer (virtual threads), but this test runs on Java "
                            + Runtime.version() + " (" + System.getProperty("java.home")
                            + "); run the tests on a newer JDK "
                            + "or use mode THREADS");
        }
    }

    /** The most workers a run in {@code mode} may have. */
    public static int maxWorkers(Mode mode) {
        switch (mode) {
            case VIRTUAL_THREADS:
                return ConfigurationParameters.MAX_VIRTUAL_THREAD_WORKERS;
            case PROCESSES:
                return ConfigurationParameters.MAX_PROCESS_WORKERS;
            default:
                return ConfigurationParameters.MAX_THREAD_WORKERS;
        }
    }

    private static int defaultWorkers(
            Configuration configuration, Mode mode, int maxWorkers, String method, int availableProcessors) {
        int workers = configuration.defaultWorkers();
        if (workers > maxWorkers) {
            throw ConfigurationErrors.parameter(
                    ConfigurationParameters.WORKERS_DEFAULT,
                    "at most " + maxWorkers + " for mode " + mode + " (used by method '" + method + "')",
                    String.valueOf(workers));
        }
        return workers == 0 ? Math.min(availableProcessors, maxWorkers) : workers;
    }

    private static Duration parseTimeout(String timeout, String method) {
        try {
            return DurationParser.parsePositive(timeout);
        } catch (IllegalArgumentException e) {
            throw ConfigurationErrors.attribute(ANNOTATION, method, "timeout", "as " + e.getMessage(), timeout);
        }
    }
}
