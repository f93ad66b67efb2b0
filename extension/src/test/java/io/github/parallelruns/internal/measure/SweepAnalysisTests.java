package io.github.parallelruns.internal.measure;

import static io.github.parallelruns.internal.measure.SequentialSpeedupTestTests.around;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.parallelruns.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's checks and fits on hand-made points. */
class SweepAnalysisTests {

    private static final Disturbance STOLEN = new Disturbance(0, 40_000_000, 0, true, "steal 40.0 ms");

    @Test
    void risingSpeedupsPassNonDecreasingAndGetBothFits() {
        List<SweepAnalysis.Point> points = List.of(reference(), measured(2, 1.9), measured(4, 3.5), measured(8, 6.0));

        SweepAnalysis.Outcome outcome = SweepAnalysis.analyze(points, Double.NaN, true);

        assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
        assertThat(outcome.reason())
                .startsWith("PASS: the speedup did not fall as workers grew (1: 1.00x, 2: 1.8")
                .contains(", 8: 5.");
        assertThat(outcome.amdahl()).isPresent();
        assertThat(outcome.amdahlNote()).isEqualTo("fitted to 3 worker counts above 1");
        assertThat(outcome.usl()).isPresent();
    }

    @Test
    void aClearFallFails() {
        List<SweepAnalysis.Point> points = List.of(reference(), measured(2, 1.9), measured(4, 1.2));

        SweepAnalysis.Outcome outcome = SweepAnalysis.analyze(points, Double.NaN, true);

        assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(outcome.reason())
                .startsWith("FAIL: the speedup fell from 1.8")
                .contains("x on 2 workers to 1.1")
                .contains("x on 4 (upper bound 1.30x below 1.75x less 5%, bounds at 99.75% one-sided)");
    }

