package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.Verdict;
import io.github.parallelruns.internal.execution.FailureKind;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.Pair;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import io.github.parallelruns.internal.measure.SweepAnalysis;
import io.github.parallelruns.internal.report.BaselineFile;
import io.github.parallelruns.internal.report.model.BaselineCheck;
import io.github.parallelruns.internal.report.model.Estimate;
import io.github.parallelruns.internal.report.model.Findings;
import io.github.parallelruns.internal.report.model.Judgement;
import io.github.parallelruns.internal.report.model.Machine;
import io.github.parallelruns.internal.report.model.PairTimes;
import io.github.parallelruns.internal.report.model.Point;
import io.github.parallelruns.internal.report.model.ReportVerdict;
import io.github.parallelruns.internal.report.model.RunFacts;
import io.github.parallelruns.internal.report.model.ShareBasis;
import io.github.parallelruns.internal.report.model.ShareFacts;
import io.github.parallelruns.internal.report.model.SweepCheck;
import io.github.parallelruns.internal.report.model.Timing;
import io.github.parallelruns.internal.report.model.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The parts of a report record, made from what a test measured and found. */
final class ReportRecords {

    private ReportRecords() {}

    /** The JVM and machine this test runs on. */
    static Machine machine(EffectiveCores cores) {
        return new Machine(
                Runtime.version().toString(),
                System.getProperty("java.vendor", ""),
                System.getProperty("java.vm.name", ""),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                OptionalInt.of(Runtime.getRuntime().availableProcessors()),
                OptionalInt.of(cores.cores()),
                cores.describe());
    }

    static ReportVerdict verdict(Verdict verdict) {
        return switch (verdict) {
            case PASS -> ReportVerdict.PASS;
            case FAIL -> ReportVerdict.FAIL;
            case INCONCLUSIVE -> ReportVerdict.INCONCLUSIVE;
            case MEASURED -> ReportVerdict.MEASURED;
        };
    }

    /**
     * A measured point of a speedup test or sweep.
     *
     * @param share the CPU share the ceiling followed from, if measured
     * @param sweep what a sweep records beside the point; empty for a speedup test
     */
    static Point point(
            int workers,
            SpeedupResult result,
            int peak,
            double ceiling,
            double minSpeedup,
            Optional<CpuShare> share,
            Optional<SweepCheck> sweep) {
        SpeedupVerdict verdict = result.verdict();
        SweepAnalysis.Point figures = new SweepAnalysis.Point(workers, result, minSpeedup, null);
        return new Point(
                OptionalInt.of(workers),
                false,
                new Estimate(verdict.speedup(), verdict.lower(), verdict.upper()),
                verdict.confidence(),
                verdict.speedup() / workers,
                new Estimate(figures.karpFlatt(), figures.karpFlattLower(), figures.karpFlattUpper()),
                new Judgement(
                        ceiling,
                        minSpeedup,
                        Optional.of(verdict(verdict.verdict())),
                        Optional.of(verdict.reason()),
                        verdict.environment()),
                verdict.meanSpeedup(),
                verdict.minOverMin(),
                new Timing(
                        verdict.baselineMedianNanos() / 1e6,
                        verdict.parallelMedianNanos() / 1e6,
                        OptionalInt.of(result.warmUpPairs()),
                        Optional.of(result.steadyState()),
                        OptionalInt.of(result.repetitions()),
                        millis(result.spent())),
                new Waits(
                        millis(result.turnWait()),
                        millis(result.testsWait()),
                        millis(result.quietWait()),
                        result.turnNote()),
                share.map(ReportRecords::share),
                pairs(result.setAside()),
                OptionalInt.of(peak),
                verdict.disturbedPairs(),
                pairs(result.pairs()),
                sweep);
    }

    /** The 1-worker point of a sweep: the baseline itself. */
    static Point referencePoint() {
        return Point.reference(OptionalInt.of(1), new Estimate(1.0, 1.0, 1.0), 1.0);
    }

