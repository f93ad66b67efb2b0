package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What limits how much faster a body can be in parallel, which decides the highest speedup this
 * machine can give it, and which other load counts as disturbing a measurement. Declared with
 * {@link ExpectSpeedup#workload()}, {@link ScalingSweep#workload()} and
 * {@link Parallel#workload(Workload)}; {@link #AUTO} unless declared.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Workload {

    /**
     * Measured: a calibration run takes the body's CPU share, its CPU time over the time its
     * workers ran ({@code 1} for a body that computes, near {@code 0} for one that sleeps), and
     * the ceiling is {@code min(tasks / ceil(tasks / workers), effective cores / share)}: a sleeping
     * body gets the workers' ceiling, a computing one the cores', one that computes half the time
     * about twice the cores. The same share sets how many cores the parallel side keeps busy, which
     * decides when other processes' load disturbs a pair. When other processes saturate the machine
     * during calibration (and stay so after waiting for quiet) the share is taken as 1.
     *
     * @since 0.1
     */
    AUTO,

    /**
     * The body computes: at most {@code min(workers, cores)} workers make progress at once, where
     * cores are the effective cores (the smallest of {@code availableProcessors()}, the cgroup CPU
     * quota and the CPU affinity set).
     */
    CPU_BOUND,

    /**
     * The body mostly waits (sleeps, I/O, locks held elsewhere): all workers make progress at once,
     * whatever the number of cores. The ceiling is {@code tasks / ceil(tasks / workers)}.
     */
    BLOCKING,

    /**
     * Like {@link #CPU_BOUND}, but the cores are measured just before the test by a capacity
     * probe (about 100 ms: the same spinning work on one thread and on {@code workers} threads at
     * once), for shared machines that deliver fewer cores than they report.
     */
    PROBED
}
