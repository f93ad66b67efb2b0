package io.github.parallelruns.internal.jupiter;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.Mode;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.ScalingSweep;
import io.github.parallelruns.TaskContext;
import io.github.parallelruns.WorkerJvmArgs;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.config.ConfigurationErrors;
import io.github.parallelruns.internal.config.RunPlanResolver;
import io.github.parallelruns.internal.config.SpeedupPlan;
import io.github.parallelruns.internal.config.SweepPlan;
import io.github.parallelruns.internal.engine.MeasurementTurn;
import io.github.parallelruns.internal.engine.OutcomeReport;
import io.github.parallelruns.internal.engine.PlanMeasurement;
import io.github.parallelruns.internal.engine.ProcessSides;
import io.github.parallelruns.internal.engine.ThreadSides;
import io.github.parallelruns.internal.execution.FailureKind;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.StartPlan;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.execution.ThreadedRun;
import io.github.parallelruns.internal.measure.CpuShare;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.measure.MeasurementSettings;
import io.github.parallelruns.internal.measure.SpeedupBounds;
import io.github.parallelruns.internal.measure.SpeedupResult;
import io.github.parallelruns.internal.process.ProcessRun;
import io.github.parallelruns.internal.process.WorkerCommand;
import io.github.parallelruns.internal.process.WorkerPool;
import io.github.parallelruns.internal.worker.WorkerSession;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The Jupiter side of {@link ParallelRuns}: checks the annotation before the test's lifecycle runs,
 * replaces the single invocation of the test method by a parallel run, resolves {@link TaskContext}
 * parameters, and reports the outcome.
 *
 * <p>Registered by {@code @ParallelRuns} itself; not meant to be registered by hand.
 */
