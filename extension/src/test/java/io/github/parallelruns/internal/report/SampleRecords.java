package io.github.parallelruns.internal.report;

import io.github.parallelruns.internal.report.model.RecordCodec;
import io.github.parallelruns.internal.report.model.TestRecord;
import java.util.List;
import java.util.Map;

/**
 * Synthetic report records for the HTML report's tests, written as the JSON the report files hold,
 * parsed with {@link Json#read} and read with {@link RecordCodec}, so the page sees exactly what it
 * would read from disk.
 */
final class SampleRecords {

    /** Index 0: a sweep over 1 (reference), 2, 4 and 8 workers with both fits; 12 pairs, 1 disturbed. */
    static final String SWEEP = """
            {"schema": "parallel-runs-report", "schemaVersion": 1, "kind": "sweep",
             "testId": "[engine:junit-jupiter]/[class:com.example.ScalingTests]/[method:sum(io.github.parallelruns.TaskContext)]",
             "test": "ScalingTests.sum(TaskContext)", "displayName": "sum(TaskContext)",
             "className": "com.example.ScalingTests", "methodName": "sum",
             "startedAt": "2026-11-25T10:41:10.123Z", "durationMs": 41234.5, "mode": "THREADS", "workers": 8,
             "tasks": 100, "verdict": "PASS", "environmentInconclusive": false,
             "reason": "the serial fraction 0.040 is below 0.1",
             "bounds": {"maxSerialFraction": 0.1, "nonDecreasing": true, "workload": "CPU_BOUND"},
             "environment": {"java": "17.0.13+11", "javaVendor": "Eclipse Adoptium",
               "vm": "OpenJDK 64-Bit Server VM", "os": "Linux 6.1.0 amd64", "availableProcessors": 8,
               "effectiveCores": 8, "cores": "8 effective cores (no cgroup limit)"},
             "points": [
               {"workers": 1, "reference": true, "speedup": 1.0, "lower": 1.0, "upper": 1.0, "efficiency": 1.0,
                "pairs": []},
               {"workers": 2, "reference": false, "speedup": 1.95, "lower": 1.9, "upper": 2.0, "confidence": 0.98,
                "efficiency": 0.975, "karpFlatt": 0.026, "karpFlattLower": 0.0, "karpFlattUpper": 0.053,
                "ceiling": 2.0, "minSpeedup": 1.82, "verdict": "PASS", "reason": "1.95x meets 1.82x",
                "baselineMedianMs": 400.1, "parallelMedianMs": 205.2, "warmUpPairs": 2, "steadyState": true,
                "repetitions": 1, "spentMs": 5000.0, "peakWorkers": 2, "disturbedPairs": [2],
                "turnWaitMs": 1200.0, "testsWaitMs": 0.0, "quietWaitMs": 400.0,
                "cpuShare": {"share": 0.5, "measured": 0.5, "assumed": false, "assumption": null,
                  "basis": "WORKER_THREADS", "cpuMs": 300.0, "waitMs": 200.0, "wallMs": 800.0, "activeWorkers": 8,
                  "coresCeiling": 16.0},
                "pairs": [{"baselineMs": 400.0, "parallelMs": 205.0, "baselineFirst": true, "disturbed": false},
                          {"baselineMs": 401.0, "parallelMs": 204.0, "baselineFirst": false, "disturbed": false},
                          {"baselineMs": 399.0, "parallelMs": 260.0, "baselineFirst": true, "disturbed": true},
                          {"baselineMs": 400.5, "parallelMs": 206.0, "baselineFirst": false, "disturbed": false},
                          {"baselineMs": 400.2, "parallelMs": 205.5, "baselineFirst": true, "disturbed": false}]},
               {"workers": 4, "reference": false, "speedup": 3.7, "lower": 3.5, "upper": null, "confidence": 0.98,
                "efficiency": 0.925, "verdict": "PASS", "reason": "3.70x meets 3.22x",
                "pairs": [{"baselineMs": 400.0, "parallelMs": 108.0},
                          {"baselineMs": 400.0, "parallelMs": 110.0},
                          {"baselineMs": 400.0, "parallelMs": 106.0},
                          {"baselineMs": 400.0, "parallelMs": 109.0}]},
               {"workers": 8, "reference": false, "speedup": 6.0, "lower": 5.5, "upper": 6.4, "efficiency": 0.75,
                "verdict": "PASS", "reason": "6.00x meets 5.9x",
                "pairs": [{"baselineMs": 402.0, "parallelMs": 67.0},
                          {"baselineMs": 398.0, "parallelMs": 70.0},
                          {"baselineMs": 401.0, "parallelMs": 66.0}]}],
             "fits": {"amdahl": {"serialFraction": 0.04, "maxSpeedup": 25.0, "rmsError": 0.01}, "amdahlNote": "",
                      "usl": {"contention": 0.03, "coherency": 0.001, "peakWorkers": 31.1, "peakSpeedup": 12.0,
                              "rmsError": 0.008}, "uslNote": ""},
             "run": null, "baseline": null}
            """;

