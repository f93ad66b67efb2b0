package io.github.parallelruns.internal.jupiter;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.ScalingSweep;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.config.RunPlanResolver;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.process.BuildWork;
import io.github.parallelruns.internal.process.WorkerCommand;
import io.github.parallelruns.internal.process.WorkerPool;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts worker JVMs in the background when a test run begins whose test plan holds {@code Mode.PROCESSES}
 * tests, so that the first of them finds its workers started, often ready.
 *
 * <p>When the plan's execution starts, a background thread looks through the plan for methods with
 * {@code @ParallelRuns(mode = PROCESSES)}, and starts, in a new {@link WorkerPool}, as many workers as the
 * largest worker count among them, at most one per available processor, with the command (JVM options,
 * class path) of the first of them; not when a speedup measurement comes before that test (with speedups
 * on), since worker JVMs starting meanwhile would take CPU from it that its counters count as its own (the
 * workers are the test JVM's descendants). The extension takes that pool as the run's pool
 * ({@link #adopt}) when one of those tests needs workers; the prestarted workers are idle workers of that
 * pool like any other, taken by tests with the same command. A pool no test took is closed when the plan's
 * execution finishes.
 *
 * <p>Registered through {@code META-INF/services}; worker JVMs create their launcher without
 * auto-registered listeners, so they start nothing. Off with
 * {@value ConfigurationParameters#PROCESSES_PRESTART}{@code =false}.
 */
@API(status = INTERNAL, since = "0.1")
public final class PrestartListener implements TestExecutionListener {

    /** How long a test waits for the plan's scan before it starts its own pool. */
    private static final long SCAN_WAIT_SECONDS = 30;

    /** How long prestarted workers' start-up is announced to other JVMs at most, if one neither connects nor exits. */
    private static final long STARTUP_ANNOUNCED_SECONDS = 20;

    private static final Map<TestPlan, Prestart> PLANS = new ConcurrentHashMap<>();

    /** The tests a prestarted pool is for, and the pool; {@code null} when the plan has none. */
    private record Prestarted(Set<String> uniqueIds, WorkerPool pool) {}

    private static final class Prestart {
        final CompletableFuture<Prestarted> result = new CompletableFuture<>();
        final AtomicBoolean adopted = new AtomicBoolean();
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        Configuration configuration;
        try {
            configuration = Configuration.read(
                    key -> testPlan.getConfigurationParameters().get(key));
        } catch (RuntimeException e) {
            // A bad value fails the tests that read it, with its message; nothing is started meanwhile.
            return;
        }
        if (!configuration.workerStart().prestart()) {
            return;
        }
        Prestart prestart = new Prestart();
        PLANS.put(testPlan, prestart);
        Thread scan = new Thread(
                () -> {
                    try {
                        prestart.result.complete(start(testPlan, configuration));
                    } catch (Throwable e) {
                        // Nothing prestarted: each test starts its workers itself, as without prestart.
                        prestart.result.complete(null);
                    }
                },
                "parallelruns-prestart");
        scan.setDaemon(true);
        scan.start();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Prestart prestart = PLANS.remove(testPlan);
        if (prestart == null || !prestart.adopted.compareAndSet(false, true)) {
            return;
        }
        // No test took the pool: its workers go now, so that no process outlives the run.
        result(prestart).ifPresent(prestarted -> prestarted.pool().close());
    }

    /**
     * The prestarted pool for the test {@code uniqueId} (or an invocation of it), if one was started for it
     * and no other test took it yet: taken from here, it is then the caller's to close.
     */
    static Optional<WorkerPool> adopt(String uniqueId) {
        for (Prestart prestart : PLANS.values()) {
            Optional<Prestarted> prestarted = result(prestart);
            if (prestarted.isPresent()
                    && covers(prestarted.get().uniqueIds(), uniqueId)
                    && prestart.adopted.compareAndSet(false, true)) {
                return Optional.of(prestarted.get().pool());
            }
        }
        return Optional.empty();
    }

    private static boolean covers(Set<String> uniqueIds, String uniqueId) {
        for (String id : uniqueIds) {
            if (uniqueId.equals(id) || uniqueId.startsWith(id + "/")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Prestarted> result(Prestart prestart) {
        try {
            return Optional.ofNullable(prestart.result.get(SCAN_WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /** Finds the plan's PROCESSES tests and starts their workers; {@code null} when there are none. */
    private static Prestarted start(TestPlan testPlan, Configuration configuration) {
        int processors = Runtime.getRuntime().availableProcessors();
        Set<String> uniqueIds = new LinkedHashSet<>();
        WorkerCommand first = null;
        String firstId = null;
        int mostWorkers = 0;
        Scan scan = scan(testPlan);
        if (scan.measurementFirst() && configuration.speedupEnabled()) {
            // Worker JVMs starting meanwhile would take CPU from it that its counters take for its own.
            return null;
        }
        for (Candidate candidate : scan.candidates()) {
            RunPlan plan;
            try {
                plan = RunPlanResolver.resolve(
                        candidate.annotation(), candidate.method().getName(), configuration, processors);
            } catch (RuntimeException invalid) {
                continue; // reported by the test itself
            }
            uniqueIds.add(candidate.uniqueId());
            mostWorkers = Math.max(mostWorkers, plan.workers());
            if (first == null) {
                firstId = candidate.uniqueId();
                first = WorkerCommand.forThisJvm(
                        candidate.testClass(),
                        ParallelRunsExtension.workerJvmArgs(candidate.testClass(), candidate.method(), configuration));
            }
        }
        if (first == null) {
            return null;
        }
        // Announced as a test is: not while another JVM measures, and a measurement starting elsewhere meanwhile
        // waits until the workers have started (their start-up is the costly part).
        BuildWork.Section section = TurnTakingListener.buildWork(configuration).begin(false);
        if (!section.granted()) {
            // The first test starts its workers itself, once its turn has come.
            section.close();
            return null;
        }
        WorkerPool pool = null;
        try {
            pool = ParallelRunsExtension.newPool(configuration);
            pool.prestart(first, Math.min(mostWorkers, processors), Optional.of(firstId))
                    .orTimeout(STARTUP_ANNOUNCED_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((connected, failed) -> section.close());
            return new Prestarted(Set.copyOf(uniqueIds), pool);
        } catch (RuntimeException | Error e) {
            // No test will take this pool: the workers already started go with it.
            if (pool != null) {
                pool.close();
            }
            section.close();
            throw e;
        }
    }

    private record Candidate(String uniqueId, Class<?> testClass, Method method, ParallelRuns annotation) {}

    /**
     * What the plan holds: its methods with {@code @ParallelRuns(mode = PROCESSES)}, and whether a speedup
     * measurement ({@code @ExpectSpeedup}, {@code @ScalingSweep}) comes before the first of them.
     */
    private record Scan(List<Candidate> candidates, boolean measurementFirst) {}

    /** The plan's methods with {@code @ParallelRuns(mode = PROCESSES)}, in the plan's order, and what comes first. */
    private static Scan scan(TestPlan testPlan) {
        List<Candidate> candidates = new ArrayList<>();
        boolean measurementFirst = false;
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier identifier : testPlan.getDescendants(root)) {
                Optional<TestSource> source = identifier.getSource();
                if (source.isEmpty() || !(source.get() instanceof MethodSource)) {
                    continue;
                }
                MethodSource methodSource = (MethodSource) source.get();
                try {
                    Method method = methodSource.getJavaMethod();
                    Optional<ParallelRuns> annotation = AnnotationSupport.findAnnotation(method, ParallelRuns.class);
                    if (annotation.isEmpty()) {
                        continue;
                    }
                    if (annotation.get().mode() == Mode.PROCESSES) {
                        candidates.add(new Candidate(
                                identifier.getUniqueId(), methodSource.getJavaClass(), method, annotation.get()));
                    } else if (candidates.isEmpty()
                            && (AnnotationSupport.isAnnotated(method, ExpectSpeedup.class)
                                    || AnnotationSupport.isAnnotated(method, ScalingSweep.class))) {
                        measurementFirst = true;
                    }
                } catch (RuntimeException | LinkageError notLoadable) {
                    // Not a method of a loadable class: not ours to start workers for.
                }
            }
        }
        return new Scan(candidates, measurementFirst);
    }
}
