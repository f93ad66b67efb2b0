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

    /**
     * The {@code PROCESSES} workloads (see {@link ProcessFixture}). Ready: runs of an empty body, one
     * task per worker, with {@link #READY_REPEATS} tests in one Launcher execution: the first on new
     * worker JVMs (cold), the others on the same ones (warm).
     */
    static final int READY_REPEATS = 3;
    /** CPU-bound tasks of about {@link #PROCESS_CPU_TASK_TARGET_MS} on {@link #PROCESS_CPU_WORKERS} worker JVMs. */
    static final int PROCESS_CPU_WORKERS = 2;

    static final int PROCESS_CPU_TASKS = 80;
    static final double PROCESS_CPU_TASK_TARGET_MS = 50.0;
    /** The system property that carries the calibrated length of those tasks to the worker JVMs. */
    static final String PROCESS_CPU_STEPS_PROPERTY = "bench.processes.cpuSteps";
    /** Sleeping tasks on many worker JVMs: the blog's joblib example, 300 calls of 0.1 s on 12 workers. */
    static final int PROCESS_SLEEP_WORKERS = 12;

    static final int PROCESS_SLEEP_TASKS = 300;
    static final long PROCESS_SLEEP_MS = 100;
    /** Empty tasks on warm worker JVMs: what handing out one task costs across processes. */
    static final int PROCESS_EMPTY_TASKS = 100_000;

    static final int PROCESS_EMPTY_REPEATS = 3;

    /** Long enough never to cut a healthy run short, short enough that a hung run ends the benchmark. */
    static final String TIMEOUT = "120s";

    private Workloads() {}
}
