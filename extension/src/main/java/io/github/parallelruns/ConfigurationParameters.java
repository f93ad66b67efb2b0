package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The JUnit Platform configuration parameters that ParallelRuns reads, with their limits.
 *
 * <p>Set them in {@code src/test/resources/junit-platform.properties}, as system properties
 * ({@code -Dparallelruns.timeout.default=1m}), or through a build tool's JUnit Platform
 * configuration. They are read once per test run. An annotation attribute always wins over a
 * configuration parameter, which wins over the built-in default.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ConfigurationParameters {

    /**
     * The timeout of a parallel run whose {@link ParallelRuns#timeout()} is empty, in the format of
     * that attribute. Default: {@code 5m}.
     */
    public static final String TIMEOUT_DEFAULT = "parallelruns.timeout.default";

    /**
     * The number of workers of a parallel run whose {@link ParallelRuns#workers()} is {@code 0}.
     * Default: {@code 0}, one worker per available processor.
     */
    public static final String WORKERS_DEFAULT = "parallelruns.workers.default";

    /**
     * Whether a parallel run whose {@link ParallelRuns#failFast()} is {@link ParallelRuns.FailFast#DEFAULT}
     * stops starting tasks after the first task failed or aborted: {@code true}, or {@code false} (the
     * default: every task runs, and the failures are counted by kind).
     */
    public static final String FAIL_FAST_DEFAULT = "parallelruns.failFast.default";

    /**
     * Extra JVM options for every worker JVM of {@link Mode#PROCESSES} tests, separated by white
     * space, e.g. {@code -Xmx512m -XX:+UseSerialGC}; before those of {@link WorkerJvmArgs}. Default:
     * none.
     */
    public static final String PROCESSES_JVM_ARGS = "parallelruns.processes.jvmArgs";

    /**
     * Whether worker JVMs of {@link Mode#PROCESSES} tests are kept for later tests of the same test
     * run that need workers with the same JVM, options and class path: {@code true} (the default)
     * or {@code false} (every test starts fresh JVMs: slower, but no static state survives from an
     * earlier test).
     */
    public static final String PROCESSES_REUSE = "parallelruns.processes.reuse";

    /**
     * Whether worker JVMs of {@link Mode#PROCESSES} tests start from a class-data archive of the
     * test class path's jars, made once per machine, JDK and set of jars and kept in
     * {@link #PROCESSES_CACHE_DIR}: {@code true} (the default) or {@code false}. Worker JVMs then
     * list the class path's jars before its directories (when no file is in both); see the
     * documentation of worker JVMs.
     */
    public static final String PROCESSES_CLASS_DATA_SHARING = "parallelruns.processes.classDataSharing";

    /**
     * The folder for the class-data archives of worker JVMs. Default: {@code parallelruns} in the
     * user's cache folder ({@code $XDG_CACHE_HOME} or {@code ~/.cache} on Linux,
     * {@code ~/Library/Caches} on macOS, {@code %LOCALAPPDATA%} on Windows).
     */
    public static final String PROCESSES_CACHE_DIR = "parallelruns.processes.cacheDir";

    /**
     * Whether worker JVMs are started in the background when a test run begins whose test plan holds
     * {@link Mode#PROCESSES} tests, so that the first of them finds its workers ready: {@code true}
     * (the default) or {@code false}. At most as many as the largest worker count of those tests and
     * the machine's processors.
     */
    public static final String PROCESSES_PRESTART = "parallelruns.processes.prestart";

    /**
     * The wall-time budget of one {@link ExpectSpeedup} measurement, warm-up included, in the format of
     * {@link ParallelRuns#timeout()}. When the next batch of pairs would exceed it, the verdict is
     * INCONCLUSIVE. Default: {@code 10s}.
     */
    public static final String SPEEDUP_BUDGET = "parallelruns.speedup.budget";

    /**
     * What an INCONCLUSIVE {@link ExpectSpeedup} verdict does to the test: {@code abort} (the default:
     * the test is reported as skipped, with the reason), {@code fail}, or {@code warn} (the test
     * passes; the verdict is printed to standard error and published as a report entry).
     */
    public static final String SPEEDUP_INCONCLUSIVE = "parallelruns.speedup.inconclusive";

    /**
     * Whether {@link ExpectSpeedup} measures: {@code true} (the default) or {@code false}, which runs
     * the parallel run once, as without the annotation, and reports that the bound was not checked (a
     * fast local loop).
     */
    public static final String SPEEDUP_ENABLED = "parallelruns.speedup.enabled";

    /**
     * The folder the JSON report of every parallel test and the HTML report of the test run are
     * written to, relative to the working directory unless absolute. Default:
     * {@code target/parallel-runs}.
     */
    public static final String REPORT_DIR = "parallelruns.report.dir";

    /**
     * Whether a summary table of every parallel test is printed to standard output when the test run
     * ends: {@code true} (the default) or {@code false}. The JSON and HTML reports are written either
     * way.
     */
    public static final String REPORT_SUMMARY = "parallelruns.report.summary";

    /**
     * The baseline file measured speedups are compared with, relative to the working directory unless
     * absolute. Default: {@code src/test/resources/parallel-runs-baseline.json}; when this key is not
     * set and that file does not exist, nothing is compared. A file named here must exist unless
     * {@link #BASELINE_UPDATE} is {@code true}.
     */
    public static final String BASELINE_FILE = "parallelruns.baseline.file";

    /**
     * How far below its baseline speedup a measured speedup may fall before the test fails, as a
     * fraction in {@code [0, 1)}: the test fails when the upper end of its interval is below
     * {@code baseline × (1 - tolerance)}. Default: {@code 0.10}.
     */
    public static final String BASELINE_TOLERANCE = "parallelruns.baseline.tolerance";

    /**
     * {@code true} to write this run's measured speedups into the baseline file when the test run
     * ends (tests measured in this run replace their entries; others are kept) instead of comparing
     * with it; default {@code false}.
     */
    public static final String BASELINE_UPDATE = "parallelruns.baseline.update";

    /**
     * The lock file through which speedup measurements in different JVMs of this machine take turns
     * (and ordinary tests wait while one measures, see {@link #TURNS_TESTS}), or {@code none} to turn
     * turn-taking off. Default: {@code parallelruns-<user>/turns.lock} under {@code java.io.tmpdir},
     * shared by every build of the same user. The file is created when missing and never deleted.
     */
    public static final String TURNS_FILE = "parallelruns.turns.file";

    /**
     * The longest a speedup measurement waits for its turn while measurements in other JVMs (or in
     * this one) run, in the format of {@link ParallelRuns#timeout()}; when it runs out, the verdict is
     * INCONCLUSIVE with the reason. Default: {@code 10m}, long enough for another fork's queue of
     * measurements.
     */
    public static final String TURNS_WAIT = "parallelruns.turns.wait";

    /**
     * Whether ordinary tests of other JVMs that use ParallelRuns wait at their start while a speedup
     * measurement runs, and a measurement waits for the tests already running there to end:
     * {@code true} (the default) or {@code false}.
     */
    public static final String TURNS_TESTS = "parallelruns.turns.tests";

    /**
     * The longest a test waits at its start for another JVM's measurement to end, and the longest a
     * measurement waits for the tests running in other JVMs to end, in the format of
     * {@link ParallelRuns#timeout()}; after it, the test starts (or the measurement begins) anyway.
     * Default: {@code 1m}.
     */
    public static final String TURNS_TEST_WAIT = "parallelruns.turns.testWait";

    /** The most workers a {@link Mode#THREADS} run may have: {@value}. */
    public static final int MAX_THREAD_WORKERS = 4096;

    /** The most workers a {@link Mode#PROCESSES} run may have: {@value} worker JVMs. */
    public static final int MAX_PROCESS_WORKERS = 64;

    /** The most workers a {@link Mode#VIRTUAL_THREADS} run may have: {@value}. */
    public static final int MAX_VIRTUAL_THREAD_WORKERS = 100_000;

    private ConfigurationParameters() {}
}
