package io.github.parallelruns.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs one method of {@link EndToEndFixture} through the JUnit Platform Launcher, as a user's IDE or
 * build runs one test, and exits 0 when it passed. Arguments: the method, then {@code key=value}
 * configuration parameters.
 */
public final class EndToEndMain {

    private EndToEndMain() {}

    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request =
                LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(EndToEndFixture.class, args[0]));
        for (int i = 1; i < args.length; i++) {
            String[] parameter = args[i].split("=", 2);
            request.configurationParameter(parameter[0], parameter[1]);
        }
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request.build(), summary);
        System.exit(
                summary.getSummary().getTestsSucceededCount() == 1
                                && summary.getSummary().getTotalFailureCount() == 0
                        ? 0
                        : 1);
    }
}
