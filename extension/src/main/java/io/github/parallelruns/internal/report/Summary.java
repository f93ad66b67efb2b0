package io.github.parallelruns.internal.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private Summary() {
    }

    /** The table, with a title line and a final line break. */
    @SuppressWarnings("unchecked")
    public static String table(List<Map<String, Object>> records) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"test", "mode", "workers", "speedup", "98% interval", "efficiency", "waited",
            "verdict"});
        for (Map<String, Object> record : records) {
            String test = shorten(String.valueOf(record.get("test")));
            String mode = String.valueOf(record.get("mode"));
            String verdict = String.valueOf(record.get("verdict"))
                    + (Boolean.TRUE.equals(record.get("environmentInconclusive")) ? " (environment)" : "");
            Object baseline = record.get("baseline");
            if (baseline instanceof Map) {
                verdict += ", baseline " + ((Map<String, Object>) baseline).get("status");
            }
            List<Map<String, Object>> points = new ArrayList<>();
            if (record.get("points") instanceof List) {
                for (Object point : (List<Object>) record.get("points")) {
                    if (point instanceof Map && !Boolean.TRUE.equals(((Map<String, Object>) point).get("reference"))) {
                        points.add((Map<String, Object>) point);
                    }
                }
            }
            if (points.isEmpty()) {
                rows.add(new String[] {test, mode, String.valueOf(record.get("workers")), "—", "—", "—", "—", verdict});
                continue;
            }
            boolean first = true;
            for (Map<String, Object> point : points) {
                rows.add(new String[] {first ? test : "  \"", mode, String.valueOf(point.get("workers")),
                    times(point.get("speedup")),
                    "[" + plain(point.get("lower"), "—") + ", " + plain(point.get("upper"), "∞") + "]",
                    percent(point.get("efficiency")),
                    waited(point),
                    points.size() > 1 && !first ? "" : verdict});
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
        text.append(nl).append("ParallelRuns: ").append(records.size()).append(" parallel test")
                .append(records.size() == 1 ? "" : "s").append(nl);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean right = i >= 2 && i <= 6;
                String cell = right ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            text.append(line.toString().stripTrailing()).append(nl);
        }
        return text.toString();
    }

    /** Seconds the point waited for its turn, other JVMs' tests and quiet, or a dash when not recorded. */
    private static String waited(Map<String, Object> point) {
        double millis = 0;
        boolean any = false;
        for (String key : List.of("turnWaitMs", "testsWaitMs", "quietWaitMs")) {
            if (point.get(key) instanceof Number) {
                millis += ((Number) point.get(key)).doubleValue();
                any = true;
            }
        }
        return any ? String.format(Locale.ROOT, "%.1f s", millis / 1000) : "—";
    }

    private static String shorten(String test) {
        return test.length() <= MAX_TEST_WIDTH ? test : test.substring(0, MAX_TEST_WIDTH - 1) + "…";
    }

    private static String times(Object value) {
        return value instanceof Number ? String.format(Locale.ROOT, "%.2fx", ((Number) value).doubleValue()) : "—";
    }

    private static String plain(Object value, String missing) {
        return value instanceof Number ? String.format(Locale.ROOT, "%.2f", ((Number) value).doubleValue()) : missing;
    }

    private static String percent(Object value) {
        return value instanceof Number ? String.format(Locale.ROOT, "%.0f%%", 100 * ((Number) value).doubleValue())
                : "—";
    }
}
