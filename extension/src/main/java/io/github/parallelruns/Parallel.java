package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.parallelruns.internal.engine.OutcomeReport;
import io.github.parallelruns.internal.engine.Programmatic;
import io.github.parallelruns.internal.execution.FailureKind;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.execution.VirtualThreads;
import io.github.parallelruns.internal.measure.PairJudge;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.measure.SpeedupVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The engine of {@link ParallelRuns} and {@link ExpectSpeedup} without annotations, for code that
 * measures inside a test (or outside one).
 *
 * <pre>{@code
 * RunResult run = Parallel.task(task -> index.add(task.taskIndex()))
 *         .workers(8).tasks(10_000)
 *         .run();
 * assertThat(run).hasNoFailures();
 *
 * SpeedupEstimate speedup = Parallel.task(task -> Thread.sleep(5))
 *         .mode(Mode.VIRTUAL_THREADS).workers(16).tasks(64)
 *         .measureSpeedup();
 * assertThat(speedup).hasSpeedupAtLeast(8);
 * }</pre>
 *
 * <p>A builder: each setter returns this; {@link #run()} and the {@code measureSpeedup} methods may
 * be called several times. Runs on threads of this JVM ({@link Mode#THREADS}, the default, or
 * {@link Mode#VIRTUAL_THREADS}); {@link Mode#PROCESSES} needs a test method for the worker JVMs to
 * run and is only available through {@code @ParallelRuns}. Not thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Parallel {

    private final ParallelTask body;
    private Mode mode = Mode.THREADS;
    private int workers = Runtime.getRuntime().availableProcessors();
    private int tasks;
    private Duration timeout = Duration.ofMinutes(5);
    private Duration budget = Duration.ofSeconds(10);
    private Workload workload = Workload.AUTO;
    private boolean failFast;

    private Parallel(ParallelTask body) {
        this.body = body;
    }

    /**
     * A run of {@code body}, by default on one {@link Mode#THREADS} worker per processor, one task each.
     *
     * @param body what each task runs
     * @return a builder for the run
     */
    public static Parallel task(ParallelTask body) {
        return new Parallel(Objects.requireNonNull(body, "body"));
    }

    /**
     * {@link Mode#THREADS} (the default) or {@link Mode#VIRTUAL_THREADS}.
     *
     * @param mode the kind of worker
     * @return this builder
     * @throws IllegalArgumentException for {@link Mode#PROCESSES}, and for VIRTUAL_THREADS on a JVM
     *     without virtual threads
     */
    public Parallel mode(Mode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.PROCESSES) {
            throw new IllegalArgumentException(
                    "Parallel.mode(PROCESSES) is not supported: worker JVMs run a test "
                            + "method by its JUnit id, not a lambda; use @ParallelRuns(mode = Mode.PROCESSES) on a test method");
        }
        if (mode == Mode.VIRTUAL_THREADS && !VirtualThreads.available()) {
            throw new IllegalArgumentException("Parallel.mode(VIRTUAL_THREADS) needs Java "
                    + VirtualThreads.REQUIRED_JAVA_VERSION + " or newer, but this is Java " + Runtime.version());
        }
        this.mode = mode;
        return this;
    }

    /**
     * How many workers run the tasks at once; default: one per available processor. At most 4096
     * for {@link Mode#THREADS} and 100000 for {@link Mode#VIRTUAL_THREADS}, checked when the run starts.
     *
     * @param workers the number of workers
     * @return this builder
     * @throws IllegalArgumentException when below 1 or above 100000
     */
    public Parallel workers(int workers) {
        if (workers < 1 || workers > ConfigurationParameters.MAX_VIRTUAL_THREAD_WORKERS) {
            throw new IllegalArgumentException("workers must be from 1 to "
                    + ConfigurationParameters.MAX_VIRTUAL_THREAD_WORKERS + ", but was " + workers);
        }
        this.workers = workers;
        return this;
    }

    /**
     * How many times the body runs in all, handed out to whichever worker is free; default 0, one
     * task per worker.
     *
     * @param tasks the number of tasks, or {@code 0} for one per worker
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Parallel tasks(int tasks) {
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be >= 1, or 0 for one task per worker, but was " + tasks);
        }
        this.tasks = tasks;
        return this;
    }

    /**
     * Whether the run stops starting tasks after the first task failed or failed an assumption; default
     * {@code false}: every task runs, and the failures are counted by kind, as with
     * {@link ParallelRuns#failFast()}.
     *
     * @param failFast whether to stop at the first failure
     * @return this builder
     */
    public Parallel failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    /**
     * How long one run may take before it is stopped and fails; default 5 minutes.
     *
     * @param timeout the time limit of one run
     * @return this builder
     * @throws IllegalArgumentException when not greater than zero
     */
    public Parallel timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, but was " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * The wall time one speedup measurement may take, warm-up included; default 10 seconds, as
     * {@code parallelruns.speedup.budget}.
     *
     * @param budget the time limit of one measurement
     * @return this builder
     * @throws IllegalArgumentException when not greater than zero
     */
    public Parallel budget(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be > 0, but was " + budget);
        }
        this.budget = budget;
        return this;
    }

    /**
     * What limits the body's parallelism, as in {@link ExpectSpeedup#workload()}; default
     * {@link Workload#AUTO}, which measures the body's CPU share before warm-up. For a speedup
     * measurement it decides what counts as disturbance: other processes' CPU use disturbs a
     * computing body on the cores it runs on, while a body that waits ({@link Workload#BLOCKING}, or
     * a low measured share) is only disturbed when others take nearly all cores. ({@link Workload#PROBED}
     * counts as CPU_BOUND here.)
     *
     * @param workload what limits the body's parallelism
     * @return this builder
     */
    public Parallel workload(Workload workload) {
        this.workload = Objects.requireNonNull(workload, "workload");
        return this;
    }

    /**
     * Runs the tasks once on the workers: worker {@code w} runs task {@code w} first, then the workers take
     * the others as they become free; every task runs, also after failures, unless {@link #failFast(boolean)}.
     * Failures do not throw: they are in the result, as a {@code @ParallelRuns} test would report them.
     *
     * @return the run's timings and failures
     * @throws IllegalStateException when the workers or tasks do not fit the mode
     */
    public RunResult run() {
        RunPlan plan = plan();
        Programmatic.Run run = Programmatic.run(plan, body::run);
        RunOutcome outcome = run.outcome();
        List<TaskFailedError> failures = new ArrayList<>();
        for (FailureKind kind : outcome.failures().kinds()) {
            for (TaskFailure failure : kind.kept()) {
                failures.add(OutcomeReport.taskFailedError(failure, kind.count()));
            }
        }
        failures.sort(Comparator.comparingInt(TaskFailedError::taskIndex));
        return new RunResult(
                mode,
                plan.workers(),
                plan.tasks(),
                outcome.wallTime(),
                outcome.startup(),
                outcome.tasksStarted(),
                outcome.failures().count(),
                outcome.failures().taskIndexes(),
                failures,
                run.failure(),
                outcome.timedOut());
    }

    /**
     * Measures the speedup of the tasks on the workers over the same tasks on one worker, without
     * bounds: about 12 pairs after warm-up, budget permitting; verdict {@link Verdict#MEASURED}.
     *
     * @return the speedup and its confidence interval
     * @throws IllegalStateException when the run has fewer than 2 workers, or they do not fit the mode
     * @throws Exception the first failure of the body, as a {@code @ParallelRuns} test would throw it
     *     (errors such as {@link AssertionError} are thrown as they are)
     */
    public SpeedupEstimate measureSpeedup() throws Exception {
        return measure(null);
    }

    /**
     * Measures the speedup against bounds with the sequential test of {@link ExpectSpeedup}: PASS,
     * FAIL or INCONCLUSIVE, stopping as soon as the evidence is strong enough.
     *
     * @param min the lowest acceptable speedup, 0 for none
     * @param max the highest acceptable speedup, {@code Double.POSITIVE_INFINITY} for none
     * @return the speedup, its confidence interval and the verdict
     * @throws IllegalArgumentException for bounds that are not valid
     * @throws Exception the first failure of the body (errors as they are)
     */
    public SpeedupEstimate measureSpeedup(double min, double max) throws Exception {
        return measure(bounds("measureSpeedup", min, max));
    }

    /** Bounds with the default tolerance, checked by {@link SpeedupBounds}, whose message names the call. */
    private static SpeedupBounds bounds(String call, double min, double max) {
        try {
            return new SpeedupBounds(min, max, SpeedupBounds.DEFAULT_TOLERANCE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + "(min = " + min + ", max = " + max + "): " + e.getMessage(), e);
        }
    }

    private SpeedupEstimate measure(SpeedupBounds bounds) throws Exception {
        RunPlan plan = plan();
        if (plan.workers() < 2) {
            throw new IllegalStateException("a speedup needs at least 2 workers, but this run has " + plan.workers());
        }
        SpeedupResult result;
        try {
            result = Programmatic.measure(plan, body::run, bounds, budget, workload);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable other) {
            throw new IllegalStateException("the body threw " + other, other);
        }
        SpeedupVerdict figures = result.verdict();
        return new SpeedupEstimate(
                mode,
                plan.workers(),
                plan.tasks(),
                figures.verdict(),
                figures.reason(),
                figures.speedup(),
                figures.lower(),
                figures.upper(),
                figures.confidence(),
                figures.pairs(),
                figures.disturbedPairs(),
                figures.environment(),
                Duration.ofNanos(figures.baselineMedianNanos()),
                Duration.ofNanos(figures.parallelMedianNanos()),
                result.spent(),
                (min, max) -> PairJudge.judge(result.pairs(), bounds("verdictFor", min, max)));
    }

    private RunPlan plan() {
        int limit = mode == Mode.VIRTUAL_THREADS
                ? ConfigurationParameters.MAX_VIRTUAL_THREAD_WORKERS
                : ConfigurationParameters.MAX_THREAD_WORKERS;
        if (workers > limit) {
            throw new IllegalStateException("workers must be at most " + limit + " for mode " + mode + ", but was "
                    + workers + "; use Mode.VIRTUAL_THREADS for many workers that mostly wait");
        }
        int taskCount = tasks == 0 ? workers : tasks;
        if (taskCount < workers) {
            throw new IllegalStateException("tasks (" + taskCount + ") must be at least workers (" + workers
                    + ") so that every worker has a task");
        }
        return new RunPlan(
                "Parallel.task(" + body.getClass().getSimpleName() + ")", mode, workers, taskCount, timeout, failFast);
    }
}
