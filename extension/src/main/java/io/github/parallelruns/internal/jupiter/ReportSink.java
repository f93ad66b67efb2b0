package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.Pair;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import io.github.parallelruns.internal.measure.SweepAnalysis;
import io.github.parallelruns.internal.report.BaselineFile;
import io.github.parallelruns.internal.report.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Where a parallel test's figures go: report entries through JUnit, one JSON record in the report
 * folder, and the baseline comparison.
 */
final class ReportSink {

    private final String testId;
    private final String className;
    private final String methodName;
    private final String test;
    private final String displayName;
    private final Configuration configuration;
    private final Consumer<Map<String, String>> entries;
    private final BaselineHolder baseline;
    private final Instant startedAt = Instant.now();
    private boolean written;
    private final long startNanos = System.nanoTime();

    /** @param testClass the class the test runs in, which for an inherited method is not its declaring class */
    ReportSink(String testId, Class<?> testClass, Method method, String displayName, Configuration configuration,
            Consumer<Map<String, String>> entries, BaselineHolder baseline) {
        this.testId = testId;
        this.className = testClass.getName();
        this.methodName = method.getName();
        this.test = testClass.getSimpleName() + "." + MethodDescription.of(method);
        this.displayName = displayName;
        this.configuration = configuration;
        this.entries = entries;
        this.baseline = baseline;
    }

    String test() {
        return test;
    }

    /** Whether this test's record was written (or its writing attempted). */
    boolean written() {
        return written;
    }

    /**
     * Reads the baseline now, so that a missing or broken baseline file fails the test before it
     * spends its time budget measuring.
     *
     * @throws ExtensionConfigurationException as {@link #compare} would
     */
    void checkBaseline() {
        baseline.get(configuration.baseline());
    }

    void publish(Map<String, String> entry) {
        entries.accept(entry);
    }

