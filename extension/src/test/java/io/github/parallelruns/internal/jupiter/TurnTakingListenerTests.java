package io.github.parallelruns.internal.jupiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.parallelruns.internal.measure.TurnHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The listener that every launcher picks up: a test run in this JVM waits at each test's start while
 * another JVM measures on the same lock file, and does not wait when turn-taking of tests is off.
 */
class TurnTakingListenerTests {

    @TempDir
    Path dir;

    private Process holder;

    @AfterEach
    void endTheOtherJvm() throws InterruptedException {
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTestWaitsAtItsStartWhileAnotherJvmMeasures() throws Exception {
        Path lockFile = dir.resolve("turns.lock");
        holdAMeasurementInAnotherJvm(lockFile);

        CompletableFuture<SummaryGeneratingListener> run =
                CompletableFuture.supplyAsync(() -> launch(request(lockFile, "true")));

        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> !run.isDone());
        Files.writeString(dir.resolve("release"), "now");
        SummaryGeneratingListener summary = run.get(60, TimeUnit.SECONDS);
        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
    }

    @Test
    void withTurnsForTestsOffATestDoesNotWait() throws Exception {
        Path lockFile = dir.resolve("turns.lock");
        holdAMeasurementInAnotherJvm(lockFile);

        SummaryGeneratingListener summary = CompletableFuture.supplyAsync(() -> launch(request(lockFile, "false")))
                .get(30, TimeUnit.SECONDS);

        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("released"))).isFalse();
    }

    private void holdAMeasurementInAnotherJvm(Path lockFile) throws Exception {
        holder = TurnHolder.startInAnotherJvm(lockFile, dir, "measure");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("holding")) || !holder.isAlive());
        assertThat(holder.isAlive()).isTrue();
    }

    private static LauncherDiscoveryRequest request(Path lockFile, String testsWait) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(QuickTestCase.class))
                .configurationParameter("parallelruns.turns.file", lockFile.toString())
                .configurationParameter("parallelruns.turns.tests", testsWait)
                .configurationParameter("parallelruns.report.summary", "false")
                .build();
    }

    private static SummaryGeneratingListener launch(LauncherDiscoveryRequest request) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, summary);
        return summary;
    }

    static class QuickTestCase {

        @Test
        void quick() {
            assertThat(1 + 1).isEqualTo(2);
        }
    }
}
