package io.github.parallelruns.internal.measure;

import java.time.Duration;

/**
 * Waits for a machine that other load disturbs to become quiet, in windows of
 * {@value SpeedupMeasurement#QUIET_WINDOW_NANOS} ns, and adds up the time waited.
 */
final class QuietWait {

    private final MachineCounters counters;
    private final TimeBudget budget;
    private final SpeedupMeasurement.Pause pause;
    private final int cores;
    private long waitedNanos;

    QuietWait(MachineCounters counters, TimeBudget budget, SpeedupMeasurement.Pause pause, int cores) {
        this.counters = counters;
        this.budget = budget;
        this.pause = pause;
        this.cores = cores;
    }

    /**
     * Waits until one window shows no disturbance for a test that keeps {@code busyCores} cores busy,
     * or until the next window would end after {@code untilNanos} of the measurement.
     *
     * @return whether the machine became quiet
     */
    boolean until(double busyCores, long untilNanos) throws InterruptedException {
        long waitStart = budget.now();
        try {
            while (budget.elapsed() + SpeedupMeasurement.QUIET_WINDOW_NANOS <= untilNanos) {
                MachineCounters.Snapshot before = counters.read();
                long windowStart = budget.now();
                pause.pause(SpeedupMeasurement.QUIET_WINDOW_NANOS);
                long window = Math.max(1, budget.now() - windowStart);
                if (!counters.between(before, counters.read(), window, busyCores, cores)
                        .disturbed()) {
                    return true;
                }
            }
            return false;
        } finally {
            waitedNanos += budget.now() - waitStart;
        }
    }

    /** All the waits so far. */
    Duration waited() {
        return Duration.ofNanos(waitedNanos);
    }
}
