package io.github.parallelruns.races;

import io.github.parallelruns.HuntRaces;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The scenarios as a user would write them with ParallelRuns: fresh state in {@code @BeforeEach}, one
 * task per thread's part, the check in {@code @AfterEach}. Launched by {@link RaceBench}, never by
 * Surefire; the kernel and version are set before each launch.
 */
public class Fixtures {

    static volatile Kernel kernel = Kernel.LOST_UPDATE;
    static volatile boolean fixed;

    /** Repetitions of the {@code @RepeatedTest} fixture. */
    public static final int REPETITIONS = 100;

    private Scenario scenario;

    @BeforeEach
    void fresh() {
        scenario = kernel.scenario(fixed);
    }

    /** {@code @ParallelRuns} with its defaults (2 workers on this machine, one task each). */
    @Test
    @ParallelRuns
    void defaults(TaskContext task) throws Exception {
        scenario.part(task.taskIndex() % kernel.threads());
    }

    /** The same, repeated until the first failure. */
    @RepeatedTest(value = REPETITIONS, failureThreshold = 1)
    @ParallelRuns
    void repeated(TaskContext task) throws Exception {
        scenario.part(task.taskIndex() % kernel.threads());
    }

    /** Hunting: repeated with perturbed starts until a repetition fails or 2 s are spent. */
    @ParallelRuns
    @HuntRaces(budget = "2s")
    void hunt(TaskContext task) throws Exception {
        scenario.part(task.taskIndex() % kernel.threads());
    }

    @AfterEach
    void check() {
        scenario.check();
    }
}
