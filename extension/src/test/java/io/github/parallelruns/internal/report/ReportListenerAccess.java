package io.github.parallelruns.internal.report;

import java.io.PrintStream;

/** For tests in other packages: a {@link ReportListener} that prints into a stream of the test's. */
public final class ReportListenerAccess {

    private ReportListenerAccess() {}

    public static ReportListener listener(PrintStream out) {
        return new ReportListener(out);
    }
}
