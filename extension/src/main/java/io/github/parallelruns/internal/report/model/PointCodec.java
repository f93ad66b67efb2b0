package io.github.parallelruns.internal.report.model;

import static io.github.parallelruns.internal.report.model.JsonValues.count;
import static io.github.parallelruns.internal.report.model.JsonValues.name;
import static io.github.parallelruns.internal.report.model.JsonValues.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RecordCodec}'s part for the points of a record: points, pairs, CPU shares and baseline checks. */
final class PointCodec {

    private PointCodec() {}

    static Map<String, Object> toJson(Point point) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workers", count(point.workers()));
        json.put("reference", point.reference());
        json.put("speedup", point.speedup().value());
        json.put("lower", point.speedup().lower());
        json.put("upper", point.speedup().upper());
        if (point.reference()) {
            json.put("efficiency", point.efficiency());
            json.put("pairs", List.of());
            return json;
        }
        json.put("confidence", point.confidence());
        json.put("efficiency", point.efficiency());
        json.put("karpFlatt", point.karpFlatt().value());
        json.put("karpFlattLower", point.karpFlatt().lower());
        json.put("karpFlattUpper", point.karpFlatt().upper());
        Judgement judgement = point.judgement();
        json.put("ceiling", judgement.ceiling());
        json.put("minSpeedup", judgement.minSpeedup());
        json.put("verdict", name(judgement.verdict()));
        json.put("reason", text(judgement.reason()));
        json.put("environmentInconclusive", judgement.environmentInconclusive());
        json.put("meanSpeedup", point.meanSpeedup());
        json.put("minOverMin", point.minOverMin());
        Timing timing = point.timing();
        json.put("baselineMedianMs", timing.baselineMedianMs());
        json.put("parallelMedianMs", timing.parallelMedianMs());
        json.put("warmUpPairs", count(timing.warmUpPairs()));
        json.put("steadyState", timing.steadyState().orElse(null));
        json.put("repetitions", count(timing.repetitions()));
        json.put("spentMs", timing.spentMs());
        Waits waits = point.waits();
        json.put("turnWaitMs", waits.turnMs());
        json.put("testsWaitMs", waits.testsMs());
        json.put("quietWaitMs", waits.quietMs());
        json.put("turnNote", text(waits.turnNote()));
        json.put("cpuShare", point.cpuShare().map(PointCodec::toJson).orElse(null));
        json.put(
                "setAsidePairs",
                point.setAsidePairs().stream().map(PointCodec::toJson).toList());
        json.put("peakWorkers", count(point.peakWorkers()));
        json.put("disturbedPairs", point.disturbedPairs());
        json.put("pairs", point.pairs().stream().map(PointCodec::toJson).toList());
        point.sweep().ifPresent(sweep -> {
            json.put("notJudged", text(sweep.notJudged()));
            json.put("baseline", sweep.baseline().map(PointCodec::toJson).orElse(null));
        });
        return json;
    }

    /** A point of a record of {@code kind}: a sweep's measured points carry its checks. */
    static Point point(JsonObject json, Optional<RecordKind> kind) {
        Estimate speedup = new Estimate(json.number("speedup"), json.number("lower"), json.unbounded("upper"));
        if (json.flag("reference")) {
            return Point.reference(json.integer("workers"), speedup, json.number("efficiency"));
        }
        Judgement judgement = new Judgement(
                json.number("ceiling"),
                json.number("minSpeedup"),
                json.constant("verdict", ReportVerdict.class),
                json.optionalText("reason"),
                json.flag("environmentInconclusive"));
        Timing timing = new Timing(
                json.number("baselineMedianMs"),
                json.number("parallelMedianMs"),
                json.integer("warmUpPairs"),
                json.optionalFlag("steadyState"),
                json.integer("repetitions"),
                json.number("spentMs"));
        Waits waits = new Waits(
                json.number("turnWaitMs"),
                json.number("testsWaitMs"),
                json.number("quietWaitMs"),
                json.optionalText("turnNote"));
        Optional<SweepCheck> sweep = kind.equals(Optional.of(RecordKind.SWEEP))
                ? Optional.of(new SweepCheck(
                        json.optionalText("notJudged"), json.object("baseline").map(PointCodec::baselineCheck)))
                : Optional.empty();
        return new Point(
                json.integer("workers"),
                false,
                speedup,
                json.number("confidence"),
                json.number("efficiency"),
                new Estimate(json.number("karpFlatt"), json.number("karpFlattLower"), json.unbounded("karpFlattUpper")),
                judgement,
                json.number("meanSpeedup"),
                json.number("minOverMin"),
                timing,
                waits,
                json.object("cpuShare").map(PointCodec::share),
                json.objects("setAsidePairs", PointCodec::pair, PairTimes.UNKNOWN),
                json.integer("peakWorkers"),
                json.integers("disturbedPairs"),
                json.objects("pairs", PointCodec::pair, PairTimes.UNKNOWN),
                sweep);
    }

    /** A point with nothing known, as an item of the points that is not an object reads. */
    static Point unknownPoint() {
        return point(JsonObject.of(null), Optional.empty());
    }

    static Map<String, Object> toJson(PairTimes pair) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baselineMs", pair.baselineMs());
        json.put("parallelMs", pair.parallelMs());
        json.put("baselineFirst", pair.baselineFirst());
        json.put("disturbed", pair.disturbed());
        pair.disturbance().ifPresent(disturbance -> json.put("disturbance", disturbance));
        return json;
    }

    private static PairTimes pair(JsonObject json) {
        boolean disturbed = json.flag("disturbed");
        return new PairTimes(
                json.number("baselineMs"),
                json.number("parallelMs"),
                json.flag("baselineFirst"),
                disturbed,
                disturbed ? json.optionalText("disturbance") : Optional.empty());
    }

    static Map<String, Object> toJson(ShareFacts share) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("share", share.share());
        json.put("measured", share.measured());
        json.put("assumed", share.assumed());
        json.put("assumption", text(share.assumption()));
        json.put("basis", name(share.basis()));
        json.put("cpuMs", share.cpuMs());
        json.put("waitMs", share.waitMs());
        json.put("wallMs", share.wallMs());
        json.put("activeWorkers", count(share.activeWorkers()));
        json.put("coresCeiling", share.coresCeiling());
        return json;
    }

    static ShareFacts share(JsonObject json) {
        return new ShareFacts(
                json.number("share"),
                json.number("measured"),
                json.flag("assumed"),
                json.optionalText("assumption"),
                json.constant("basis", ShareBasis.class),
                json.number("cpuMs"),
                json.number("waitMs"),
                json.number("wallMs"),
                json.integer("activeWorkers"),
                json.unbounded("coresCeiling"));
    }

    static Map<String, Object> toJson(BaselineCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", name(check.status()));
        json.put("speedup", check.speedup());
        json.put("threshold", check.threshold());
        json.put("file", check.file());
        json.put("message", check.message());
        return json;
    }

    static BaselineCheck baselineCheck(JsonObject json) {
        return new BaselineCheck(
                json.constant("status", BaselineStatus.class),
                json.number("speedup"),
                json.number("threshold"),
                json.text("file"),
                json.text("message"));
    }
}
