package io.github.parallelruns.bench;

/** The CPU-bound task of workload 2: a loop the JIT cannot drop, of a calibrated length. */
final class CpuWork {

    /** Iterations of one task; set by {@link #calibrate} before any run. */
    private static volatile long iterations = 1_000_000;

    /** Where each task's result goes, so that the loop is not dead code. */
    private static volatile long sink;

    private CpuWork() {}

    /** One task: {@link #iterations} steps of a xorshift generator, seeded by the previous result. */
    static void task() {
        task(iterations);
    }

    static long spin(long steps, long seed) {
        long x = seed;
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * Sets the iterations so that one task takes about {@code targetMillis} on this thread, and
     * returns the duration of one task then measured: the median of {@code samples} sequential tasks,
     * in nanoseconds.
     */
    static Samples calibrate(double targetMillis, int samples) {
        iterations = stepsFor(targetMillis);
        return measure(iterations, samples);
    }

    /** The iterations that take about {@code targetMillis} on this thread, once the loop is compiled. */
    static long stepsFor(double targetMillis) {
        long probe = 1_000_000;
        // Warm up until the loop is compiled, then size it from a median probe.
        for (int i = 0; i < 200; i++) {
            sink = spin(probe / 10, sink | 1);
        }
        Samples probes = new Samples();
        for (int i = 0; i < 21; i++) {
            long start = System.nanoTime();
            sink = spin(probe, sink | 1);
            probes.add(System.nanoTime() - start);
        }
        return Math.max(1, Math.round(probe * targetMillis * 1e6 / probes.median()));
    }

    /** {@code samples} sequential tasks of {@code steps} iterations: their durations, in nanoseconds. */
    static Samples measure(long steps, int samples) {
        Samples tasks = new Samples();
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            task(steps);
            tasks.add(System.nanoTime() - start);
        }
        return tasks;
    }

    /** One task of {@code steps} iterations. */
    static void task(long steps) {
        sink = spin(steps, sink | 1);
    }

    static long iterations() {
        return iterations;
    }
}
