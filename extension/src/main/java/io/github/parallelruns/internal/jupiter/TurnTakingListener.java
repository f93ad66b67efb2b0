package io.github.parallelruns.internal.jupiter;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.ScalingSweep;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.engine.MeasurementTurn;
import io.github.parallelruns.internal.measure.MachineTurns;
import io.github.parallelruns.internal.process.BuildWork;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Lets every test of a JVM that has ParallelRuns on its class path wait at its start while a speedup
 * measurement runs in another JVM of the machine, and tells that JVM's measurements which tests run
 * here (through {@link MachineTurns}), so that a measurement sees no other test of the same build.
 *
 * <p>Registered through {@code META-INF/services}, so it runs in Surefire's forks, Gradle, the
 * Console Launcher and IDEs; worker JVMs of {@code Mode.PROCESSES} create their launcher without
 * auto-registered listeners, so the bodies they run never wait. Off when
 * {@value ConfigurationParameters#TURNS_TESTS} is {@code false} or
 * {@value ConfigurationParameters#TURNS_FILE} is {@code none}; waits at most
 * {@value ConfigurationParameters#TURNS_TEST_WAIT}.
 */
@API(status = INTERNAL, since = "0.1")
public final class TurnTakingListener implements TestExecutionListener {

    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private volatile MachineTurns turns;
    private volatile Duration testWait = Duration.ZERO;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        turns = null;
        Configuration.Turns settings;
        try {
            settings = Configuration.read(
                            key -> testPlan.getConfigurationParameters().get(key))
                    .turns();
        } catch (RuntimeException e) {
            // A bad value fails the tests that read it, with its message; nothing waits meanwhile.
            return;
        }
        if (!settings.tests() || settings.file().isEmpty()) {
            return;
        }
        try {
            turns = MachineTurns.forFile(settings.file().get());
            testWait = settings.testWait();
        } catch (IOException | RuntimeException e) {
            System.err.println("WARNING: [parallel-runs] tests do not wait for other JVMs' speedup measurements: the "
                    + "lock file " + settings.file().get() + " (" + ConfigurationParameters.TURNS_FILE
                    + ") cannot be opened: " + e);
        }
    }

    @Override
    public void executionStarted(TestIdentifier testIdentifier) {
        MachineTurns current = turns;
        if (current == null || !testIdentifier.isTest()) {
            return;
        }
        try {
            // A speedup test waits for its turn when it measures, where the wait is reported: not here.
            boolean measures = measures(testIdentifier);
            MachineTurns.Wait wait = current.testStarted(measures ? Duration.ZERO : testWait);
            started.add(testIdentifier.getUniqueId());
            if (wait.ranOut() && !measures) {
                System.err.println("[parallel-runs] " + testIdentifier.getDisplayName() + " starts after waiting "
                        + MeasurementTurn.seconds(wait.waited()) + " for a speedup measurement in another JVM ("
                        + ConfigurationParameters.TURNS_TEST_WAIT + ")");
            }
        } catch (InterruptedException e) {
            // The test's own thread was interrupted: let the test run and see the flag.
            started.add(testIdentifier.getUniqueId());
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The library's own work outside tests (worker JVMs started early, a class-data archive written), announced
     * on the same lock file as this JVM's tests and waiting as they do; {@link BuildWork#NONE} when tests do
     * not take turns (the listener says why when the file cannot be opened).
     */
    static BuildWork buildWork(Configuration configuration) {
        Configuration.Turns settings = configuration.turns();
        if (!settings.tests() || settings.file().isEmpty()) {
            return BuildWork.NONE;
        }
        MachineTurns turns;
        try {
            turns = MachineTurns.forFile(settings.file().get());
        } catch (IOException | RuntimeException e) {
            return BuildWork.NONE;
        }
        Duration testWait = settings.testWait();
        return mayWait -> {
            try {
                MachineTurns.Wait wait = turns.testStarted(mayWait ? testWait : Duration.ZERO);
                return new BuildWork.Section(!wait.ranOut(), turns::testFinished);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BuildWork.Section(false, () -> {});
            }
        };
    }

    private static boolean measures(TestIdentifier test) {
        return test.getSource()
                .filter(MethodSource.class::isInstance)
                .map(source -> {
                    try {
                        Method method = ((MethodSource) source).getJavaMethod();
                        return AnnotationSupport.isAnnotated(method, ExpectSpeedup.class)
                                || AnnotationSupport.isAnnotated(method, ScalingSweep.class);
                    } catch (RuntimeException e) {
                        // Not loadable from here: treated as an ordinary test.
                        return false;
                    }
                })
                .orElse(false);
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
        MachineTurns current = turns;
        if (current != null && started.remove(testIdentifier.getUniqueId())) {
            current.testFinished();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        MachineTurns current = turns;
        if (current != null) {
            for (String id : started) {
                if (started.remove(id)) {
                    current.testFinished();
                }
            }
        }
        turns = null;
    }
}
