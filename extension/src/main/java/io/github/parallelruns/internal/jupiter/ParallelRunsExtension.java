package io.github.parallelruns.internal.jupiter;

import static org.apiguardian.api.API.Status.INTERNAL;

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
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.StartPlan;
import io.github.parallelruns.internal.execution.TaskBody;
import io.github.parallelruns.internal.measure.EffectiveCores;
import io.github.parallelruns.internal.process.WorkerCommand;
import io.github.parallelruns.internal.process.WorkerPool;
import io.github.parallelruns.internal.worker.WorkerSession;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/**
 * The Jupiter side of {@link ParallelRuns}: checks the annotation before the test's lifecycle runs,
 * resolves {@link TaskContext} parameters, and replaces the single invocation of the test method by a
 * parallel run. For that it reads the plans from the test's store and hands off: in a worker JVM to
 * {@link WorkerSideRun}, else to a {@link CoordinatorRun} on the mode's {@link ModeRunner}, which runs or
 * measures, reports and throws the test's failure.
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
        RunPlan plan = RunPlanResolver.resolve(
                annotation.get(),
                description,
                configuration,
                Runtime.getRuntime().availableProcessors());
        context.getStore(NAMESPACE).put(RunPlan.class, plan);
        expectSpeedup.ifPresent(expected ->
                context.getStore(NAMESPACE).put(SpeedupPlan.class, SpeedupPlan.resolve(expected, description, plan)));
        sweep.ifPresent(declared -> context.getStore(NAMESPACE)
                .put(
                        SweepPlan.class,
                        SweepPlan.resolve(
                                declared,
                                annotation.get(),
                                description,
                                plan,
                                cores(context).cores())));
        context.getStore(NAMESPACE).put(WorkerJvmArgs.class, workerJvmArgs(context, plan, description, configuration));
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        runInParallel(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        runInParallel(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        proceedUnlessCoordinatingProcesses(invocation, extensionContext);
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        proceedUnlessCoordinatingProcesses(invocation, extensionContext);
    }

    /** With worker JVMs, the test's method-level lifecycle runs in each worker, not in the coordinator. */
    private static void proceedUnlessCoordinatingProcesses(Invocation<Void> invocation, ExtensionContext context)
            throws Throwable {
        RunPlan plan = context.getStore(NAMESPACE).get(RunPlan.class, RunPlan.class);
        if (plan != null
                && plan.mode() == Mode.PROCESSES
                && WorkerSession.forTest(context.getUniqueId()).isEmpty()) {
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
        boolean isTestMethod = extensionContext
                .getTestMethod()
                .filter(method -> method.equals(parameterContext.getDeclaringExecutable()))
                .isPresent();
        if (!isTestMethod) {
            throw ConfigurationErrors.taskContextOutsideRun(
                    executable, "it is not a @ParallelRuns test method but a constructor, lifecycle or other method");
        }
        if (extensionContext.getStore(NAMESPACE).get(RunPlan.class) == null) {
            throw ConfigurationErrors.taskContextOutsideRun(executable, "the method has no @ParallelRuns");
        }
        return TaskContextArguments.Placeholder.INSTANCE;
    }

    private static void runInParallel(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
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
        ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
        new CoordinatorRun(plan, configuration, cores(extensionContext), sink, modeRunner(plan, body, extensionContext))
                .run(
                        Optional.ofNullable(store.get(SpeedupPlan.class, SpeedupPlan.class)),
                        Optional.ofNullable(store.get(SweepPlan.class, SweepPlan.class)));
    }

    /** Where the tasks run: threads of this JVM, or worker JVMs (whose pool is opened when a run needs it). */
    private static ModeRunner modeRunner(RunPlan plan, TaskBody body, ExtensionContext context) {
        if (plan.mode() == Mode.PROCESSES) {
            return new WorkerJvmsRunner(
                    () -> workerPool(context),
                    () -> WorkerCommand.forThisJvm(context.getRequiredTestClass(), jvmArgs(context)),
                    context.getUniqueId(),
                    context::publishReportEntry);
        }
        return new ThreadsRunner(
                body, HuntRacesExtension.seed(context).map(StartPlan::jittered).orElse(StartPlan.ALIGNED));
    }

    private static ReportSink reportSink(ExtensionContext context, Configuration configuration) {
        ReportSink.BaselineHolder baseline = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        ReportSink.BaselineHolder.class,
                        key -> new ReportSink.BaselineHolder(),
                        ReportSink.BaselineHolder.class);
        return new ReportSink(
                context.getUniqueId(),
                context.getRequiredTestClass(),
                context.getRequiredTestMethod(),
                context.getDisplayName(),
                configuration,
                context::publishReportEntry,
                baseline);
    }

    /** The configuration's worker JVM options, then the class's, then the method's. */
    private static List<String> workerJvmArgs(
            ExtensionContext context, RunPlan plan, String description, Configuration configuration) {
        Optional<WorkerJvmArgs> onMethod =
                AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), WorkerJvmArgs.class);
        if (onMethod.isPresent() && plan.mode() != Mode.PROCESSES) {
            throw ConfigurationErrors.workerJvmArgsWithoutProcesses(description, plan.mode());
        }
        List<String> options =
                workerJvmArgs(context.getRequiredTestClass(), context.getRequiredTestMethod(), configuration);
        for (String option : options) {
            if (option.isBlank()) {
                throw ConfigurationErrors.blankWorkerJvmArg(description, options);
            }
        }
        return List.copyOf(options);
    }

    /** The worker JVM options of a test, unchecked: the configuration's, then the class's, then the method's. */
    static List<String> workerJvmArgs(Class<?> testClass, Method method, Configuration configuration) {
        List<String> options = new ArrayList<>(configuration.processJvmArgs());
        AnnotationSupport.findAnnotation(testClass, WorkerJvmArgs.class)
                .ifPresent(args -> options.addAll(Arrays.asList(args.value())));
        AnnotationSupport.findAnnotation(method, WorkerJvmArgs.class)
                .ifPresent(args -> options.addAll(Arrays.asList(args.value())));
        return options;
    }

    @SuppressWarnings("unchecked")
    private static List<String> jvmArgs(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(WorkerJvmArgs.class, List.class);
    }

    /** One pool per test run: closed, with every worker JVM in it, when the run ends. */
    private static WorkerPool workerPool(ExtensionContext context) {
        Configuration configuration = configuration(context);
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        PoolResource.class,
                        key -> new PoolResource(
                                PrestartListener.adopt(context.getUniqueId()).orElseGet(() -> newPool(configuration))),
                        PoolResource.class)
                .pool();
    }

    static WorkerPool newPool(Configuration configuration) {
        return new WorkerPool(
                configuration.reuseProcesses(),
                configuration.workerStart().classDataSharing(),
                configuration.workerStart().cacheDir(),
                TurnTakingListener.buildWork(configuration));
    }

    /** The effective cores, read once per test run (they come from /proc and the cgroup files). */
    private static EffectiveCores cores(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        EffectiveCores.class, key -> EffectiveCores.ofThisMachine(), EffectiveCores.class);
    }

    private static Configuration configuration(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        Configuration.class,
                        key -> Configuration.read(context::getConfigurationParameter),
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
