package io.github.parallelruns.internal.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentences that explain a speedup verdict, built in one place so that tests assert on the same
 * text users read.
 */
final class SpeedupReasons {

    private SpeedupReasons() {}

    static String below(PairStatistics figures, SpeedupBounds bounds) {
        return figures(figures) + " is below the bound " + times(bounds.min())
                + tolerated(bounds, times(bounds.min() * (1 - bounds.tolerance()))) + after(figures);
    }

    static String above(PairStatistics figures, SpeedupBounds bounds) {
        return figures(figures) + " is above the bound " + times(bounds.max())
                + tolerated(bounds, times(bounds.max() * (1 + bounds.tolerance()))) + after(figures);
    }

    static String alsoWithoutDisturbed(String miss, int disturbed) {
        return miss + ", also without the " + pairs(disturbed) + " the machine disturbed";
    }

    static String meets(PairStatistics figures, SpeedupBounds bounds) {
        return figures(figures) + " meets " + bounds(bounds) + after(figures);
    }

    static String undecided(PairStatistics figures, SpeedupBounds bounds) {
        return figures(figures) + " neither clearly meets nor clearly misses " + bounds(bounds) + after(figures)
                + ", the most the test takes";
    }

    static String undecidedOnDisturbed(
            PairStatistics figures, SpeedupBounds bounds, int disturbed, String firstReason) {
        return undecided(figures, bounds) + ", and the machine disturbed " + disturbed + " of the " + figures.pairs()
                + " pairs (first: " + firstReason + ")";
    }

    static String tooManyDisturbed(String miss, int disturbed, int pairs, String firstReason) {
        return miss + ", but the machine disturbed " + disturbed + " of the " + pairs + " pairs (first: " + firstReason
                + "), too many to trust a failure";
    }

    static String notWithoutDisturbed(String miss, int disturbed, String firstReason) {
        return miss + ", but not without the " + pairs(disturbed) + " the machine disturbed (first: " + firstReason
                + "), so the machine rather than the code may be to blame";
    }

    static String stoppedEarly(String why, PairStatistics figures, SpeedupBounds bounds) {
        if (figures.pairs() == 0) {
            return why;
        }
        return why + "; after " + pairs(figures.pairs()) + ", " + figures(figures) + " could not yet be judged against "
                + bounds(bounds);
    }

    static String estimated(PairStatistics figures) {
        return "measured without a bound: " + figures(figures) + after(figures);
    }

    static String estimateStopped(String why, PairStatistics figures) {
        if (figures.pairs() == 0) {
            return why;
        }
        return why + "; after " + pairs(figures.pairs()) + ", " + figures(figures);
    }

    static String budgetExceeded(Duration budget, int nextPairs, long estimateNanos) {
        return "the time budget of " + seconds(budget.toNanos()) + " would be exceeded by the next " + pairs(nextPairs)
                + " (about " + seconds(estimateNanos) + ")";
    }

    /**
     * {@code why} the budget ran out, with what the machine did to it: the time waited for quiet, the pairs taken
     * again, the disturbed pairs kept, the first disturbance ({@code null} when none was seen).
     */
    static String machineSpentTheBudget(
            String why, long waitedNanos, int setAside, int disturbed, int pairs, String firstDisturbance) {
        StringBuilder text = new StringBuilder(why).append(", because of the machine: ");
        List<String> parts = new ArrayList<>();
        if (waitedNanos > 0) {
            parts.add("it waited " + seconds(waitedNanos) + " for the machine to be quiet");
        }
        if (setAside > 0) {
            parts.add("took " + pairs(setAside) + " again");
        }
        if (disturbed > 0) {
            parts.add("the machine disturbed " + disturbed + " of the " + pairs + " pairs kept");
        }
        text.append(String.join(", ", parts));
        if (firstDisturbance != null) {
            text.append(" (first: ").append(firstDisturbance).append(')');
        }
        return text.toString();
    }

    static String firstLookDoesNotFit(Duration budget, int firstLook, long estimateNanos, long spentNanos) {
        return "the time budget of " + seconds(budget.toNanos()) + " cannot fit the first " + pairs(firstLook)
                + " a verdict needs (about " + seconds(estimateNanos) + " after " + seconds(spentNanos)
                + " of calibration and warm-up), so no pairs were measured: raise parallelruns.speedup.budget"
                + " or shorten the test body";
    }

    private static String figures(PairStatistics figures) {
        String estimate = "speedup " + times(figures.speedup());
        if (figures.lower() == 0 && figures.upper() == Double.POSITIVE_INFINITY) {
            return estimate + " (too few pairs for an interval)";
        }
        return estimate + " [" + times(figures.lower()) + ", " + times(figures.upper()) + "]";
    }

    private static String bounds(SpeedupBounds bounds) {
        String least = "at least " + times(bounds.min());
        String most = "at most " + times(bounds.max());
        String leastTolerated = times(bounds.min() * (1 - bounds.tolerance()));
        String mostTolerated = times(bounds.max() * (1 + bounds.tolerance()));
        if (bounds.hasMin() && bounds.hasMax()) {
            return "the bounds of " + least + " and " + most
                    + tolerated(bounds, leastTolerated + " and " + mostTolerated);
        }
        return bounds.hasMin()
                ? "the bound of " + least + tolerated(bounds, leastTolerated)
                : "the bound of " + most + tolerated(bounds, mostTolerated);
    }

    private static String tolerated(SpeedupBounds bounds, String values) {
        if (bounds.tolerance() == 0) {
            return "";
        }
        String percent = String.format(Locale.ROOT, "%.1f", bounds.tolerance() * 100);
        if (percent.endsWith(".0")) {
            percent = percent.substring(0, percent.length() - 2);
        }
        return " (with " + percent + "% tolerance: " + values + ")";
    }

    private static String after(PairStatistics figures) {
        return " after " + pairs(figures.pairs());
    }

    private static String pairs(int count) {
        return count == 1 ? "1 pair" : count + " pairs";
    }

    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String seconds(long nanos) {
        String text = String.format(Locale.ROOT, "%.1f", nanos / 1e9);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + " s";
    }
}
