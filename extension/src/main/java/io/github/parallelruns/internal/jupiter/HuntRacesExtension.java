package io.github.parallelruns.internal.jupiter;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ExpectSpeedup;
import io.github.parallelruns.HuntRaces;
import io.github.parallelruns.ParallelRuns;
import io.github.parallelruns.ScalingSweep;
import io.github.parallelruns.internal.config.RunPlanResolver;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Provides the repetitions of a {@link HuntRaces} test lazily: a new one while the budget lasts and
 * no repetition has failed. Each carries its seed to {@link ParallelRunsExtension} through the
 * repetition's store.
 */
@API(status = INTERNAL, since = "0.1")
public final class HuntRacesExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(HuntRacesExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(method -> AnnotationSupport.isAnnotated(method, HuntRaces.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        String name = MethodDescription.of(method);
        HuntRaces hunt =
                AnnotationSupport.findAnnotation(method, HuntRaces.class).orElseThrow();
        Duration budget = RunPlanResolver.huntBudget(hunt.budget(), name);
        RunPlanResolver.checkHunt(
                name,
                AnnotationSupport.isAnnotated(method, ParallelRuns.class),
                AnnotationSupport.isAnnotated(method, ExpectSpeedup.class)
                        || AnnotationSupport.isAnnotated(method, ScalingSweep.class),
                otherTestAnnotations(method));
        long first = hunt.seed() != 0 ? hunt.seed() : new SecureRandom().nextLong();
        long deadline = System.nanoTime() + budget.toNanos();
        AtomicBoolean failed = new AtomicBoolean();
        AtomicInteger index = new AtomicInteger();
        long startedAt = System.nanoTime();
        return Stream.generate(() -> {
                    int repetition = index.incrementAndGet();
                    long seed = repetition == 1 ? first : seedOf(first, repetition);
                    return (TestTemplateInvocationContext) new Repetition(repetition, seed, failed, name, startedAt);
                })
                .takeWhile(repetition ->
                        !failed.get() && (((Repetition) repetition).number == 1 || System.nanoTime() - deadline < 0));
    }

    /** {@code @Test}, {@code @RepeatedTest}, {@code @ParameterizedTest} beside {@code @HuntRaces}, by simple name. */
    private static List<String> otherTestAnnotations(Method method) {
        List<String> found = new ArrayList<>();
        if (AnnotationSupport.isAnnotated(method, Test.class)) {
            found.add("@Test");
        }
        if (AnnotationSupport.isAnnotated(method, RepeatedTest.class)) {
            found.add("@RepeatedTest");
        }
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().getName().equals("org.junit.jupiter.params.ParameterizedTest")) {
                found.add("@ParameterizedTest");
            }
        }
        return found;
    }

    /** The seed of repetition {@code n} (from 2) of a hunt whose first seed is {@code first}. */
    static long seedOf(long first, int n) {
        long z = first + 0x9E3779B97F4A7C15L * (n - 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z == 0 ? 1 : z;
    }

    /** The seed of the repetition running in {@code context}, if it is one of a hunt. */
    static Optional<Long> seed(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get("seed", Long.class));
    }

    static String hex(long seed) {
        return "0x" + Long.toHexString(seed).toUpperCase(Locale.ROOT) + "L";
    }

    private static final class Repetition implements TestTemplateInvocationContext {

        final int number;
        private final long seed;
        private final AtomicBoolean failed;
        private final String method;
        private final long startedAt;

        Repetition(int number, long seed, AtomicBoolean failed, String method, long startedAt) {
            this.number = number;
            this.seed = seed;
            this.failed = failed;
            this.method = method;
            this.startedAt = startedAt;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "repetition " + number + " (seed " + hex(seed) + ")";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            BeforeEachCallback carrySeed = context -> {
                context.getStore(NAMESPACE).put("seed", seed);
                context.publishReportEntry(Map.of(
                        "parallelruns.hunt.repetition", String.valueOf(number), "parallelruns.hunt.seed", hex(seed)));
            };
            TestWatcher watcher = new TestWatcher() {
                @Override
                public void testFailed(ExtensionContext context, Throwable cause) {
                    failed.set(true);
                    System.err.println("[parallel-runs] " + method + " failed in repetition " + number + " of its "
                            + "@HuntRaces, " + String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startedAt) / 1e9)
                            + " s into the hunt, with seed " + hex(seed) + ": start the next hunt from it with "
                            + "@HuntRaces(seed = " + hex(seed) + ")");
                }
            };
            return List.of(carrySeed, watcher);
        }
    }
}