    /** Index 1: one speedup on 4 workers, 6 pairs of which the 4th is disturbed, against a dropped baseline. */
    static final String SPEEDUP = """
            {"schema": "parallel-runs-report", "schemaVersion": 1, "kind": "speedup",
             "testId": "[engine:junit-jupiter]/[class:com.example.SpeedupTests]/[method:parallelSum(io.github.parallelruns.TaskContext)]",
             "test": "SpeedupTests.parallelSum(TaskContext)", "mode": "VIRTUAL_THREADS", "workers": 4, "tasks": 40,
             "verdict": "FAIL", "reason": "3.91x [3.85, 3.97] is below the bound 4.50x",
             "bounds": {"min": 4.5, "max": null, "minEfficiency": 0.0, "workload": "BLOCKING", "tolerance": 0.05},
             "environment": {"java": "21.0.5+11", "os": "Linux", "effectiveCores": 2},
             "points": [
               {"workers": 4, "reference": false, "speedup": 3.91, "lower": 3.85, "upper": 3.97, "confidence": 0.98,
                "efficiency": 0.9776, "ceiling": 4.0, "minSpeedup": 4.5, "verdict": "FAIL",
                "reason": "3.91x is below 4.50x", "disturbedPairs": [3],
                "pairs": [{"baselineMs": 400.0, "parallelMs": 101.0}, {"baselineMs": 400.0, "parallelMs": 103.0},
                          {"baselineMs": 400.0, "parallelMs": 102.0}, {"baselineMs": 400.0, "parallelMs": 140.0},
                          {"baselineMs": 400.0, "parallelMs": 102.5}, {"baselineMs": 400.0, "parallelMs": 101.5}]}],
             "fits": null, "run": null,
             "baseline": {"status": "DROPPED", "speedup": 4.2, "threshold": 4.0,
                          "file": "src/test/resources/parallel-runs-baseline.json"}}
            """;

    /** Index 2: a plain run in which one task failed. */
    static final String FAILED_RUN = """
            {"schema": "parallel-runs-report", "schemaVersion": 1, "kind": "run",
             "test": "CounterTests.increments(TaskContext)", "mode": "PROCESSES", "workers": 2, "tasks": 100,
             "verdict": "FAILED", "reason": "1 of 100 tasks failed", "bounds": null, "points": [], "fits": null,
             "run": {"wallMs": 12.5, "tasksStarted": 100,
                     "failures": [{"worker": 0, "task": 3, "error": "java.lang.AssertionError: expected <1> but was <2>"}]},
             "baseline": null}
            """;

    /** Index 3: a successful run, which gets a table row only. */
    static final String RUN = """
            {"kind": "run", "test": "CounterTests.reads(TaskContext)", "mode": "THREADS", "workers": 4,
             "tasks": 8, "verdict": "SUCCESSFUL", "points": [], "run": {"wallMs": 3.0, "tasksStarted": 8,
             "failures": []}}
            """;

    /**
     * Index 4: a speedup as an older or broken writer might leave it: nulls where figures were not
     * finite, a point without an interval's lower end, pairs without usable times.
     */
    static final String ODD = """
            {"kind": "speedup", "displayName": null, "methodName": "odd", "verdict": null, "workers": null,
             "environment": null, "bounds": null, "fits": null, "baseline": {"status": null},
             "points": [{"workers": 2, "speedup": 1.5, "lower": null, "upper": null, "efficiency": null,
                         "disturbedPairs": null,
                         "pairs": [{"baselineMs": null, "parallelMs": 10.0}, {"baselineMs": 20.0, "parallelMs": 0},
                                   "not a pair", null]},
                        {"workers": null, "speedup": 2.0}, 7]}
            """;

    /** Index 5: a record without anything. */
    static final String EMPTY = "{}";

    /** Index 6: a sweep with too few points for either fit, whose name tries to inject a script. */
    static final String HOSTILE_FEW_POINTS = """
            {"kind": "sweep", "test": "Weird<script>alert('x')</script>&\\"quoted\\"", "mode": "THREADS",
             "verdict": "INCONCLUSIVE", "environmentInconclusive": true, "reason": "<b>not bold</b>",
             "points": [{"workers": 1, "reference": true, "speedup": 1.0, "lower": 1.0, "upper": 1.0, "pairs": []},
                        {"workers": 2, "speedup": 1.2, "lower": 0.9, "upper": 1.6, "verdict": "INCONCLUSIVE",
                         "pairs": [{"baselineMs": 100.0, "parallelMs": 80.0}, {"baselineMs": 100.0, "parallelMs": 90.0}]}],
             "fits": {"amdahl": null, "amdahlNote": "too few points: Amdahl's law needs 2 worker counts above 1, got 1",
                      "usl": null, "uslNote": "too few points: the USL needs 3 worker counts above 1, got 1"}}
            """;

    private SampleRecords() {}

    /** All samples, in the order of their index. */
    static List<TestRecord> all() {
        return json().stream().map(RecordCodec::fromJson).toList();
    }

    /** All samples as JSON, in the order of their index. */
    static List<Map<String, Object>> json() {
        return List.of(
                parse(SWEEP),
                parse(SPEEDUP),
                parse(FAILED_RUN),
                parse(RUN),
                parse(ODD),
                parse(EMPTY),
                parse(HOSTILE_FEW_POINTS));
    }

    /** The record {@code json} holds, as the report reads it. */
    static TestRecord record(String json) {
        return RecordCodec.fromJson(parse(json));
    }

    @SuppressWarnings("unchecked") // every sample is a JSON object, which Json reads as a map with string keys
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>) Json.read(json);
    }
}
