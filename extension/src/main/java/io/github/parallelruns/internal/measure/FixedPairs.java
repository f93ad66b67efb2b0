package io.github.parallelruns.internal.measure;

import io.github.parallelruns.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides after a fixed number of pairs, without bounds to judge them against: the verdict is
 * {@link Verdict#MEASURED}, with the estimate they give (a sweep point, code that asserts afterwards).
 *
 * @param count the pairs to take, {@code >= 1}
 */
record FixedPairs(int count) implements PairDecider {

    FixedPairs {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, but was " + count);
        }
    }

    @Override
    public OptionalInt lookAfter(int pairsSoFar) {
        return pairsSoFar < count ? OptionalInt.of(count) : OptionalInt.empty();
    }

    @Override
    public Optional<SpeedupVerdict> decide(List<Pair> pairs) {
        Objects.requireNonNull(pairs, "pairs");
        if (pairs.size() != count) {
            throw new IllegalArgumentException("pairs must number " + count + ", but was " + pairs.size());
        }
        PairStatistics statistics = PairStatistics.of(pairs);
        return Optional.of(statistics.verdict(Verdict.MEASURED, SpeedupReasons.estimated(statistics), false));
    }

    @Override
    public SpeedupVerdict inconclusive(List<Pair> pairs, String why, boolean environment) {
        Objects.requireNonNull(pairs, "pairs");
        Objects.requireNonNull(why, "why");
        if (why.isBlank()) {
            throw new IllegalArgumentException("why must not be blank");
        }
        PairStatistics statistics = PairStatistics.of(pairs);
        return statistics.verdict(Verdict.INCONCLUSIVE, SpeedupReasons.estimateStopped(why, statistics), environment);
    }
}
