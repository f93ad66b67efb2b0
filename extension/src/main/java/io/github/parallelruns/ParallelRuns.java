package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.parallelruns.internal.jupiter.ParallelRunsExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the body of a test method on several workers at once.
 *
 * <p>Put it on a method that also carries {@code @Test}, {@code @RepeatedTest} or
 * {@code @ParameterizedTest}. All workers wait behind a start barrier and are released together;
 * then they take task numbers {@code 0 .. tasks-1} from one shared queue, each running the body
 * once per task, until the queue is empty. The test passes when every task passed; otherwise every
 * failing task is reported with its worker and task index. A {@link TaskContext} parameter tells the
 * body which worker and task it is.
 *
 * <p>With threads ({@link Mode#THREADS}, {@link Mode#VIRTUAL_THREADS}) the test instance is shared
 * by all workers, and {@code @BeforeEach}/{@code @AfterEach} run once around the whole parallel run,
 * on the test's own thread. With worker JVMs ({@link Mode#PROCESSES}) each worker runs the whole
 * test, lifecycle included, through the JUnit Platform Launcher, and the test's JVM skips the body
 * and the {@code @BeforeEach}/{@code @AfterEach} methods.
 *
 * <pre>{@code
 * @Test
 * @ParallelRuns(workers = 12, tasks = 300)
 * void download(TaskContext task) throws Exception {
 *     fetch(urls.get(task.taskIndex()));
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(ParallelRunsExtension.class)
public @interface ParallelRuns {

    /**
     * What the workers are: platform threads, virtual threads or worker JVMs.
     *
     * <p>Default: {@link Mode#THREADS}.
     *
     * @return the kind of worker
     */
    Mode mode() default Mode.THREADS;

    /**
     * How many workers run the body at once.
     *
     * <p>{@code 0} (the default) takes the configuration parameter
     * {@value ConfigurationParameters#WORKERS_DEFAULT}, and when that is not set or {@code 0}, one
     * worker per available processor, but never more workers than {@link #tasks() tasks}. Allowed:
     * {@code 0} or {@code 1} up to {@value ConfigurationParameters#MAX_THREAD_WORKERS} for
     * {@link Mode#THREADS}, {@value ConfigurationParameters#MAX_VIRTUAL_THREAD_WORKERS} for
     * {@link Mode#VIRTUAL_THREADS}, {@value ConfigurationParameters#MAX_PROCESS_WORKERS} for
     * {@link Mode#PROCESSES}.
     *
     * @return the number of workers, or {@code 0} for the default
     */
    int workers() default 0;

    /**
     * How many times the body runs in all, spread over the workers from one queue as they become
     * free (like a pool's {@code map}).
     *
     * <p>{@code 0} (the default) means one task per worker. Otherwise it must be at least
     * {@link #workers() workers}, so that no worker is started for nothing.
     *
     * @return the number of tasks, or {@code 0} for one per worker
     */
    int tasks() default 0;

    /**
     * How long the whole parallel run may take, from the start of the workers (with
     * {@link Mode#PROCESSES}: including starting their JVMs) to the end of the last task, for example
     * {@code "30s"}, {@code "500ms"} or {@code "2m"}.
     *
     * <p>The format is JUnit's for {@code @Timeout}, read more leniently: a whole number and a unit of
     * {@code ns}, {@code us} or {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
     * (case-insensitive, whitespace allowed around and between them; no unit means seconds). It must
     * be greater than zero and at most 365 days. An empty string (the default)
     * takes the configuration parameter {@value ConfigurationParameters#TIMEOUT_DEFAULT}, itself
     * 5 minutes when not set. When the time is up the test fails, naming each worker that was still
     * running and showing its stack trace; worker threads are interrupted, worker JVMs are asked for
     * a thread dump and then killed.
     *
     * @return the time limit of the run, or {@code ""} for the default
     */
    String timeout() default "";

    /**
     * Whether the run stops starting tasks after the first task failed or failed an assumption.
     *
     * <p>By default ({@link FailFast#DEFAULT}, which takes the configuration parameter
     * {@value ConfigurationParameters#FAIL_FAST_DEFAULT}, itself {@code false} when not set) every task
     * runs, also after others failed, and the failure counts the failed tasks by kind: "37 of 1000 tasks
     * failed" says more about a race than "1 failed, 999 not started", and which failures are reported
     * does not depend on the scheduler. {@link FailFast#ON} stops at the first failure (the tasks already
     * running finish) and says how many tasks were not started; {@link FailFast#OFF} runs every task
     * whatever the configuration says. A timeout ends the run either way.
     *
     * @return whether the run stops at its first failure
     * @since 0.1
     */
    FailFast failFast() default FailFast.DEFAULT;

    /**
     * Whether a run stops at its first failure: see {@link ParallelRuns#failFast()}.
     *
     * @since 0.1
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    enum FailFast {
        /** As the configuration parameter {@value ConfigurationParameters#FAIL_FAST_DEFAULT} says; by default off. */
        DEFAULT,
        /** No new task starts after a task failed or failed an assumption. */
        ON,
        /** Every task runs, also after failures. */
        OFF
    }
}