    @Test
    void aFallWithinTheToleranceOrTheIntervalsDoesNotFail() {
        SweepAnalysis.Outcome small =
                SweepAnalysis.analyze(List.of(reference(), measured(2, 1.95), measured(4, 1.9)), Double.NaN, true);
        // 3 pairs per point: too few for bounds at the strict level, so a large fall stays undecided.
        SweepAnalysis.Outcome fewPairs = SweepAnalysis.analyze(
                List.of(reference(), point(2, around(1.9, 3)), point(4, around(1.2, 3))), Double.NaN, true);

        assertThat(small.verdict()).isEqualTo(Verdict.PASS);
        assertThat(fewPairs.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(fewPairs.reason()).contains("by more than 5%, but not clear of the intervals (too few pairs");
    }

    @Test
    void aClearFallOnAMostlyDisturbedPointIsTheMachinesDoing() {
        List<Pair> disturbed = new ArrayList<>();
        for (Pair pair : around(1.2, 12)) {
            disturbed.add(new Pair(pair.baselineNanos(), pair.parallelNanos(), true, STOLEN));
        }
        SweepAnalysis.Outcome outcome =
                SweepAnalysis.analyze(List.of(reference(), measured(2, 1.9), point(4, disturbed)), Double.NaN, true);

        assertThat(outcome.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(outcome.environment()).isTrue();
        assertThat(outcome.reason()).contains("more than a quarter of the pairs were disturbed");
    }

    @Test
    void serialFractionBoundFollowsThePointsVerdicts() {
        SweepAnalysis.Point pass2 = judged(2, Verdict.PASS, 1.9);
        SweepAnalysis.Point pass4 = judged(4, Verdict.PASS, 3.4);
        SweepAnalysis.Point fail4 = judged(4, Verdict.FAIL, 2.0);
        SweepAnalysis.Point undecided4 = judged(4, Verdict.INCONCLUSIVE, 3.0);

        SweepAnalysis.Outcome pass = SweepAnalysis.analyze(List.of(reference(), pass2, pass4), 0.1, false);
        SweepAnalysis.Outcome fail = SweepAnalysis.analyze(List.of(reference(), pass2, fail4), 0.1, false);
        SweepAnalysis.Outcome inconclusive = SweepAnalysis.analyze(List.of(reference(), pass2, undecided4), 0.1, false);

        assertThat(pass.verdict()).isEqualTo(Verdict.PASS);
        assertThat(pass.reason())
                .startsWith("PASS: serial fraction at most 0.100 on every worker count: 2 workers 1.8");
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fail.reason())
                .startsWith("FAIL: serial fraction at most 0.100 failed on 4 workers; on 4 workers: " + "1.96x [")
                .contains("Karp-Flatt serial fraction 0.347 [")
                .contains("below 3.08x, the speedup Amdahl's law allows there with that fraction");
        assertThat(inconclusive.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(inconclusive.reason())
                .startsWith("INCONCLUSIVE: serial fraction at most 0.100 could not be shown "
                        + "on 4 workers (at least 3.08x needed)");
    }

    @Test
    void pointsTheMachineCannotReachAreListedNotJudged() {
        SweepAnalysis.Point unattainable = new SweepAnalysis.Point(
                8,
                result(around(1.95, 12), Verdict.MEASURED),
                Double.NaN,
                "unattainable here: needs 4.71x, this machine gives at most 2.00x");

        SweepAnalysis.Outcome outcome =
                SweepAnalysis.analyze(List.of(reference(), judged(2, Verdict.PASS, 1.9), unattainable), 0.1, false);

        assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
        assertThat(outcome.reason())
                .endsWith("; not judged: 8 workers (unattainable here: needs 4.71x, this machine "
                        + "gives at most 2.00x)");
    }

    @Test
    void aSweepAssertingNothingIsMeasuredAndSaysWhyFitsAreMissing() {
        SweepAnalysis.Outcome outcome =
                SweepAnalysis.analyze(List.of(reference(), measured(2, 1.9)), Double.NaN, false);

        assertThat(outcome.verdict()).isEqualTo(Verdict.MEASURED);
        assertThat(outcome.amdahl()).isEmpty();
        assertThat(outcome.amdahlNote())
                .isEqualTo("too few points for an Amdahl fit: it needs speedups at 2 or more "
                        + "worker counts above 1, this sweep has 1");
        assertThat(outcome.uslNote())
                .isEqualTo("too few points for a Universal Scalability Law fit: it needs "
                        + "speedups at 3 or more worker counts above 1, this sweep has 1");
    }

    @Test
    void karpFlattRangeComesFromTheInterval() {
        SweepAnalysis.Point point = measured(4, 3.0);

        assertThat(point.karpFlattLower()).isLessThan(point.karpFlatt());
        assertThat(point.karpFlattUpper()).isGreaterThan(point.karpFlatt());
        assertThat(point.karpFlatt()).isEqualTo(ScalingFits.karpFlatt(4, point.speedup()));
    }

    @Test
    void pointsMustAscend() {
        assertThatThrownBy(() -> SweepAnalysis.analyze(List.of(measured(4, 3), measured(2, 1.9)), Double.NaN, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("points must be ascending and distinct by workers, but 2 followed 4");
        assertThatThrownBy(() -> new SweepAnalysis.Point(2, null, Double.NaN, null))
                .hasMessage("only the 1-worker point may be unmeasured, but 2 workers had no result");
    }

    private static SweepAnalysis.Point reference() {
        return new SweepAnalysis.Point(1, null, Double.NaN, null);
    }

    private static SweepAnalysis.Point measured(int workers, double speedup) {
        return point(workers, around(speedup, 12));
    }

    private static SweepAnalysis.Point point(int workers, List<Pair> pairs) {
        return new SweepAnalysis.Point(workers, result(pairs, Verdict.MEASURED), Double.NaN, null);
    }

    private static SweepAnalysis.Point judged(int workers, Verdict verdict, double speedup) {
        double min = 1 / (0.1 + 0.9 / workers);
        return new SweepAnalysis.Point(workers, result(around(speedup, 12), verdict), min, null);
    }

    private static SpeedupResult result(List<Pair> pairs, Verdict verdict) {
        SpeedupVerdict figures = PairStatistics.of(pairs).verdict(verdict, "because " + verdict, false);
        return new SpeedupResult(figures, pairs, 2, true, 1, Duration.ofSeconds(1));
    }
}
