package io.github.parallelruns;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A coordinating JVM of its own, for tests that must kill the coordinator or start it with an
 * unusual class path: runs the test class named by its argument and exits 0 when every test passed.
 */
public final class ChildCoordinator {

    private ChildCoordinator() {}

    public static void main(String[] args) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(args[0]))
                        .build(),
                summary);
        summary.getSummary().printFailuresTo(new PrintWriter(System.out, true), 20);
        System.out.println("tests succeeded: " + summary.getSummary().getTestsSucceededCount() + ", failed: "
                + summary.getSummary().getTotalFailureCount());
        System.exit(
                summary.getSummary().getTotalFailureCount() == 0
                                && summary.getSummary().getTestsSucceededCount() > 0
                        ? 0
                        : 1);
    }
}
