package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.config.SpeedupPlan;
import io.github.parallelruns.internal.engine.MeasurementTurn;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.Pair;
import io.github.parallelruns.internal.measure.SpeedupCeiling;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import io.github.parallelruns.internal.report.model.ReportVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a speedup test reports: its failure and abort messages and its report entry, built in one place. */
final class SpeedupFacts {

    static final String PREFIX = "parallelruns.speedup.";

    private final RunPlan plan;
    private final SpeedupPlan speedup;
    private final EffectiveCores cores;
    private final double capacity;
    private final double ceiling;
    private final CpuShare share;

    /** @param share the measured CPU share ({@link Workload#AUTO}), or null before it is measured and for the others */
    SpeedupFacts(
            RunPlan plan, SpeedupPlan speedup, EffectiveCores cores, double capacity, double ceiling, CpuShare share) {
        this.plan = plan;
        this.speedup = speedup;
        this.cores = cores;
        this.capacity = capacity;
        this.ceiling = ceiling;
        this.share = share;
    }

    /** {@code @ExpectSpeedup(min = 3.0) on 'crunch()' is unattainable on this machine: ...}. */
    String unattainableMessage() {
        return "@ExpectSpeedup(" + speedup.describeBounds() + ") on '" + plan.name() + "' is unattainable on this "
                + "machine: " + ceilingExplanation() + ", but the lowest speedup asked for is "
                + times(speedup.min()) + " (" + times(speedup.min() * 0.95) + " with the 5% tolerance). The test was "
                + (speedup.workload() == Workload.AUTO
                        ? "not measured. Lower the bound"
                                + (share == null
                                        ? ", or add workers or tasks."
                                        : "; the ceiling follows from the body's CPU share, measured on a calibration run.")
                        : "not measured. Lower the bound, or declare workload = BLOCKING if the body mostly waits.");
    }

    String nearCeilingWarning() {
        return "@ExpectSpeedup(" + speedup.describeBounds() + ") on '" + plan.name() + "' asks for more than "
                + "90% of what this machine can give (" + ceilingExplanation() + "): expect INCONCLUSIVE verdicts "
                + "when the machine is busy.";
    }

    Map<String, String> unattainableEntry() {
        Map<String, String> entry = common();
        entry.put(PREFIX + "verdict", ReportVerdict.UNATTAINABLE.name());
        entry.put(PREFIX + "reason", unattainableMessage());
        return entry;
    }

