package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.parallelruns.internal.jupiter.HuntRacesExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Repeats a {@link ParallelRuns} test, its whole lifecycle included, until a repetition fails or a
 * time budget is spent, each repetition with its workers' start perturbed by a new seed: a test that
 * hunts for a race rather than hoping to meet it once.
 *
 * <p>Each repetition is a JUnit test of its own ({@code @BeforeEach}, the parallel run,
 * {@code @AfterEach}), so state made in {@code @BeforeEach} is fresh each time, and a check in
 * {@code @AfterEach} runs after each run. Its workers spin to a common start instant, each plus an
 * offset drawn from the repetition's seed (mostly below a microsecond, up to 50 µs), so that
 * successive repetitions meet the bodies' critical sections at different relative phases. The first
 * failing repetition ends the hunt; the rest of the budget is not spent. Its name, the failure
 * message printed to standard error, and the report entry {@code parallelruns.hunt.seed} give its
 * seed, to be put in {@link #seed()} to start the next hunt from it.
 *
 * <pre>{@code
 * @ParallelRuns(workers = 2)
 * @HuntRaces(budget = "2s")
 * void incrementsAreNotLost(TaskContext task) {
 *     counter.increment();
 * }
 * }</pre>
 *
 * <p>A seed reproduces the offsets, not the machine: which thread the operating system runs when is
 * not under its control, so a failure found with a seed is likely, not certain, to come back with it.
 * Start offsets apply to {@link Mode#THREADS} with at most one worker per available processor; with
 * more workers, {@link Mode#VIRTUAL_THREADS} or {@link Mode#PROCESSES} the repetitions run without them.
 * Not for {@link ExpectSpeedup} or {@link ScalingSweep} tests, which measure rather than hunt.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(HuntRacesExtension.class)
public @interface HuntRaces {

    /**
     * How long to keep repeating, in the format of {@link ParallelRuns#timeout()} ({@code "2s"},
     * {@code "500ms"}): no repetition starts after it. Default {@code "2s"}.
     *
     * @return how long the hunt may go on
     */
    String budget() default "2s";

    /**
     * The seed of the first repetition; each later one derives its own from it. {@code 0} (the default)
     * draws a new one for every hunt.
     *
     * @return the first repetition's seed, or {@code 0} for a new one every time
     */
    long seed() default 0;
}
