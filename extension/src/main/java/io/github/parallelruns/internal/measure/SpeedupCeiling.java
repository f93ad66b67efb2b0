package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The best speedup a run can reach, so that a bound above it is reported as unattainable before
 * any time is spent measuring, instead of failing after.
 *
 * <p>With W equal tasks on m parallel slots the run takes ceil(W / m) rounds where the baseline
 * takes W, whatever the body does.
 */
@API(status = INTERNAL, since = "0.1")
public final class SpeedupCeiling {

    private SpeedupCeiling() {}

    /** For a CPU-bound body: only {@code min(workers, cores)} tasks can run at once. */
    public static double cpuBound(int workers, int tasks, int cores) {
        check("workers", workers);
        check("tasks", tasks);
        check("cores", cores);
        return rounds(tasks, Math.min(workers, cores));
    }

    /**
     * For a body that mostly waits (sleep, I/O): every worker makes progress whatever the cores. A
     * sleeping body checks the harness, not CPU parallelism.
     */
    public static double blocking(int workers, int tasks) {
        check("workers", workers);
        check("tasks", tasks);
        return rounds(tasks, workers);
    }

    private static double rounds(int tasks, int slots) {
        return (double) tasks / ((tasks + slots - 1) / slots);
    }

    private static void check(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
        }
    }
}