    private static List<PairTimes> pairs(List<Pair> measured) {
        List<PairTimes> pairs = new ArrayList<>();
        for (Pair pair : measured) {
            boolean disturbed = pair.disturbance().disturbed();
            pairs.add(new PairTimes(
                    pair.baselineNanos() / 1e6,
                    pair.parallelNanos() / 1e6,
                    pair.baselineFirst(),
                    disturbed,
                    disturbed ? Optional.of(pair.disturbance().reason()) : Optional.empty()));
        }
        return pairs;
    }

    /** The measured CPU share, with what it was measured on. */
    static ShareFacts share(CpuShare share) {
        return new ShareFacts(
                share.share(),
                share.measured(),
                share.assumed(),
                share.assumed() ? Optional.of(share.assumption()) : Optional.empty(),
                Optional.of(
                        share.basis() == CpuShare.Basis.WORKER_THREADS
                                ? ShareBasis.WORKER_THREADS
                                : ShareBasis.PROCESS_TREE),
                share.cpuNanos() / 1e6,
                share.waitNanos() / 1e6,
                share.wallNanos() / 1e6,
                OptionalInt.of(share.activeWorkers()),
                share.coresCeiling(share.cores()));
    }

    /** A point compared with the baseline {@code file}; empty when there was none to compare with (null). */
    static Optional<BaselineCheck> baseline(BaselineFile.Comparison comparison, Path file) {
        return Optional.ofNullable(comparison)
                .map(compared -> new BaselineCheck(
                        Optional.of(compared.status()),
                        compared.baselineSpeedup(),
                        compared.threshold(),
                        file.toString(),
                        compared.message()));
    }

    /**
     * What a plain run found: its verdict, why, and its tasks and failures.
     *
     * @param failure the test's failure, null when it passed
     * @param notChecked why the speedup or sweep of the test was not checked, null when it has none
     */
    static Findings run(RunPlan plan, RunOutcome outcome, Throwable failure, String notChecked) {
        ReportVerdict verdict = notChecked != null
                ? ReportVerdict.NOT_CHECKED
                : failure == null ? ReportVerdict.SUCCESSFUL : ReportVerdict.FAILED;
        String reason = notChecked != null
                ? notChecked
                : failure == null
                        ? "all " + plan.tasks() + " tasks ran without failure"
                        : String.valueOf(failure.getMessage())
                                .lines()
                                .findFirst()
                                .orElse(failure.toString());
        List<RunFacts.Kind> kinds = new ArrayList<>();
        for (FailureKind kind : outcome.failures().kinds()) {
            kinds.add(new RunFacts.Kind(
                    OptionalInt.of(kind.count()),
                    kind.className(),
                    kind.pattern(),
                    kind.frame(),
                    OptionalInt.of(kind.first().workerIndex()),
                    OptionalInt.of(kind.first().taskIndex())));
        }
        List<RunFacts.Failure> failures = new ArrayList<>();
        for (TaskFailure taskFailure : outcome.failures().kept()) {
            failures.add(new RunFacts.Failure(
                    OptionalInt.of(taskFailure.workerIndex()),
                    OptionalInt.of(taskFailure.taskIndex()),
                    firstLine(taskFailure.error())));
        }
        for (Throwable fault : outcome.workerFaults()) {
            failures.add(new RunFacts.Failure(OptionalInt.empty(), OptionalInt.empty(), firstLine(fault)));
        }
        RunFacts run = new RunFacts(
                millis(outcome.wallTime()),
                millis(outcome.startup()),
                OptionalInt.of(outcome.tasksStarted()),
                OptionalInt.of(outcome.failures().count()),
                OptionalInt.of(outcome.tasksPassed()),
                kinds,
                failures,
                outcome.timedOut());
        return new Findings(
                Optional.of(verdict),
                false,
                Optional.of(reason),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.of(run),
                Optional.empty(),
                Optional.empty());
    }

    private static String firstLine(Throwable error) {
        return String.valueOf(error).lines().findFirst().orElse("");
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
