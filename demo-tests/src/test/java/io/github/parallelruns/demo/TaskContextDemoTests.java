package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** The docs' examples of TaskContext, the start barrier and virtual threads. */
class TaskContextDemoTests {

    // tag::context[]
    @Test
    @ParallelRuns(workers = 4, tasks = 100)
    void everyTaskKnowsWhereItRuns(TaskContext task) {
        assertThat(task.workers()).isEqualTo(4);
        assertThat(task.tasks()).isEqualTo(100);
        assertThat(task.workerIndex()).isBetween(0, 3); // which worker runs this task
        assertThat(task.taskIndex()).isBetween(0, 99); // each index runs exactly once
        assertThat(task.mode()).isEqualTo(Mode.THREADS);
    }
    // end::context[]

    // tag::barrier[]
    CountDownLatch allInside;

    @BeforeEach // runs once, before the workers start
    void openTheGateForFour() {
        allInside = new CountDownLatch(4);
    }

    @Test
    @ParallelRuns(workers = 4)
    void allWorkersAreInsideTheBodyAtOnce() throws InterruptedException {
        allInside.countDown();
        assertThat(allInside.await(10, TimeUnit.SECONDS)).isTrue();
    }
    // end::barrier[]

    // tag::virtual[]
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 1000)
    void aThousandWorkersThatMostlyWait() throws InterruptedException {
        Thread.sleep(50);
    }
    // end::virtual[]
}
