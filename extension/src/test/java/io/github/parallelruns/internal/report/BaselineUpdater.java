package io.github.parallelruns.internal.report;

import io.github.parallelruns.internal.report.model.RecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM that updates a baseline file many times, for the test that several JVMs updating one file
 * keep every entry: arguments are the file, a prefix for its test ids, the number of updates, and a
 * file whose appearance starts them all at once.
 */
public final class BaselineUpdater {

    private BaselineUpdater() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        int updates = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        System.out.println("ready");
        System.out.flush();
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < updates; i++) {
            BaselineFile.update(file, List.of(RecordCodec.fromJson(record(prefix + "-" + i))));
        }
    }

    private static Map<String, Object> record(String testId) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("workers", 2L);
        point.put("speedup", 1.9);
        point.put("lower", 1.8);
        point.put("upper", 2.0);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("testId", testId);
        record.put("test", testId + "()");
        record.put("mode", "THREADS");
        record.put("tasks", 8L);
        record.put("points", List.of(point));
        return record;
    }
}
