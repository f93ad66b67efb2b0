package io.github.parallelruns.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints what each parallel run did and how fast, from the report entries ParallelRuns publishes:
 * a line per run as it ends, and a table at the end. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}: the way any project
 * can read the figures.
 */
public class DemoReportPrinter implements TestExecutionListener {

    private final List<String> rows = new ArrayList<>();

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        Map<String, String> values = entry.getKeyValuePairs();
        if (values.containsKey("parallelruns.speedup.speedup")) {
            System.out.println(String.format(
                    Locale.ROOT,
                    "[demo] %s: %s, speedup %.2fx [%.2fx, %.2fx] after %s pairs "
                            + "(baseline median %s ms, parallel median %s ms)",
                    name(test),
                    values.get("parallelruns.speedup.verdict"),
                    Double.parseDouble(values.get("parallelruns.speedup.speedup")),
                    Double.parseDouble(values.get("parallelruns.speedup.lower")),
                    Double.parseDouble(values.get("parallelruns.speedup.upper")),
                    values.get("parallelruns.speedup.pairs"),
                    values.get("parallelruns.speedup.baselineMedianMs"),
                    values.get("parallelruns.speedup.parallelMedianMs")));
            return;
        }
        if (!values.containsKey("parallelruns.mode")) {
            return;
        }
        String row = String.format(
                Locale.ROOT,
                "%-58s %-8s %7s %6s %10s %12s",
                name(test),
                values.get("parallelruns.mode"),
                values.get("parallelruns.workers"),
                values.get("parallelruns.tasks"),
                values.get("parallelruns.wallTimeMs"),
                values.get("parallelruns.tasksPerSecond"));
        synchronized (rows) {
            rows.add(row);
        }
        System.out.println("[demo] " + row.replaceAll(" +", " "));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        synchronized (rows) {
            if (rows.isEmpty()) {
                return;
            }
            System.out.println();
            System.out.println(String.format(
                    Locale.ROOT,
                    "%-58s %-8s %7s %6s %10s %12s",
                    "demo",
                    "mode",
                    "workers",
                    "tasks",
                    "wall ms",
                    "tasks/s"));
            rows.forEach(System.out::println);
            System.out.println();
        }
    }

    private static String name(TestIdentifier test) {
        String id = test.getLegacyReportingName();
        return test.getUniqueIdObject().getSegments().stream()
                        .filter(segment -> segment.getType().equals("class")
                                || segment.getType().equals("nested-class"))
                        .map(segment -> segment.getValue().replaceAll(".*[.$]", ""))
                        .reduce((outer, inner) -> inner)
                        .orElse("")
                + "." + id.replaceAll("\\(.*", "");
    }
}
