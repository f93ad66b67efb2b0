package io.github.parallelruns.bench;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Start-up of worker JVMs under different JVM options: launched with
 * {@code parallelruns.processes.reuse=false}, so that each test starts new worker JVMs (cold). Launched
 * by {@link ProcessesBench}; not a test of this build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartupFixture {

    @Test
    @Order(1)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2, timeout = Workloads.TIMEOUT)
    void two() {}

    @Test
    @Order(2)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 12, tasks = 12, timeout = Workloads.TIMEOUT)
    void twelve() {}

    /** One worker JVM: the training run that writes a class-data archive when it exits. */
    @Test
    @Order(3)
    @ParallelRuns(mode = Mode.PROCESSES, workers = 1, tasks = 1, timeout = Workloads.TIMEOUT)
    void one() {}
}
