package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.ParallelRuns;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Python story's three {@code multiprocessing.Process} objects that each sleep 0.1 s and finish
 * together in 0.11 s. Here the three workers are threads; they finish together in about 100 ms.
 */
class ThreeWorkersDemoTests {

    final Set<String> workerThreads = ConcurrentHashMap.newKeySet();

    @Test
    @ParallelRuns(workers = 3)
    void threeWorkersSleepTogether() throws InterruptedException {
        workerThreads.add(Thread.currentThread().getName());
        Thread.sleep(100);
    }

    @AfterEach
    void threeDistinctWorkers() {
        assertThat(workerThreads).hasSize(3);
    }
}
