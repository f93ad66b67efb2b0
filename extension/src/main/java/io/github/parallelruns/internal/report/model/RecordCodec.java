package io.github.parallelruns.internal.report.model;

import static io.github.parallelruns.internal.report.model.JsonValues.count;
import static io.github.parallelruns.internal.report.model.JsonValues.name;
import static io.github.parallelruns.internal.report.model.JsonValues.text;
import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import io.github.parallelruns.Workload;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The one translation between {@link TestRecord}s and the JSON of the report files, as
 * {@link io.github.parallelruns.internal.report.Json} reads and writes it (maps with their keys in
 * order, lists, strings, numbers, booleans, {@code null}). The keys, their order and the values are
 * the format docs/sweeps-and-reports.md documents. Reading is lenient (see the package).
 */
@API(status = INTERNAL, since = "0.1")
public final class RecordCodec {

    /** The value of the {@code schema} field of every report record. */
    public static final String SCHEMA = "parallel-runs-report";

    /** The version of the record format; raised when a field changes meaning or goes away. */
    public static final int SCHEMA_VERSION = 2;

    private RecordCodec() {}

    /**
     * Checks that {@code json}, read from {@code file}, is a report record of the version this library reads.
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static void checkSchema(Object json, Path file) {
        JsonObject record = JsonObject.of(json);
        if (!(json instanceof Map) || !record.optionalText("schema").equals(Optional.of(SCHEMA))) {
            throw new IllegalArgumentException(
                    file + " is not a ParallelRuns report (no \"schema\": \"" + SCHEMA + "\")");
        }
        Object version = ((Map<?, ?>) json).get("schemaVersion");
        if (!(version instanceof Long) || (Long) version != SCHEMA_VERSION) {
            throw new IllegalArgumentException(file + " has schemaVersion " + version + ", but this version of "
                    + "ParallelRuns reads " + SCHEMA_VERSION);
        }
    }

    public static Map<String, Object> toJson(TestRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", SCHEMA);
        json.put("schemaVersion", SCHEMA_VERSION);
        json.put("kind", record.kind().map(RecordKind::label).orElse(null));
        TestIdentity test = record.test();
        json.put("testId", test.testId());
        json.put("test", test.test());
        json.put("displayName", test.displayName());
        json.put("className", test.className());
        json.put("methodName", test.methodName());
        json.put("startedAt", record.startedAt().map(Instant::toString).orElse(null));
        json.put("durationMs", record.durationMs());
        json.put("mode", name(record.mode()));
        json.put("workers", count(record.workers()));
        json.put("tasks", count(record.tasks()));
        Findings findings = record.findings();
        json.put("verdict", name(findings.verdict()));
        json.put("environmentInconclusive", findings.environmentInconclusive());
        json.put("reason", text(findings.reason()));
        json.put("bounds", findings.bounds().map(RecordCodec::toJson).orElse(null));
        json.put("environment", toJson(record.environment()));
        json.put("points", findings.points().stream().map(PointCodec::toJson).toList());
        json.put("fits", findings.fits().map(RecordCodec::toJson).orElse(null));
        json.put("run", findings.run().map(RecordCodec::toJson).orElse(null));
        json.put("baseline", findings.baseline().map(PointCodec::toJson).orElse(null));
        findings.cpuShare()
                .ifPresent(own ->
                        json.put("cpuShare", own.share().map(PointCodec::toJson).orElse(null)));
        return json;
    }

    /** Reads a record leniently; anything that is not an object reads as a record with nothing known. */
    public static TestRecord fromJson(Object value) {
        JsonObject json = JsonObject.of(value);
        Optional<RecordKind> kind = kind(json);
        Findings findings = new Findings(
                json.constant("verdict", ReportVerdict.class),
                json.flag("environmentInconclusive"),
                json.optionalText("reason"),
                json.object("bounds").flatMap(bounds -> bounds(bounds, kind)),
                json.objects("points", point -> PointCodec.point(point, kind), PointCodec.unknownPoint()),
                json.object("fits").map(RecordCodec::fits),
                json.object("run").map(RecordCodec::run),
                json.object("baseline").map(PointCodec::baselineCheck),
                json.has("cpuShare")
                        ? Optional.of(
                                new Findings.RecordShare(json.object("cpuShare").map(PointCodec::share)))
                        : Optional.empty());
        return new TestRecord(
                kind,
                new TestIdentity(
                        json.text("testId"),
                        json.text("test"),
                        json.text("displayName"),
                        json.text("className"),
                        json.text("methodName")),
                json.instant("startedAt"),
                json.number("durationMs"),
                json.constant("mode", Mode.class),
                json.integer("workers"),
                json.integer("tasks"),
                json.object("environment").map(RecordCodec::machine).orElse(Machine.UNKNOWN),
                findings);
    }

