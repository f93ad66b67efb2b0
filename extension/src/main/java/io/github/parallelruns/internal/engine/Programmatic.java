package io.github.parallelruns.internal.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Workload;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.ThreadedRun;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.MachineTurns;
import io.github.parallelruns.internal.measure.MeasurementSettings;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupResult;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/** The engine behind {@code io.github.parallelruns.Parallel}, for runs made without annotations. */
@API(status = INTERNAL, since = "0.1")
public final class Programmatic {

    /** {@code Parallel} has no configuration parameters: measurements take turns with the built-in settings. */
    private static final Configuration.Turns DEFAULT_TURNS = new Configuration.Turns(
            Optional.of(MachineTurns.defaultFile()),
            Configuration.Turns.DEFAULT_WAIT,
            true,
            Configuration.Turns.DEFAULT_TEST_WAIT);

    private Programmatic() {}

    /** One run, and the failure a {@code @ParallelRuns} test would throw (null when it succeeded). */
    public record Run(RunOutcome outcome, Throwable failure) {}

    public static Run run(RunPlan plan, TaskBody body) {
        RunOutcome outcome = ThreadedRun.execute(plan, body);
        return new Run(outcome, OutcomeReport.failureOf(outcome));
    }

    /**
     * Measures baseline against parallel pairs on threads of this JVM.
     *
     * @param bounds null to estimate only
     * @throws Throwable the first failure of the body, as a {@code @ParallelRuns} test would report it
     */
    public static SpeedupResult measure(
            RunPlan plan, TaskBody body, SpeedupBounds bounds, Duration budget, Workload workload) throws Throwable {
        MeasurementSettings settings = PlanMeasurement.settings(
                bounds, budget, plan, workload, EffectiveCores.ofThisMachine().cores(), 0);
        try (MeasurementTurn turn = MeasurementTurn.take(DEFAULT_TURNS)) {
            return PlanMeasurement.measure(new ThreadSides(plan, body), settings, share -> {}, turn);
        }
    }
}