    /** The record's fields every kind shares, in the documented order. */
    Map<String, Object> record(String kind, RunPlan plan, EffectiveCores cores) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", ReportFiles.SCHEMA);
        record.put("schemaVersion", ReportFiles.SCHEMA_VERSION);
        record.put("kind", kind);
        record.put("testId", testId);
        record.put("test", test);
        record.put("displayName", displayName);
        record.put("className", className);
        record.put("methodName", methodName);
        record.put("startedAt", startedAt.toString());
        record.put("durationMs", null);
        record.put("mode", plan.mode().name());
        record.put("workers", plan.workers());
        record.put("tasks", plan.tasks());
        record.put("verdict", null);
        record.put("environmentInconclusive", false);
        record.put("reason", null);
        record.put("bounds", null);
        record.put("environment", environment(cores));
        record.put("points", new ArrayList<>());
        record.put("fits", null);
        record.put("run", null);
        record.put("baseline", null);
        return record;
    }

    /**
     * Writes the record and publishes its path as {@value ReportFiles#FILE_ENTRY}. A report that
     * cannot be written does not change the test's outcome: the reason goes to standard error and
     * into the report entry {@value #WRITE_ERROR_ENTRY}.
     */
    void write(Map<String, Object> record) {
        written = true;
        record.put("durationMs", Duration.ofNanos(System.nanoTime() - startNanos).toNanos() / 1e6);
        Path file;
        try {
            file = ReportFiles.write(configuration.reports().dir(), className, methodName, testId, record);
        } catch (UncheckedIOException e) {
            String message = "[parallel-runs] WARNING: " + e.getMessage();
            System.err.println(message);
            entries.accept(Map.of(WRITE_ERROR_ENTRY, message));
            return;
        }
        entries.accept(Map.of(ReportFiles.FILE_ENTRY, file.toAbsolutePath().toString()));
    }

    /** The report entry that says a test's JSON record could not be written, and why. */
    static final String WRITE_ERROR_ENTRY = "parallelruns.report.error";

    /**
     * Compares a measured point with the baseline, or returns null when there is none to compare with
     * (no baseline file, or the baseline is being updated).
     *
     * @throws ExtensionConfigurationException when the configured baseline file is missing or broken
     */
    BaselineFile.Comparison compare(RunPlan plan, int workers, SpeedupVerdict verdict, boolean mostlyDisturbed,
            double ceiling) {
        BaselineFile file = baseline.get(configuration.baseline());
        if (file == null) {
            return null;
        }
        return file.compare(testId, plan.mode().name(), plan.tasks(), workers, verdict.speedup(), verdict.upper(),
                mostlyDisturbed, configuration.baseline().tolerance(), ceiling);
    }

    static Map<String, Object> baselineField(BaselineFile.Comparison comparison, Path file) {
        if (comparison == null) {
            return null;
        }
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("status", comparison.status().name());
        field.put("speedup", comparison.baselineSpeedup());
        field.put("threshold", comparison.threshold());
        field.put("file", file.toString());
        field.put("message", comparison.message());
        return field;
    }

    Path baselineFile() {
        return configuration.baseline().file();
    }

    static Map<String, Object> environment(EffectiveCores cores) {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("java", Runtime.version().toString());
        environment.put("javaVendor", System.getProperty("java.vendor"));
        environment.put("vm", System.getProperty("java.vm.name"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        environment.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        environment.put("effectiveCores", cores.cores());
        environment.put("cores", cores.describe());
        return environment;
    }

    /** A measured point of a speedup test or sweep. */
    static Map<String, Object> point(int workers, SpeedupResult result, int peak, double ceiling, double minSpeedup) {
        SpeedupVerdict verdict = result.verdict();
        SweepAnalysis.Point figures = new SweepAnalysis.Point(workers, result, minSpeedup, null);
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("workers", workers);
        point.put("reference", false);
        point.put("speedup", verdict.speedup());
        point.put("lower", verdict.lower());
        point.put("upper", verdict.upper());
        point.put("confidence", verdict.confidence());
        point.put("efficiency", verdict.speedup() / workers);
        point.put("karpFlatt", figures.karpFlatt());
        point.put("karpFlattLower", figures.karpFlattLower());
        point.put("karpFlattUpper", figures.karpFlattUpper());
        point.put("ceiling", ceiling);
        point.put("minSpeedup", minSpeedup);
        point.put("verdict", verdict.verdict().name());
        point.put("reason", verdict.reason());
        point.put("environmentInconclusive", verdict.environment());
        point.put("meanSpeedup", verdict.meanSpeedup());
        point.put("minOverMin", verdict.minOverMin());
        point.put("baselineMedianMs", verdict.baselineMedianNanos() / 1e6);
        point.put("parallelMedianMs", verdict.parallelMedianNanos() / 1e6);
        point.put("warmUpPairs", result.warmUpPairs());
        point.put("steadyState", result.steadyState());
        point.put("repetitions", result.repetitions());
        point.put("spentMs", result.spent().toNanos() / 1e6);
        point.put("turnWaitMs", result.turnWait().toNanos() / 1e6);
        point.put("testsWaitMs", result.testsWait().toNanos() / 1e6);
        point.put("quietWaitMs", result.quietWait().toNanos() / 1e6);
        point.put("turnNote", result.turnNote().orElse(null));
        point.put("cpuShare", share(result.share().orElse(null)));
        point.put("setAsidePairs", pairsOf(result.setAside()));
        point.put("peakWorkers", peak);
        point.put("disturbedPairs", verdict.disturbedPairs());
        point.put("pairs", pairsOf(result.pairs()));
        return point;
    }

    private static List<Map<String, Object>> pairsOf(List<Pair> measured) {
        List<Map<String, Object>> pairs = new ArrayList<>();
        measured.forEach(pair -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("baselineMs", pair.baselineNanos() / 1e6);
            item.put("parallelMs", pair.parallelNanos() / 1e6);
            item.put("baselineFirst", pair.baselineFirst());
            item.put("disturbed", pair.disturbance().disturbed());
            if (pair.disturbance().disturbed()) {
                item.put("disturbance", pair.disturbance().reason());
            }
            pairs.add(item);
        });
        return pairs;
    }

    /** The measured CPU share as a JSON object, or null when it was not measured. */
    static Map<String, Object> share(CpuShare share) {
        if (share == null) {
            return null;
        }
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("share", share.share());
        field.put("measured", share.measured());
        field.put("assumed", share.assumed());
        field.put("assumption", share.assumed() ? share.assumption() : null);
        field.put("basis", share.basis().name());
        field.put("cpuMs", share.cpuNanos() / 1e6);
        field.put("waitMs", share.waitNanos() / 1e6);
        field.put("wallMs", share.wallNanos() / 1e6);
        field.put("activeWorkers", share.activeWorkers());
        field.put("coresCeiling", share.coresCeiling(share.cores()));
        return field;
    }

    /** The 1-worker point of a sweep: the baseline itself. */
    static Map<String, Object> referencePoint() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("workers", 1);
        point.put("reference", true);
        point.put("speedup", 1.0);
        point.put("lower", 1.0);
        point.put("upper", 1.0);
        point.put("efficiency", 1.0);
        point.put("pairs", List.of());
        return point;
    }

    /** The baseline file of a test run, read once, shared by all its tests. */
    static final class BaselineHolder {

        private boolean loaded;
        private BaselineFile file;
        private RuntimeException error;

        /** The baseline, read once; its error, if any, thrown anew for every test that needs it. */
        synchronized BaselineFile get(Configuration.Baseline config) {
            if (!loaded) {
                loaded = true;
                try {
                    file = load(config);
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            if (error instanceof UncheckedIOException) {
                throw new UncheckedIOException(error.getMessage(), ((UncheckedIOException) error).getCause());
            }
            if (error != null) {
                throw new ExtensionConfigurationException(error.getMessage(), error.getCause());
            }
            return file;
        }

        private static BaselineFile load(Configuration.Baseline config) {
            if (config.update()) {
                return null;
            }
            Path path = config.file();
            if (!Files.exists(path)) {
                if (config.explicit()) {
                    throw new ExtensionConfigurationException("The baseline file " + path.toAbsolutePath()
                            + " (parallelruns.baseline.file) does not exist; write it with "
                            + "-Dparallelruns.baseline.update=true, or remove the setting");
                }
                return null;
            }
            try {
                return BaselineFile.read(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the ParallelRuns baseline " + path.toAbsolutePath()
                        + ": " + e, e);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(e.getMessage() + "; fix it or write it anew with "
                        + "-Dparallelruns.baseline.update=true", e);
            }
        }
    }
}
