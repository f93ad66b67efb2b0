package io.github.parallelruns;

import static io.github.parallelruns.EngineRuns.onlyFailure;
import static io.github.parallelruns.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class VirtualThreadsTests {

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void thousandsOfVirtualWorkersWaitTogether() throws Exception {
        ManyVirtualWorkersTestCase.threads.clear();

        run(ManyVirtualWorkersTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        Method isVirtual = Thread.class.getMethod("isVirtual");
        assertThat(ManyVirtualWorkersTestCase.threads).hasSize(2000).allSatisfy(thread -> {
            assertThat((Boolean) isVirtual.invoke(thread)).isTrue();
            assertThat(thread.isAlive()).isFalse();
        });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void onAnOlderJvmTheTestFailsNamingTheJavaVersionItNeeds() {
        Throwable failure = onlyFailure(run(ManyVirtualWorkersTestCase.class));

        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(
                        "@ParallelRuns on method 'body(TaskContext)': mode VIRTUAL_THREADS needs Java 21 or newer (virtual "
                                + "threads), but this test runs on Java " + Runtime.version() + " ("
                                + System.getProperty("java.home")
                                + "); run the tests on a newer JDK or use mode THREADS");
    }

    static class ManyVirtualWorkersTestCase {
        static final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final CountDownLatch allInside = new CountDownLatch(2000);

        @Test
        @ParallelRuns(mode = Mode.VIRTUAL_THREADS, workers = 2000)
        void body(TaskContext task) throws InterruptedException {
            assertThat(task.mode()).isEqualTo(Mode.VIRTUAL_THREADS);
            threads.add(Thread.currentThread());
            allInside.countDown();
            // Two thousand workers blocked at once: only virtual threads make this cheap.
            assertThat(allInside.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