@API(status = INTERNAL, since = "0.1")
public final class ParallelRunsExtension implements BeforeEachCallback, InvocationInterceptor, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(ParallelRunsExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        String description = MethodDescription.of(method);
        Optional<ParallelRuns> annotation = AnnotationSupport.findAnnotation(method, ParallelRuns.class);
        Optional<ExpectSpeedup> expectSpeedup = AnnotationSupport.findAnnotation(method, ExpectSpeedup.class);
        Optional<ScalingSweep> sweep = AnnotationSupport.findAnnotation(method, ScalingSweep.class);
        if (annotation.isEmpty() && expectSpeedup.isPresent()) {
            throw ConfigurationErrors.expectSpeedupWithoutParallelRuns(description);
        }
        if (annotation.isEmpty() && sweep.isPresent()) {
            throw ConfigurationErrors.sweepWithoutParallelRuns(description);
        }
        if (sweep.isPresent() && expectSpeedup.isPresent()) {
            throw ConfigurationErrors.sweepWithExpectSpeedup(description);
        }
        if (annotation.isEmpty()) {
            // Registered for the whole run (extension auto-detection): only misuse of TaskContext concerns us.
            if (Arrays.asList(method.getParameterTypes()).contains(TaskContext.class)) {
                throw ConfigurationErrors.taskContextOutsideRun(description, "the method has no @ParallelRuns");
            }
            return;
        }
        checkIsTest(method, description);
        Configuration configuration = configuration(context);
        RunPlan plan = RunPlanResolver.resolve(annotation.get(), description, configuration,
                Runtime.getRuntime().availableProcessors());
        context.getStore(NAMESPACE).put(RunPlan.class, plan);
        expectSpeedup.ifPresent(expected -> context.getStore(NAMESPACE)
                .put(SpeedupPlan.class, SpeedupPlan.resolve(expected, description, plan)));
        sweep.ifPresent(declared -> context.getStore(NAMESPACE).put(SweepPlan.class, SweepPlan.resolve(declared,
                annotation.get(), description, plan, cores(context).cores())));
        context.getStore(NAMESPACE).put(WorkerJvmArgs.class, workerJvmArgs(context, plan, description, configuration));
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        runInParallel(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runInParallel(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        proceedUnlessCoordinatingProcesses(invocation, extensionContext);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        proceedUnlessCoordinatingProcesses(invocation, extensionContext);
    }

    /** With worker JVMs, the test's method-level lifecycle runs in each worker, not in the coordinator. */
    private static void proceedUnlessCoordinatingProcesses(Invocation<Void> invocation, ExtensionContext context)
            throws Throwable {
        RunPlan plan = context.getStore(NAMESPACE).get(RunPlan.class, RunPlan.class);
        if (plan != null && plan.mode() == Mode.PROCESSES && WorkerSession.forTest(context.getUniqueId()).isEmpty()) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TaskContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        String executable = MethodDescription.of(parameterContext.getDeclaringExecutable());
        boolean isTestMethod = extensionContext.getTestMethod()
                .filter(method -> method.equals(parameterContext.getDeclaringExecutable()))
                .isPresent();
        if (!isTestMethod) {
            throw ConfigurationErrors.taskContextOutsideRun(executable,
                    "it is not a @ParallelRuns test method but a constructor, lifecycle or other method");
        }
        if (extensionContext.getStore(NAMESPACE).get(RunPlan.class) == null) {
            throw ConfigurationErrors.taskContextOutsideRun(executable, "the method has no @ParallelRuns");
        }
        return TaskContextArguments.Placeholder.INSTANCE;
    }

    private static void runInParallel(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        RunPlan plan = extensionContext.getStore(NAMESPACE).get(RunPlan.class, RunPlan.class);
        if (plan == null) {
            invocation.proceed();
            return;
        }
        // The body runs on the workers, not through JUnit's single invocation.
        invocation.skip();
        Method method = invocationContext.getExecutable();
        Object target = invocationContext.getTarget().orElse(null);
        TaskContextArguments arguments = TaskContextArguments.of(invocationContext.getArguments());
        TaskBody body = task -> ReflectionSupport.invokeMethod(method, target, arguments.forTask(task));
        if (plan.mode() == Mode.PROCESSES) {
            Optional<WorkerSession> worker = WorkerSession.forTest(extensionContext.getUniqueId());
            if (worker.isPresent()) {
                WorkerSideRun.run(worker.get(), body);
                return;
            }
        }
        Configuration configuration = configuration(extensionContext);
        ReportSink sink = reportSink(extensionContext, configuration);
        SpeedupPlan speedup = extensionContext.getStore(NAMESPACE).get(SpeedupPlan.class, SpeedupPlan.class);
        SweepPlan sweep = extensionContext.getStore(NAMESPACE).get(SweepPlan.class, SweepPlan.class);
        String notChecked = null;
        if (speedup != null || sweep != null) {
            if (configuration.speedupEnabled()) {
                sink.checkBaseline();
                try {
                    if (sweep != null) {
                        measureSweep(plan, sweep, configuration, body, extensionContext, sink);
                    } else {
                        measureSpeedup(plan, speedup, configuration, body, extensionContext, sink);
                    }
                } catch (Throwable failure) {
                    if (!sink.written()) {
                        // The body failed while being measured: the test is still reported.
                        Map<String, Object> record = sink.record(sweep != null ? "sweep" : "speedup", plan,
                                cores(extensionContext));
                        record.put("verdict", "FAILED");
                        record.put("reason", "the measurement ended with a failure: " + firstLine(failure));
                        sink.write(record);
                    }
                    throw failure;
                }
                return;
            }
            notChecked = (sweep != null ? "@ScalingSweep(" + sweep.describe() + ")"
                    : "@ExpectSpeedup(" + speedup.describeBounds() + ")") + " on '" + plan.name()
                    + "' was not checked: " + ConfigurationParameters.SPEEDUP_ENABLED + " = false";
            extensionContext.publishReportEntry(Map.of(
                    sweep != null ? "parallelruns.sweep.verdict" : "parallelruns.speedup.verdict", "NOT_CHECKED",
                    sweep != null ? "parallelruns.sweep.reason" : "parallelruns.speedup.reason", notChecked));
        }
        RunOutcome outcome = plan.mode() == Mode.PROCESSES
                ? ProcessRun.execute(plan, workerPool(extensionContext),
                        WorkerCommand.forThisJvm(extensionContext.getRequiredTestClass(), jvmArgs(extensionContext)),
                        extensionContext.getUniqueId())
                : ThreadedRun.execute(plan, body, HuntRacesExtension.seed(extensionContext)
                        .map(StartPlan::jittered).orElse(StartPlan.ALIGNED));
        extensionContext.publishReportEntry(OutcomeReport.reportEntry(outcome));
        Throwable failure = OutcomeReport.failureOf(outcome);
        sink.write(runRecord(sink, plan, outcome, failure, notChecked, cores(extensionContext)));
        if (failure != null) {
            throw failure;
        }
    }

    private static Map<String, Object> runRecord(ReportSink sink, RunPlan plan, RunOutcome outcome, Throwable failure,
            String notChecked, EffectiveCores cores) {
        Map<String, Object> record = sink.record("run", plan, cores);
        record.put("verdict", notChecked != null ? "NOT_CHECKED" : failure == null ? "SUCCESSFUL" : "FAILED");
        record.put("reason", notChecked != null ? notChecked
                : failure == null ? "all " + plan.tasks() + " tasks ran without failure"
                        : String.valueOf(failure.getMessage()).lines().findFirst().orElse(failure.toString()));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("wallMs", outcome.wallTime().toNanos() / 1e6);
        run.put("startupMs", outcome.startup().toNanos() / 1e6);
        run.put("tasksStarted", outcome.tasksStarted());
        run.put("failedTasks", outcome.failures().count());
        run.put("tasksPassed", outcome.tasksPassed());
        List<Map<String, Object>> kinds = new ArrayList<>();
        for (FailureKind kind : outcome.failures().kinds()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("count", kind.count());
            item.put("exception", kind.className());
            item.put("message", kind.pattern());
            item.put("frame", kind.frame());
            item.put("firstWorker", kind.first().workerIndex());
            item.put("firstTask", kind.first().taskIndex());
            kinds.add(item);
        }
        run.put("failureKinds", kinds);
        List<Map<String, Object>> failures = new ArrayList<>();
        for (TaskFailure taskFailure : outcome.failures().kept()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("worker", taskFailure.workerIndex());
            item.put("task", taskFailure.taskIndex());
            item.put("error", String.valueOf(taskFailure.error()).lines().findFirst().orElse(""));
            failures.add(item);
        }
        for (Throwable fault : outcome.workerFaults()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("worker", null);
            item.put("task", null);
            item.put("error", String.valueOf(fault).lines().findFirst().orElse(""));
            failures.add(item);
        }
        run.put("failures", failures);
        run.put("timedOut", outcome.timedOut());
        record.put("run", run);
        return record;
    }

    private static String firstLine(Throwable failure) {
        return String.valueOf(failure).lines().findFirst().orElse(failure.getClass().getName());
    }

    private static ReportSink reportSink(ExtensionContext context, Configuration configuration) {
        ReportSink.BaselineHolder baseline = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(ReportSink.BaselineHolder.class, key -> new ReportSink.BaselineHolder(),
                        ReportSink.BaselineHolder.class);
        return new ReportSink(context.getUniqueId(), context.getRequiredTestClass(), context.getRequiredTestMethod(),
                context.getDisplayName(), configuration, context::publishReportEntry, baseline);
    }

    /** A sweep holds one turn of the machine for its share run and all its points. */
    private static void measureSweep(RunPlan plan, SweepPlan sweep, Configuration configuration, TaskBody body,
            ExtensionContext context, ReportSink sink) throws Throwable {
        EffectiveCores machine = cores(context);
        int cores = machine.cores();
        try (MeasurementTurn turn = MeasurementTurn.take(configuration.turns())) {
            SweepRun.run(plan, sweep, configuration, machine, sink, new SweepRun.PointMeasurer() {
                @Override
                public SweepRun.Measured measure(RunPlan pointPlan, SpeedupBounds bounds, CpuShare share)
                        throws Throwable {
                    MeasurementSettings settings = share == null
                            ? PlanMeasurement.settings(bounds, configuration.speedupBudget(), pointPlan, sweep.workload(),
                                    cores, sweep.minPairs())
                            : PlanMeasurement.settings(bounds, configuration.speedupBudget(), pointPlan, share, cores,
                                    sweep.minPairs());
                    if (pointPlan.mode() != Mode.PROCESSES) {
                        ThreadSides sides = new ThreadSides(pointPlan, body);
                        SpeedupResult result = PlanMeasurement.measure(sides, settings, any -> { }, turn);
                        return new SweepRun.Measured(result, sides.peakWorkers());
                    }
                    if (turn.refused().isPresent()) {
                        // No worker JVMs are started for a measurement that will not take place.
                        return new SweepRun.Measured(PlanMeasurement.measure(null, settings, any -> { }, turn), 0);
                    }
                    return measureOnWorkerJvms(pointPlan, context,
                            sides -> PlanMeasurement.measure(sides, settings, any -> { }, turn));
                }

                @Override
                public Optional<String> refused() {
                    return turn.refused();
                }

                @Override
                public CpuShare share(RunPlan sharePlan) throws Throwable {
                    if (sharePlan.mode() != Mode.PROCESSES || turn.refused().isPresent()) {
                        return PlanMeasurement.measureShare(new ThreadSides(sharePlan, body), sharePlan,
                                configuration.speedupBudget(), cores, turn);
                    }
                    return onWorkerJvms(sharePlan, context,
                            sides -> PlanMeasurement.measureShare(sides, sharePlan, configuration.speedupBudget(), cores,
                                    turn));
                }
            });
        }
    }

    private static void measureSpeedup(RunPlan plan, SpeedupPlan speedup, Configuration configuration, TaskBody body,
            ExtensionContext context, ReportSink sink) throws Throwable {
        if (plan.mode() != Mode.PROCESSES) {
            SpeedupRun.run(plan, speedup, configuration, cores(context), new ThreadSides(plan, body), sink);
            return;
        }
        SpeedupRun run = SpeedupRun.prepare(plan, speedup, configuration, cores(context), sink);
        SweepRun.Measured measured;
        // The turn is taken before the worker JVMs start, so that waiting for it is not part of the run's timeout.
        try (MeasurementTurn turn = MeasurementTurn.take(configuration.turns())) {
            measured = turn.refused().isPresent()
                    ? new SweepRun.Measured(run.measure(null, turn), 0)
                    : measureOnWorkerJvms(plan, context, sides -> run.measure(sides, turn));
        }
        run.conclude(measured.result(), measured.peakWorkers());
    }

    /** A measurement on worker JVMs: their failures thrown as the test's, the result and peak returned. */
    private static SweepRun.Measured measureOnWorkerJvms(RunPlan plan, ExtensionContext context,
            ProcessWork<SpeedupResult> measurement) throws Throwable {
        int[] peak = new int[1];
        SpeedupResult result = onWorkerJvms(plan, context, sides -> {
            SpeedupResult measured = measurement.run(sides);
            peak[0] = sides.peakWorkers();
            return measured;
        });
        return new SweepRun.Measured(result, peak[0]);
    }

    /** Work on worker JVMs: their failures thrown as the test's, the work's result returned. */
    private static <T> T onWorkerJvms(RunPlan plan, ExtensionContext context, ProcessWork<T> work) throws Throwable {
        List<T> result = new ArrayList<>(1);
        List<TestAbortedException> aborted = new ArrayList<>(1);
        RunOutcome outcome = ProcessRun.measure(plan, workerPool(context),
                WorkerCommand.forThisJvm(context.getRequiredTestClass(), jvmArgs(context)), context.getUniqueId(),
                sides -> {
                    try {
                        result.add(work.run(new ProcessSides(sides)));
                    } catch (TestAbortedException e) {
                        // The measurement's own decision (an unattainable bound), not a fault of the workers.
                        aborted.add(e);
                    }
                });
        Throwable failure = OutcomeReport.failureOf(outcome);
        if (failure != null) {
            throw failure;
        }
        if (!aborted.isEmpty()) {
            throw aborted.get(0);
        }
        if (result.isEmpty() || result.get(0) == null) {
            throw new IllegalStateException("the speedup measurement of " + plan.workers() + " worker JVMs for '"
                    + plan.name() + "' ended without a result and without a failure");
        }
        return result.get(0);
    }

    @FunctionalInterface
    private interface ProcessWork<T> {
        T run(ProcessSides sides) throws Throwable;
    }

    /** The configuration's worker JVM options, then the class's, then the method's. */
    private static List<String> workerJvmArgs(ExtensionContext context, RunPlan plan, String description,
            Configuration configuration) {
        Optional<WorkerJvmArgs> onMethod = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(),
                WorkerJvmArgs.class);
        if (onMethod.isPresent() && plan.mode() != Mode.PROCESSES) {
            throw ConfigurationErrors.workerJvmArgsWithoutProcesses(description, plan.mode());
        }
        List<String> options = new ArrayList<>(configuration.processJvmArgs());
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WorkerJvmArgs.class)
                .ifPresent(args -> options.addAll(Arrays.asList(args.value())));
        onMethod.ifPresent(args -> options.addAll(Arrays.asList(args.value())));
        for (String option : options) {
            if (option.isBlank()) {
                throw ConfigurationErrors.blankWorkerJvmArg(description, options);
            }
        }
        return List.copyOf(options);
    }

    @SuppressWarnings("unchecked")
    private static List<String> jvmArgs(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(WorkerJvmArgs.class, List.class);
    }

    /** One pool per test run: closed, with every worker JVM in it, when the run ends. */
    private static WorkerPool workerPool(ExtensionContext context) {
        Configuration configuration = configuration(context);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PoolResource.class,
                key -> new PoolResource(new WorkerPool(configuration.reuseProcesses())), PoolResource.class).pool();
    }

    /** The effective cores, read once per test run (they come from /proc and the cgroup files). */
    private static EffectiveCores cores(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(EffectiveCores.class,
                key -> EffectiveCores.ofThisMachine(), EffectiveCores.class);
    }

    private static Configuration configuration(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Configuration.class, key -> Configuration.read(context::getConfigurationParameter),
                        Configuration.class);
    }

    private static void checkIsTest(Method method, String description) {
        boolean isTest = AnnotationSupport.isAnnotated(method, Test.class)
                || AnnotationSupport.isAnnotated(method, RepeatedTest.class)
                || AnnotationSupport.isAnnotated(method, TestTemplate.class);
        if (!isTest) {
            List<String> found = Arrays.stream(method.getAnnotations())
                    .map(annotation -> "@" + annotation.annotationType().getSimpleName())
                    .collect(Collectors.toList());
            throw ConfigurationErrors.notATest(description, String.join(", ", found));
        }
    }
}
