package io.github.parallelruns.bench;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import org.junit.jupiter.api.Test;

/** One test, run alone in a fresh JVM by {@link EndToEndMain}: the same empty body on 2 threads or 2 worker JVMs. */
class EndToEndFixture {

    @Test
    @ParallelRuns(mode = Mode.THREADS, workers = 2, tasks = 2, timeout = Workloads.TIMEOUT)
    void threads() {}

    @Test
    @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2, timeout = Workloads.TIMEOUT)
    void processes() {}
}
