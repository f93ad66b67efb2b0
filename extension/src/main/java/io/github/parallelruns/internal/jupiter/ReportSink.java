package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import io.github.parallelruns.internal.report.BaselineFile;
import io.github.parallelruns.internal.report.ReportFiles;
import io.github.parallelruns.internal.report.model.Findings;
import io.github.parallelruns.internal.report.model.RecordKind;
import io.github.parallelruns.internal.report.model.TestIdentity;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Where a parallel test's figures go: report entries through JUnit, one JSON record in the report
 * folder, and the baseline comparison.
 */
final class ReportSink {

    private final TestIdentity identity;
    private final Configuration configuration;
    private final Consumer<Map<String, String>> entries;
    private final BaselineHolder baseline;
    private final Instant startedAt = Instant.now();
    private boolean written;
    private final long startNanos = System.nanoTime();

    /** @param testClass the class the test runs in, which for an inherited method is not its declaring class */
    ReportSink(
            String testId,
            Class<?> testClass,
            Method method,
            String displayName,
            Configuration configuration,
            Consumer<Map<String, String>> entries,
            BaselineHolder baseline) {
        this.identity = new TestIdentity(
                testId,
                testClass.getSimpleName() + "." + MethodDescription.of(method),
                displayName,
                testClass.getName(),
                method.getName());
        this.configuration = configuration;
        this.entries = entries;
        this.baseline = baseline;
    }

    String test() {
        return identity.test();
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

    /**
     * Writes the record of what the test found and publishes its path as {@value ReportFiles#FILE_ENTRY}.
     * A report that cannot be written does not change the test's outcome: the reason goes to standard
     * error and into the report entry {@value #WRITE_ERROR_ENTRY}.
     *
     * @param plan the run; for a sweep, its largest point
     */
    void write(RecordKind kind, RunPlan plan, EffectiveCores cores, Findings findings) {
        written = true;
        TestRecord record = new TestRecord(
                Optional.of(kind),
                identity,
                Optional.of(startedAt),
                Duration.ofNanos(System.nanoTime() - startNanos).toNanos() / 1e6,
                Optional.of(plan.mode()),
                OptionalInt.of(plan.workers()),
                OptionalInt.of(plan.tasks()),
                ReportRecords.machine(cores),
                findings);
        Path file;
        try {
            file = ReportFiles.write(configuration.reports().dir(), record);
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
    BaselineFile.Comparison compare(
            RunPlan plan, int workers, SpeedupVerdict verdict, boolean mostlyDisturbed, double ceiling) {
        BaselineFile file = baseline.get(configuration.baseline());
        if (file == null) {
            return null;
        }
        return file.compare(
                identity.testId(),
                plan.mode().name(),
                plan.tasks(),
                workers,
                verdict.speedup(),
                verdict.upper(),
                mostlyDisturbed,
                configuration.baseline().tolerance(),
                ceiling);
    }

    Path baselineFile() {
        return configuration.baseline().file();
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
                throw new UncheckedIOException(
                        "cannot read the ParallelRuns baseline " + path.toAbsolutePath() + ": " + e, e);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(
                        e.getMessage() + "; fix it or write it anew with " + "-Dparallelruns.baseline.update=true", e);
            }
        }
    }
}
