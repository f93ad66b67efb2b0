package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A finished speedup measurement: the verdict and the raw pairs behind it, for the report.
 *
 * @param verdict the verdict and its figures
 * @param pairs the measured pairs in the order they ran, warm-up excluded; each side's time covers
 *     {@code repetitions} repetitions of the tasks
 * @param warmUpPairs how many pairs were run and discarded before measuring, {@code >= 0}
 * @param steadyState false when warm-up stopped at its cap before the times settled ("no steady
 *     state"): the pairs may include JIT compilation or cache warming
 * @param repetitions how often each run repeated the tasks, {@code >= 1}
 * @param spent the wall time the measurement took, calibration, warm-up and waits for quiet included
 * @param share the body's CPU share when it was measured ({@code AUTO}), else empty
 * @param setAside pairs that other load disturbed and that were taken again once the machine was
 *     quiet, in the order they ran; not part of {@code pairs} or of the verdict
 * @param quietWait how long the measurement waited for the machine to be quiet, part of {@code spent}
 * @param turnWait how long it waited, before it began, for measurements in other JVMs (or this one) to
 *     end; not part of {@code spent}
 * @param testsWait how long it then waited for tests running in other JVMs to end; not part of
 *     {@code spent}
 * @param turnNote what the report should say about the turn (taken without turn-taking, tests still
 *     running elsewhere), if anything
 */
@API(status = INTERNAL, since = "0.1")
public record SpeedupResult(
        SpeedupVerdict verdict,
        List<Pair> pairs,
        int warmUpPairs,
        boolean steadyState,
        int repetitions,
        Duration spent,
        Optional<CpuShare> share,
        List<Pair> setAside,
        Duration quietWait,
        Duration turnWait,
        Duration testsWait,
        Optional<String> turnNote) {

    /** A result without a measured share, set-aside pairs or waits. */
    public SpeedupResult(
            SpeedupVerdict verdict,
            List<Pair> pairs,
            int warmUpPairs,
            boolean steadyState,
            int repetitions,
            Duration spent) {
        this(
                verdict,
                pairs,
                warmUpPairs,
                steadyState,
                repetitions,
                spent,
                Optional.empty(),
                List.of(),
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Optional.empty());
    }

    /** This result with the waits for the machine's turn and what to say about it. */
    public SpeedupResult withTurn(Duration turnWait, Duration testsWait, Optional<String> turnNote) {
        return new SpeedupResult(
                verdict,
                pairs,
                warmUpPairs,
                steadyState,
                repetitions,
                spent,
                share,
                setAside,
                quietWait,
                turnWait,
                testsWait,
                turnNote);
    }

    /** This result with another verdict on the same figures. */
    public SpeedupResult withVerdict(SpeedupVerdict other) {
        return new SpeedupResult(
                other,
                pairs,
                warmUpPairs,
                steadyState,
                repetitions,
                spent,
                share,
                setAside,
                quietWait,
                turnWait,
                testsWait,
                turnNote);
    }

    public SpeedupResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(quietWait, "quietWait");
        Objects.requireNonNull(turnWait, "turnWait");
        Objects.requireNonNull(testsWait, "testsWait");
        Objects.requireNonNull(turnNote, "turnNote");
        setAside = List.copyOf(setAside);
        if (quietWait.isNegative()) {
            throw new IllegalArgumentException("quietWait must be >= 0, but was " + quietWait);
        }
        pairs = List.copyOf(pairs);
        if (verdict.pairs() != pairs.size()) {
            throw new IllegalArgumentException(
                    "pairs must be the " + verdict.pairs() + " pairs the verdict counts, but were " + pairs.size());
        }
        if (warmUpPairs < 0) {
            throw new IllegalArgumentException("warmUpPairs must be >= 0, but was " + warmUpPairs);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, but was " + repetitions);
        }
        if (spent.isNegative()) {
            throw new IllegalArgumentException("spent must be >= 0, but was " + spent);
        }
    }
}
