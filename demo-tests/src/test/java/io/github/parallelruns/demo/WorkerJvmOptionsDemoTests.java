package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.WorkerJvmArgs;
import org.junit.jupiter.api.Test;

/** A test whose body runs in a worker JVM with options of its own, unlike the rest of the suite. */
class WorkerJvmOptionsDemoTests {

    // tag::options[]
    @Test
    @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 10, timeout = "60s")
    @WorkerJvmArgs({"-Xmx64m", "-Dgreeting=hello from a worker"}) // one option per element
    void runsUnderJvmOptionsOfItsOwn(TaskContext task) {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(64L * 1024 * 1024);
        assertThat(System.getProperty("greeting")).isEqualTo("hello from a worker");
        assertThat(task.mode()).isEqualTo(Mode.PROCESSES);
    }
    // end::options[]
}
