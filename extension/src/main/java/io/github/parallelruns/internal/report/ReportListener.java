package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.report.model.BaselineCheck;
import io.github.parallelruns.internal.report.model.BaselineStatus;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of a test run: the HTML report, the baseline update when asked for, and a summary
 * table of every parallel test on standard output.
 *
 * <p>Registered through {@code META-INF/services} whenever the library is on the test class path,
 * so it runs in Maven Surefire, Gradle, the Console Launcher and IDEs alike. It learns of the
 * parallel tests from the report entry {@value ReportFiles#FILE_ENTRY} each one publishes, and does
 * nothing in a test run without parallel tests.
 */
@API(status = INTERNAL, since = "0.1")
public final class ReportListener implements TestExecutionListener {

    private final PrintStream out;
    private final List<Path> files = new ArrayList<>();
    private final Map<Path, String> statuses = new LinkedHashMap<>();

    public ReportListener() {
        this(System.out);
    }

    ReportListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        files.clear();
        statuses.clear();
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
        String file = entry.getKeyValuePairs().get(ReportFiles.FILE_ENTRY);
        if (file != null) {
            Path path = Path.of(file);
            files.remove(path);
            files.add(path);
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        if (files.isEmpty()) {
            return;
        }
        Configuration configuration;
        try {
            configuration = Configuration.read(
                    key -> testPlan.getConfigurationParameters().get(key));
        } catch (RuntimeException e) {
            out.println("[parallel-runs] no summary and no HTML report: " + e.getMessage());
            return;
        }
        List<TestRecord> records = new ArrayList<>();
        for (Path file : files) {
            try {
                records.add(ReportFiles.read(file));
            } catch (IOException | RuntimeException e) {
                out.println("[parallel-runs] cannot read the report " + file + ": " + e.getMessage());
            }
        }
        Path html = null;
        try {
            html = HtmlReport.write(configuration.reports().dir(), records);
        } catch (IOException | RuntimeException e) {
            out.println("[parallel-runs] cannot write the HTML report into "
                    + configuration.reports().dir() + ": " + e);
        }
        String baselineNote = configuration.baseline().update()
                ? updateBaseline(configuration.baseline().file(), records)
                : compareNote(configuration.baseline(), records);
        if (configuration.reports().summary()) {
            out.print(Summary.table(records));
            if (html != null) {
                out.println("HTML report: " + html.toAbsolutePath() + "; JSON per test in "
                        + configuration.reports().dir().toAbsolutePath());
            }
            out.println("(" + ConfigurationParameters.REPORT_SUMMARY + "=false turns this summary off)");
        }
        // The baseline's findings are the CI gate's output, not part of the summary: always printed.
        if (baselineNote != null) {
            out.println(baselineNote);
        }
        out.flush();
    }

    private static String updateBaseline(Path file, List<TestRecord> records) {
        try {
            List<String> written = BaselineFile.update(file, records);
            return "[parallel-runs] baseline " + file.toAbsolutePath() + " updated at " + Instant.now() + ": "
                    + written.size() + " test(s) written"
                    + (written.isEmpty() ? " (no measured speedups in this run)" : "")
                    + "; commit it to compare later runs with it";
        } catch (IOException | RuntimeException e) {
            return "[parallel-runs] cannot update the baseline " + file.toAbsolutePath() + ": " + e.getMessage();
        }
    }

    /** The baseline's verdicts in one paragraph: what dropped, what is new, what was not run. */
    private static String compareNote(Configuration.Baseline baseline, List<TestRecord> records) {
        if (!Files.exists(baseline.file())) {
            return null;
        }
        Map<BaselineStatus, List<String>> byStatus = new EnumMap<>(BaselineStatus.class);
        Set<String> measured = new TreeSet<>();
        for (TestRecord record : records) {
            Optional<BaselineCheck> check = record.findings().baseline();
            if (check.isEmpty()) {
                continue;
            }
            check.get()
                    .status()
                    .ifPresent(status -> byStatus.computeIfAbsent(status, key -> new ArrayList<>())
                            .add(record.test().test()));
            measured.add(record.test().testId());
        }
        StringBuilder note = new StringBuilder("[parallel-runs] baseline ")
                .append(baseline.file())
                .append(String.format(Locale.ROOT, " (tolerance %.0f%%):", baseline.tolerance() * 100));
        for (BaselineStatus status : List.of(
                BaselineStatus.DROPPED,
                BaselineStatus.UNCLEAR,
                BaselineStatus.CHANGED,
                BaselineStatus.NEW,
                BaselineStatus.PASS)) {
            List<String> tests = byStatus.get(status);
            if (tests != null) {
                note.append(System.lineSeparator())
                        .append("  ")
                        .append(tests.size())
                        .append(" ")
                        .append(describe(status))
                        .append(": ")
                        .append(String.join(", ", tests));
            }
        }
        try {
            BaselineFile stored = BaselineFile.read(baseline.file());
            Set<String> notRun = new TreeSet<>(stored.testIds());
            notRun.removeAll(measured);
            if (!notRun.isEmpty()) {
                note.append(System.lineSeparator())
                        .append("  ")
                        .append(notRun.size())
                        .append(" in the baseline but not measured in this run (removed, renamed or not selected): ")
                        .append(notRun.stream().map(stored::testName).collect(Collectors.joining(", ")));
            }
        } catch (IOException | RuntimeException e) {
            note.append(System.lineSeparator()).append("  cannot read it: ").append(e.getMessage());
        }
        return note.toString();
    }

    private static String describe(BaselineStatus status) {
        return switch (status) {
            case DROPPED -> "dropped below the baseline (failed)";
            case UNCLEAR -> "below the baseline on a disturbed machine (not failed)";
            case CHANGED -> "with another mode or task count than the baseline (not compared)";
            case NEW -> "new, not in the baseline (not compared)";
            case PASS -> "not clearly below the baseline";
        };
    }
}
