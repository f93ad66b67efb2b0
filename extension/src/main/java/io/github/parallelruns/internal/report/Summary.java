package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.TestRecord;
import io.github.parallelruns.internal.report.model.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * The summary table printed at the end of a test run: one row per parallel test, one per measured
 * worker count for sweeps.
 *
 * <pre>
 * ParallelRuns: 3 parallel tests
 * test                          mode     workers  speedup  98% interval    efficiency  waited  verdict
 * PoolTests.fetch(TaskContext)  THREADS       12   11.79x  [11.44, 11.96]         98%   0.0 s  PASS
 * </pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class Summary {

    private static final int MAX_TEST_WIDTH = 60;

    /** Shown for a figure or value that is missing. */
    private static final String NONE = "—";

    private Summary() {}

    /** The table, with a title line and a final line break. */
    public static String table(List<TestRecord> records) {
        List<String[]> rows = new ArrayList<>();
        rows.add(
                new String[] {"test", "mode", "workers", "speedup", "98% interval", "efficiency", "waited", "verdict"});
        for (TestRecord record : records) {
            String test = shorten(record.test().test());
            String mode = record.mode().map(Enum::name).orElse(NONE);
            String verdict = record.findings().verdict().map(Enum::name).orElse(NONE)
                    + (record.findings().environmentInconclusive() ? " (environment)" : "");
            if (record.findings().baseline().isPresent()) {
                verdict += ", baseline "
                        + record.findings()
                                .baseline()
                                .get()
                                .status()
                                .map(Enum::name)
                                .orElse(NONE);
            }
            List<Point> points = record.findings().points().stream()
                    .filter(point -> !point.reference())
                    .toList();
            if (points.isEmpty()) {
                rows.add(new String[] {test, mode, count(record.workers()), NONE, NONE, NONE, NONE, verdict});
                continue;
            }
            boolean first = true;
            for (Point point : points) {
                rows.add(new String[] {
                    first ? test : "  \"",
                    mode,
                    count(point.workers()),
                    times(point.speedup().value()),
                    "[" + plain(point.speedup().lower(), NONE) + ", "
                            + plain(point.speedup().upper(), "∞") + "]",
                    percent(point.efficiency()),
                    waited(point.waits()),
                    points.size() > 1 && !first ? "" : verdict
                });
                first = false;
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        String nl = System.lineSeparator();
        text.append(nl)
                .append("ParallelRuns: ")
                .append(records.size())
                .append(" parallel test")
                .append(records.size() == 1 ? "" : "s")
                .append(nl);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean right = i >= 2 && i <= 6;
                String cell = right
                        ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            text.append(line.toString().stripTrailing()).append(nl);
        }
        return text.toString();
    }

    /** Seconds the point waited for its turn, other JVMs' tests and quiet, or a dash when not recorded. */
    private static String waited(Waits waits) {
        double millis = 0;
        boolean any = false;
        for (double figure : new double[] {waits.turnMs(), waits.testsMs(), waits.quietMs()}) {
            if (Double.isFinite(figure)) {
                millis += figure;
                any = true;
            }
        }
        return any ? String.format(Locale.ROOT, "%.1f s", millis / 1000) : NONE;
    }

    private static String shorten(String test) {
        return test.length() <= MAX_TEST_WIDTH ? test : test.substring(0, MAX_TEST_WIDTH - 1) + "…";
    }

    private static String count(OptionalInt count) {
        return count.isPresent() ? String.valueOf(count.getAsInt()) : NONE;
    }

    private static String times(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2fx", value) : NONE;
    }

    private static String plain(double value, String missing) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : missing;
    }

    private static String percent(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.0f%%", 100 * value) : NONE;
    }
}