    /** The verdict's message: what was measured, against what, and why this verdict. */
    String message(SpeedupResult result, int peak) {
        SpeedupVerdict verdict = result.verdict();
        String nl = System.lineSeparator();
        if (notMeasured(result)) {
            return "@ExpectSpeedup(" + speedup.describeBounds() + ") on '" + plan.name() + "': " + verdict.verdict()
                    + (verdict.environment() ? " (environment)" : "") + ": " + verdict.reason();
        }
        StringBuilder text = new StringBuilder()
                .append("@ExpectSpeedup(")
                .append(speedup.describeBounds())
                .append(") on '")
                .append(plan.name())
                .append("': ")
                .append(verdict.verdict())
                .append(verdict.environment() ? " (environment)" : "")
                .append(": ")
                .append(verdict.reason())
                .append(nl)
                .append("  speedup ")
                .append(times(verdict.speedup()))
                .append(", ")
                .append(percent(verdict.confidence()))
                .append(" interval [")
                .append(times(verdict.lower()))
                .append(", ")
                .append(times(verdict.upper()))
                .append("], efficiency ")
                .append(percent(verdict.speedup() / plan.workers()))
                .append(" on ")
                .append(plan.workers())
                .append(" ")
                .append(plan.mode())
                .append(" workers")
                .append(nl)
                .append("  baseline (1 worker) median ")
                .append(millis(verdict.baselineMedianNanos()))
                .append(", parallel (")
                .append(plan.workers())
                .append(" workers) median ")
                .append(millis(verdict.parallelMedianNanos()))
                .append(", over ")
                .append(verdict.pairs())
                .append(" pairs of ")
                .append(plan.tasks())
                .append(" tasks")
                .append(result.repetitions() > 1 ? " × " + result.repetitions() + " repetitions" : "")
                .append(" after ")
                .append(result.warmUpPairs())
                .append(" warm-up pairs")
                .append(result.steadyState() ? "" : " (no steady state reached)")
                .append(nl)
                .append("  machine: ")
                .append(ceilingExplanation())
                .append("; peak ")
                .append(peak)
                .append(" workers running at once");
        String waits = waits(result);
        if (!waits.isEmpty()) {
            text.append(nl).append("  ").append(waits);
        }
        result.turnNote().ifPresent(note -> text.append(nl).append("  ").append(note));
        if (!verdict.disturbedPairs().isEmpty()) {
            text.append(nl)
                    .append("  disturbed pairs (other load, steal or throttling): ")
                    .append(verdict.disturbedPairs().stream()
                            .map(String::valueOf)
                            .collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    String peakMessage(SpeedupResult result, int peak, int expected) {
        return "@ExpectSpeedup(" + speedup.describeBounds() + ") on '" + plan.name() + "': at most " + peak
                + " worker(s) ran the body at the same moment, but " + expected + " should have ("
                + "min(workers, tasks"
                + (speedup.workload() == Workload.BLOCKING
                        ? ""
                        : speedup.workload() == Workload.AUTO ? ", effective cores / CPU share" : ", effective cores")
                + ")): the tasks did not overlap. " + System.lineSeparator() + message(result, peak);
    }

    Map<String, String> reportEntry(SpeedupResult result, int peak) {
        SpeedupVerdict verdict = result.verdict();
        Map<String, String> entry = common();
        entry.put(PREFIX + "verdict", verdict.verdict().name());
        entry.put(PREFIX + "reason", verdict.reason());
        entry.put(PREFIX + "speedup", number(verdict.speedup()));
        entry.put(PREFIX + "lower", number(verdict.lower()));
        entry.put(PREFIX + "upper", number(verdict.upper()));
        entry.put(PREFIX + "confidence", number(verdict.confidence()));
        entry.put(PREFIX + "efficiency", number(verdict.speedup() / plan.workers()));
        entry.put(PREFIX + "meanSpeedup", number(verdict.meanSpeedup()));
        entry.put(PREFIX + "minOverMin", number(verdict.minOverMin()));
        entry.put(PREFIX + "pairs", String.valueOf(verdict.pairs()));
        entry.put(PREFIX + "warmUpPairs", String.valueOf(result.warmUpPairs()));
        entry.put(PREFIX + "steadyState", String.valueOf(result.steadyState()));
        entry.put(PREFIX + "repetitions", String.valueOf(result.repetitions()));
        entry.put(PREFIX + "baselineMedianMs", number(verdict.baselineMedianNanos() / 1e6));
        entry.put(PREFIX + "parallelMedianMs", number(verdict.parallelMedianNanos() / 1e6));
        entry.put(PREFIX + "spentMs", number(result.spent().toNanos() / 1e6));
        entry.put(PREFIX + "peakWorkers", String.valueOf(peak));
        entry.put(
                PREFIX + "disturbedPairs",
                verdict.disturbedPairs().isEmpty()
                        ? "none"
                        : verdict.disturbedPairs().stream().map(String::valueOf).collect(Collectors.joining(",")));
        entry.put(PREFIX + "environment", String.valueOf(verdict.environment()));
        entry.put(
                PREFIX + "pairsMs",
                result.pairs().isEmpty()
                        ? "none"
                        : result.pairs().stream().map(SpeedupFacts::pair).collect(Collectors.joining(";")));
        entry.put(PREFIX + "turnWaitMs", number(result.turnWait().toNanos() / 1e6));
        entry.put(PREFIX + "testsWaitMs", number(result.testsWait().toNanos() / 1e6));
        entry.put(PREFIX + "quietWaitMs", number(result.quietWait().toNanos() / 1e6));
        entry.put(PREFIX + "setAsidePairs", String.valueOf(result.setAside().size()));
        result.turnNote().ifPresent(note -> entry.put(PREFIX + "turnNote", note));
        // JUnit refuses blank values.
        entry.replaceAll((key, value) -> value.isBlank() ? "none" : value);
        return entry;
    }

    private Map<String, String> common() {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put(PREFIX + "min", number(speedup.min()));
        entry.put(PREFIX + "max", number(speedup.max()));
        entry.put(PREFIX + "workload", speedup.workload().name());
        entry.put(PREFIX + "effectiveCores", String.valueOf(cores.cores()));
        entry.put(PREFIX + "capacity", number(Double.isNaN(capacity) ? cores.cores() : capacity));
        entry.put(PREFIX + "ceiling", number(ceiling));
        if (share != null) {
            entry.put(PREFIX + "cpuShare", number(share.share()));
            entry.put(PREFIX + "cpuShareMeasured", number(share.measured()));
            entry.put(PREFIX + "cpuShareBasis", share.basis().name());
        }
        return entry;
    }

    private String ceilingExplanation() {
        String tasks = plan.tasks() + " task" + (plan.tasks() == 1 ? "" : "s");
        if (speedup.workload() == Workload.BLOCKING) {
            return plan.workers() + " workers and " + tasks + " of a BLOCKING body give at most " + times(ceiling);
        }
        if (speedup.workload() == Workload.AUTO) {
            String byTasks = plan.workers() + " workers and " + tasks + " give at most "
                    + times(SpeedupCeiling.blocking(plan.workers(), plan.tasks()));
            if (share == null) {
                return byTasks;
            }
            double byCores = share.coresCeiling(cores.cores());
            return cores.describe() + ", " + share.describe() + ": min(" + byTasks + ", " + cores.cores()
                    + " cores / " + String.format(Locale.ROOT, "%.2f", share.share()) + " = " + times(byCores) + ") = "
                    + times(ceiling);
        }
        // NaN: PROBED before its probe, which runs in the measurement's turn.
        String probed = speedup.workload() == Workload.PROBED && !Double.isNaN(capacity)
                ? ", of which a capacity probe measured " + number(capacity) + " available now"
                : "";
        return cores.describe() + probed + ": " + plan.workers() + " workers and " + tasks + " of a "
                + speedup.workload() + " body give at most " + times(ceiling);
    }

    /** Whether nothing was measured at all (the turn never came). */
    static boolean notMeasured(SpeedupResult result) {
        return result.pairs().isEmpty() && result.warmUpPairs() == 0;
    }

    /** "10m", "1s", "500ms": a configured duration as it would be written. */
    /** "waited 1.2 s for other JVMs' measurements, 0.4 s for quiet (3 disturbed pairs taken again)", or empty. */
    static String waits(SpeedupResult result) {
        List<String> parts = new ArrayList<>();
        // Under 10 ms is the lock's own cost, not a wait worth a word.
        if (result.turnWait().toMillis() >= 10) {
            parts.add(MeasurementTurn.seconds(result.turnWait()) + " for other measurements");
        }
        if (result.testsWait().toMillis() >= 10) {
            parts.add(MeasurementTurn.seconds(result.testsWait()) + " for tests running in other JVMs");
        }
        if (!result.quietWait().isZero() || !result.setAside().isEmpty()) {
            parts.add(MeasurementTurn.seconds(result.quietWait()) + " for a quiet machine ("
                    + result.setAside().size() + " disturbed pair"
                    + (result.setAside().size() == 1 ? "" : "s") + " taken again)");
        }
        return parts.isEmpty() ? "" : "waited " + String.join(", ", parts);
    }

    /** "1.23 s". */
    private static String pair(Pair pair) {
        return String.format(
                Locale.ROOT,
                "%.3f/%.3f%s%s",
                pair.baselineNanos() / 1e6,
                pair.parallelNanos() / 1e6,
                pair.baselineFirst() ? "" : "p",
                pair.disturbance().disturbed() ? "*" : "");
    }

    static String times(double speedup) {
        if (Double.isInfinite(speedup)) {
            return speedup > 0 ? "∞" : "0x";
        }
        return String.format(Locale.ROOT, "%.2fx", speedup);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String number(double value) {
        return Double.isInfinite(value)
                ? (value > 0 ? "Infinity" : "-Infinity")
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
