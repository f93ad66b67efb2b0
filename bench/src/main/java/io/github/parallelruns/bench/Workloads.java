package io.github.parallelruns.bench;

/**
 * The sizes of the benchmark's workloads. Compile-time constants, because the fixtures' annotations
 * need them.
 */
final class Workloads {

    /** Workload 1: tasks that wait, {@code Thread.sleep(SLEEP_MS)} each. */
    static final int SLEEP_WORKERS = 12;
    static final int SLEEP_TASKS = 300;
    static final long SLEEP_MS = 10;

    /** Workload 2: CPU-bound tasks of about {@link #CPU_TASK_TARGET_MS} each, calibrated at start. */
    static final int CPU_TASKS = 80;
    static final double CPU_TASK_TARGET_MS = 5.0;

    /** Workload 3: an empty body, to measure what handing out one task costs. */
    static final int EMPTY_TASKS = 1_000_000;

    /** Long enough never to cut a healthy run short, short enough that a hung run ends the benchmark. */
    static final String TIMEOUT = "120s";

    private Workloads() {
    }
}