    private static Optional<RecordKind> kind(JsonObject json) {
        Optional<String> name = json.optionalText("kind");
        for (RecordKind kind : RecordKind.values()) {
            if (name.isPresent() && kind.label().equals(name.get())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> toJson(Bounds bounds) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (bounds instanceof Bounds.Speedup speedup) {
            json.put("min", speedup.min());
            json.put("max", speedup.max());
            json.put("minEfficiency", speedup.minEfficiency());
            json.put("workload", name(speedup.workload()));
            json.put("tolerance", speedup.tolerance());
        } else if (bounds instanceof Bounds.Sweep sweep) {
            json.put("maxSerialFraction", sweep.maxSerialFraction());
            json.put("nonDecreasing", sweep.nonDecreasing());
            json.put("workload", name(sweep.workload()));
            json.put("workerCounts", sweep.workerCounts());
        }
        return json;
    }

    /** The bounds of a speedup or a sweep; other records have none. */
    private static Optional<Bounds> bounds(JsonObject json, Optional<RecordKind> kind) {
        if (kind.equals(Optional.of(RecordKind.SPEEDUP))) {
            return Optional.of(new Bounds.Speedup(
                    json.number("min"),
                    json.unbounded("max"),
                    json.number("minEfficiency"),
                    json.constant("workload", Workload.class),
                    json.number("tolerance")));
        }
        if (kind.equals(Optional.of(RecordKind.SWEEP))) {
            return Optional.of(new Bounds.Sweep(
                    json.number("maxSerialFraction"),
                    json.flag("nonDecreasing"),
                    json.constant("workload", Workload.class),
                    json.integers("workerCounts")));
        }
        return Optional.empty();
    }

    private static Map<String, Object> toJson(Machine machine) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("java", machine.java());
        json.put("javaVendor", machine.javaVendor());
        json.put("vm", machine.vm());
        json.put("os", machine.os());
        json.put("availableProcessors", count(machine.availableProcessors()));
        json.put("effectiveCores", count(machine.effectiveCores()));
        json.put("cores", machine.cores());
        return json;
    }

    private static Machine machine(JsonObject json) {
        return new Machine(
                json.text("java"),
                json.text("javaVendor"),
                json.text("vm"),
                json.text("os"),
                json.integer("availableProcessors"),
                json.integer("effectiveCores"),
                json.text("cores"));
    }

    private static Map<String, Object> toJson(Fits fits) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "amdahl",
                fits.amdahl()
                        .map(amdahl -> {
                            Map<String, Object> fit = new LinkedHashMap<>();
                            fit.put("serialFraction", amdahl.serialFraction());
                            fit.put("maxSpeedup", amdahl.maxSpeedup());
                            fit.put("rmsError", amdahl.rmsError());
                            return fit;
                        })
                        .orElse(null));
        json.put("amdahlNote", fits.amdahlNote());
        json.put(
                "usl",
                fits.usl()
                        .map(usl -> {
                            Map<String, Object> fit = new LinkedHashMap<>();
                            fit.put("contention", usl.contention());
                            fit.put("coherency", usl.coherency());
                            fit.put("peakWorkers", usl.peakWorkers());
                            fit.put("peakSpeedup", usl.peakSpeedup());
                            fit.put("rmsError", usl.rmsError());
                            return fit;
                        })
                        .orElse(null));
        json.put("uslNote", fits.uslNote());
        return json;
    }

    private static Fits fits(JsonObject json) {
        return new Fits(
                json.object("amdahl")
                        .map(fit -> new Fits.Amdahl(
                                fit.number("serialFraction"), fit.unbounded("maxSpeedup"), fit.number("rmsError"))),
                json.text("amdahlNote"),
                json.object("usl")
                        .map(fit -> new Fits.Usl(
                                fit.number("contention"),
                                fit.number("coherency"),
                                fit.unbounded("peakWorkers"),
                                fit.unbounded("peakSpeedup"),
                                fit.number("rmsError"))),
                json.text("uslNote"));
    }

    private static Map<String, Object> toJson(RunFacts run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("wallMs", run.wallMs());
        json.put("startupMs", run.startupMs());
        json.put("tasksStarted", count(run.tasksStarted()));
        json.put("failedTasks", count(run.failedTasks()));
        json.put("tasksPassed", count(run.tasksPassed()));
        json.put(
                "failureKinds",
                run.failureKinds().stream()
                        .map(kind -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("count", count(kind.count()));
                            item.put("exception", kind.exception());
                            item.put("message", kind.message());
                            item.put("frame", kind.frame());
                            item.put("firstWorker", count(kind.firstWorker()));
                            item.put("firstTask", count(kind.firstTask()));
                            return item;
                        })
                        .toList());
        json.put(
                "failures",
                run.failures().stream()
                        .map(failure -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("worker", count(failure.worker()));
                            item.put("task", count(failure.task()));
                            item.put("error", failure.error());
                            return item;
                        })
                        .toList());
        json.put("timedOut", run.timedOut());
        return json;
    }

    private static RunFacts run(JsonObject json) {
        return new RunFacts(
                json.number("wallMs"),
                json.number("startupMs"),
                json.integer("tasksStarted"),
                json.integer("failedTasks"),
                json.integer("tasksPassed"),
                json.objects(
                        "failureKinds",
                        kind -> new RunFacts.Kind(
                                kind.integer("count"),
                                kind.text("exception"),
                                kind.text("message"),
                                kind.text("frame"),
                                kind.integer("firstWorker"),
                                kind.integer("firstTask")),
                        RunFacts.Kind.UNKNOWN),
                json.objects(
                        "failures",
                        failure -> new RunFacts.Failure(
                                failure.integer("worker"), failure.integer("task"), failure.text("error")),
                        RunFacts.Failure.UNKNOWN),
                json.flag("timedOut"));
    }
}
