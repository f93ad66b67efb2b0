package io.github.parallelruns.internal.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.internal.measure.MachineTurns;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The configuration parameters of a test run, read and checked once.
 *
 * @param defaultTimeout the timeout of a run whose annotation leaves it empty
 * @param defaultWorkers the workers of a run whose annotation says 0; 0 means one per processor
 * @param processJvmArgs extra options for every worker JVM
 * @param reuseProcesses whether worker JVMs serve several tests
 * @param workerStart how worker JVMs are started
 * @param speedupBudget the wall-time budget of one speedup measurement
 * @param inconclusive what an INCONCLUSIVE speedup verdict does to the test
 * @param speedupEnabled whether {@code @ExpectSpeedup} measures at all
 * @param reports where reports go and whether the summary is printed
 * @param baseline the baseline file and how it is used
 * @param turns how measurements and tests in different JVMs take turns
 * @param failFast whether runs whose annotation leaves it to the configuration stop at their first failure
 */
@API(status = INTERNAL, since = "0.1")
public record Configuration(
        Duration defaultTimeout,
        int defaultWorkers,
        List<String> processJvmArgs,
        boolean reuseProcesses,
        WorkerStart workerStart,
        Duration speedupBudget,
        Inconclusive inconclusive,
        boolean speedupEnabled,
        Reports reports,
        Baseline baseline,
        Turns turns,
        boolean failFast) {

    /**
     * Turn-taking between JVMs.
     *
     * @param file the lock file, empty when turn-taking is off
     * @param maxWait see {@link ConfigurationParameters#TURNS_WAIT}
     * @param tests see {@link ConfigurationParameters#TURNS_TESTS}
     * @param testWait see {@link ConfigurationParameters#TURNS_TEST_WAIT}
     */
    public record Turns(Optional<Path> file, Duration maxWait, boolean tests, Duration testWait) {

        /** How long a measurement waits for its turn unless configured otherwise: 10 minutes. */
        public static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

        /** How long a test waits at its start unless configured otherwise: 1 minute. */
        public static final Duration DEFAULT_TEST_WAIT = Duration.ofMinutes(1);

        public Turns {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(maxWait, "maxWait");
            Objects.requireNonNull(testWait, "testWait");
        }
    }

    /**
     * How worker JVMs start.
     *
     * @param classDataSharing see {@link ConfigurationParameters#PROCESSES_CLASS_DATA_SHARING}
     * @param cacheDir see {@link ConfigurationParameters#PROCESSES_CACHE_DIR}
     * @param prestart see {@link ConfigurationParameters#PROCESSES_PRESTART}
     */
    public record WorkerStart(boolean classDataSharing, Path cacheDir, boolean prestart) {

        public WorkerStart {
            Objects.requireNonNull(cacheDir, "cacheDir");
        }

        /** The defaults, with the cache in the user's cache folder. */
        public static WorkerStart defaults() {
            return new WorkerStart(true, defaultCacheDir(System::getenv), true);
        }

        /** {@code parallelruns} in the user's cache folder of this operating system. */
        static Path defaultCacheDir(Function<String, String> environment) {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            Path home = Path.of(System.getProperty("user.home"));
            if (os.contains("win")) {
                String local = environment.apply("LOCALAPPDATA");
                return (local == null || local.isBlank()
                                ? home.resolve("AppData").resolve("Local")
                                : Path.of(local))
                        .resolve("parallelruns");
            }
            if (os.contains("mac")) {
                return home.resolve("Library").resolve("Caches").resolve("parallelruns");
            }
            String xdg = environment.apply("XDG_CACHE_HOME");
            return (xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? home.resolve(".cache") : Path.of(xdg))
                    .resolve("parallelruns");
        }
    }

    /** Where the reports go. */
    public record Reports(Path dir, boolean summary) {

        /** The report folder when {@link ConfigurationParameters#REPORT_DIR} is not set. */
        public static final String DEFAULT_DIR = "target/parallel-runs";

        public Reports {
            Objects.requireNonNull(dir, "dir");
        }
    }

    /**
     * The baseline comparison.
     *
     * @param file the baseline file
     * @param explicit whether the file was named by {@link ConfigurationParameters#BASELINE_FILE}
     * @param tolerance see {@link ConfigurationParameters#BASELINE_TOLERANCE}
     * @param update see {@link ConfigurationParameters#BASELINE_UPDATE}
     */
    public record Baseline(Path file, boolean explicit, double tolerance, boolean update) {

        /** The baseline file when {@link ConfigurationParameters#BASELINE_FILE} is not set. */
        public static final String DEFAULT_FILE = "src/test/resources/parallel-runs-baseline.json";

        /** The tolerance when {@link ConfigurationParameters#BASELINE_TOLERANCE} is not set. */
        public static final double DEFAULT_TOLERANCE = 0.10;

        public Baseline {
            Objects.requireNonNull(file, "file");
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance must be >= 0 and < 1, but was " + tolerance);
            }
        }
    }

    /** What an INCONCLUSIVE speedup verdict does to the test. */
    public enum Inconclusive {
        /** The test is aborted: reported as skipped, with the reason. */
        ABORT,
        /** The test fails. */
        FAIL,
        /** The test passes, with a warning on standard error and in a report entry. */
        WARN
    }

    /** The speedup budget when {@link ConfigurationParameters#SPEEDUP_BUDGET} is not set. */
    public static final Duration BUILT_IN_SPEEDUP_BUDGET = Duration.ofSeconds(10);

    /** The timeout when neither the annotation nor {@link ConfigurationParameters#TIMEOUT_DEFAULT} sets one. */
    public static final Duration BUILT_IN_TIMEOUT = Duration.ofMinutes(5);

    /** Every configuration parameter ParallelRuns reads; any other {@code parallelruns.*} key is a mistake. */
    static final Set<String> KNOWN_KEYS = Set.of(
            ConfigurationParameters.TIMEOUT_DEFAULT,
            ConfigurationParameters.WORKERS_DEFAULT,
            ConfigurationParameters.PROCESSES_JVM_ARGS,
            ConfigurationParameters.PROCESSES_REUSE,
            ConfigurationParameters.PROCESSES_CLASS_DATA_SHARING,
            ConfigurationParameters.PROCESSES_CACHE_DIR,
            ConfigurationParameters.PROCESSES_PRESTART,
            ConfigurationParameters.SPEEDUP_BUDGET,
            ConfigurationParameters.SPEEDUP_INCONCLUSIVE,
            ConfigurationParameters.SPEEDUP_ENABLED,
            ConfigurationParameters.REPORT_DIR,
            ConfigurationParameters.REPORT_SUMMARY,
            ConfigurationParameters.BASELINE_FILE,
            ConfigurationParameters.BASELINE_TOLERANCE,
            ConfigurationParameters.BASELINE_UPDATE,
            ConfigurationParameters.TURNS_FILE,
            ConfigurationParameters.TURNS_WAIT,
            ConfigurationParameters.TURNS_TESTS,
            ConfigurationParameters.TURNS_TEST_WAIT,
            ConfigurationParameters.FAIL_FAST_DEFAULT);

    public Configuration {
        processJvmArgs = List.copyOf(processJvmArgs);
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout must be > 0, but was " + defaultTimeout);
        }
        Objects.requireNonNull(inconclusive, "inconclusive");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(turns, "turns");
        if (speedupBudget.isNegative() || speedupBudget.isZero()) {
            throw new IllegalArgumentException("speedupBudget must be > 0, but was " + speedupBudget);
        }
        if (defaultWorkers < 0) {
            throw new IllegalArgumentException("defaultWorkers must be >= 0, but was " + defaultWorkers);
        }
    }

    /**
     * Reads every parameter through {@code parameters} (JUnit's
     * {@code ExtensionContext::getConfigurationParameter}).
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException naming the key, the rule
     *     and the value, for the first value that is not valid
     */
    public static Configuration read(Function<String, Optional<String>> parameters) {
        UnknownKeys.check(KNOWN_KEYS);
        Duration timeout = parameters
                .apply(ConfigurationParameters.TIMEOUT_DEFAULT)
                .map(value -> parseTimeout(ConfigurationParameters.TIMEOUT_DEFAULT, value))
                .orElse(BUILT_IN_TIMEOUT);
        int workers = parameters
                .apply(ConfigurationParameters.WORKERS_DEFAULT)
                .map(value -> parseWorkers(ConfigurationParameters.WORKERS_DEFAULT, value))
                .orElse(0);
        List<String> jvmArgs = parameters
                .apply(ConfigurationParameters.PROCESSES_JVM_ARGS)
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .map(value -> List.of(value.split("\\s+")))
                .orElse(List.of());
        boolean reuse = parameters
                .apply(ConfigurationParameters.PROCESSES_REUSE)
                .map(value -> parseBoolean(ConfigurationParameters.PROCESSES_REUSE, value))
                .orElse(true);
        WorkerStart defaults = WorkerStart.defaults();
        WorkerStart workerStart = new WorkerStart(
                parameters
                        .apply(ConfigurationParameters.PROCESSES_CLASS_DATA_SHARING)
                        .map(value -> parseBoolean(ConfigurationParameters.PROCESSES_CLASS_DATA_SHARING, value))
                        .orElse(defaults.classDataSharing()),
                parameters
                        .apply(ConfigurationParameters.PROCESSES_CACHE_DIR)
                        .map(value -> parsePath(ConfigurationParameters.PROCESSES_CACHE_DIR, value))
                        .orElse(defaults.cacheDir()),
                parameters
                        .apply(ConfigurationParameters.PROCESSES_PRESTART)
                        .map(value -> parseBoolean(ConfigurationParameters.PROCESSES_PRESTART, value))
                        .orElse(defaults.prestart()));
        Duration budget = parameters
                .apply(ConfigurationParameters.SPEEDUP_BUDGET)
                .map(value -> parseTimeout(ConfigurationParameters.SPEEDUP_BUDGET, value))
                .orElse(BUILT_IN_SPEEDUP_BUDGET);
        Inconclusive inconclusive = parameters
                .apply(ConfigurationParameters.SPEEDUP_INCONCLUSIVE)
                .map(value -> parseInconclusive(ConfigurationParameters.SPEEDUP_INCONCLUSIVE, value))
                .orElse(Inconclusive.ABORT);
        boolean speedupEnabled = parameters
                .apply(ConfigurationParameters.SPEEDUP_ENABLED)
                .map(value -> parseBoolean(ConfigurationParameters.SPEEDUP_ENABLED, value))
                .orElse(true);
        Path reportDir = parameters
                .apply(ConfigurationParameters.REPORT_DIR)
                .map(value -> parsePath(ConfigurationParameters.REPORT_DIR, value))
                .orElse(Path.of(Reports.DEFAULT_DIR));
        boolean summary = parameters
                .apply(ConfigurationParameters.REPORT_SUMMARY)
                .map(value -> parseBoolean(ConfigurationParameters.REPORT_SUMMARY, value))
                .orElse(true);
        Optional<Path> baselineFile = parameters
                .apply(ConfigurationParameters.BASELINE_FILE)
                .map(value -> parsePath(ConfigurationParameters.BASELINE_FILE, value));
        double tolerance = parameters
                .apply(ConfigurationParameters.BASELINE_TOLERANCE)
                .map(value -> parseTolerance(ConfigurationParameters.BASELINE_TOLERANCE, value))
                .orElse(Baseline.DEFAULT_TOLERANCE);
        boolean update = parameters
                .apply(ConfigurationParameters.BASELINE_UPDATE)
                .map(value -> parseBoolean(ConfigurationParameters.BASELINE_UPDATE, value))
                .orElse(false);
        return new Configuration(
                timeout,
                workers,
                jvmArgs,
                reuse,
                workerStart,
                budget,
                inconclusive,
                speedupEnabled,
                new Reports(reportDir, summary),
                new Baseline(
                        baselineFile.orElse(Path.of(Baseline.DEFAULT_FILE)),
                        baselineFile.isPresent(),
                        tolerance,
                        update),
                readTurns(parameters),
                parameters
                        .apply(ConfigurationParameters.FAIL_FAST_DEFAULT)
                        .map(value -> parseBoolean(ConfigurationParameters.FAIL_FAST_DEFAULT, value))
                        .orElse(false));
    }

    private static Turns readTurns(Function<String, Optional<String>> parameters) {
        Optional<String> declaredFile = parameters.apply(ConfigurationParameters.TURNS_FILE);
        Optional<Path> file;
        if (declaredFile.isEmpty()) {
            file = Optional.of(MachineTurns.defaultFile());
        } else if (declaredFile.get().strip().equalsIgnoreCase("none")) {
            file = Optional.empty();
        } else {
            file = Optional.of(parsePath(ConfigurationParameters.TURNS_FILE, declaredFile.get()));
        }
        Duration wait = parameters
                .apply(ConfigurationParameters.TURNS_WAIT)
                .map(value -> parseTimeout(ConfigurationParameters.TURNS_WAIT, value))
                .orElse(Turns.DEFAULT_WAIT);
        boolean tests = parameters
                .apply(ConfigurationParameters.TURNS_TESTS)
                .map(value -> parseBoolean(ConfigurationParameters.TURNS_TESTS, value))
                .orElse(true);
        Duration testWait = parameters
                .apply(ConfigurationParameters.TURNS_TEST_WAIT)
                .map(value -> parseTimeout(ConfigurationParameters.TURNS_TEST_WAIT, value))
                .orElse(Turns.DEFAULT_TEST_WAIT);
        return new Turns(file, wait, tests, testWait);
    }

    private static Path parsePath(String key, String value) {
        if (value.isBlank()) {
            throw ConfigurationErrors.parameter(key, "a file path", value);
        }
        try {
            return Path.of(value.strip());
        } catch (InvalidPathException e) {
            throw ConfigurationErrors.parameter(key, "a valid file path (" + e.getReason() + ")", value);
        }
    }

    private static double parseTolerance(String key, String value) {
        String rule = "a number from 0 to below 1, e.g. 0.1 for 10%";
        double tolerance;
        try {
            tolerance = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw ConfigurationErrors.parameter(key, rule, value);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw ConfigurationErrors.parameter(key, rule, value);
        }
        return tolerance;
    }

    private static Inconclusive parseInconclusive(String key, String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "abort":
                return Inconclusive.ABORT;
            case "fail":
                return Inconclusive.FAIL;
            case "warn":
                return Inconclusive.WARN;
            default:
                throw ConfigurationErrors.parameter(key, "abort, fail or warn", value);
        }
    }

    private static boolean parseBoolean(String key, String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw ConfigurationErrors.parameter(key, "true or false", value);
        }
    }

    private static Duration parseTimeout(String key, String value) {
        try {
            return DurationParser.parsePositive(value);
        } catch (IllegalArgumentException e) {
            throw ConfigurationErrors.parameter(key, e.getMessage(), value);
        }
    }

    private static int parseWorkers(String key, String value) {
        String rule = "a whole number from 0 (one worker per processor) to "
                + ConfigurationParameters.MAX_VIRTUAL_THREAD_WORKERS;
        int workers;
        try {
            workers = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ConfigurationErrors.parameter(key, rule, value);
        }
        if (workers < 0 || workers > ConfigurationParameters.MAX_VIRTUAL_THREAD_WORKERS) {
            throw ConfigurationErrors.parameter(key, rule, value);
        }
        return workers;
    }
}
