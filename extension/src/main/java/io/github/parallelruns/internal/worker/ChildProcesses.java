package io.github.parallelruns.internal.worker;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Ends the processes a test started in a worker JVM (its descendants) when the test's run ends, so that
 * none outlives the run, whether the test passed or not, and says on the worker's standard error which
 * ones it ended.
 */
final class ChildProcesses {

    /** How long they have to end on a polite request (SIGTERM) before they are killed. */
    static final Duration GRACE = Duration.ofSeconds(1);

    private ChildProcesses() {}

    /**
     * Asks every live descendant of this JVM to end, kills those still running after {@code grace}, and
     * repeats for descendants started meanwhile (a shell starting another command), a few rounds at most.
     *
     * @return how many were ended
     */
    static int endAll(Duration grace) {
        int ended = 0;
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> left = ProcessHandle.current()
                    .descendants()
                    .filter(ProcessHandle::isAlive)
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            if (round == 0) {
                System.err.println("ParallelRuns worker: ended " + left.size() + " process"
                        + (left.size() == 1 ? "" : "es") + " the test left running: "
                        + left.stream().map(ChildProcesses::describe).collect(Collectors.joining(", ")));
            }
            left.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            for (ProcessHandle process : left) {
                long wait = deadline - System.nanoTime();
                try {
                    if (wait > 0) {
                        process.onExit().get(wait, TimeUnit.NANOSECONDS);
                    }
                } catch (Exception stillRunning) {
                    // Killed below.
                }
            }
            left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            ended += left.size();
        }
        return ended;
    }

    private static String describe(ProcessHandle process) {
        String command =
                process.info().commandLine().or(() -> process.info().command()).orElse("?");
        if (command.length() > 80) {
            command = command.substring(0, 77) + "...";
        }
        return String.format(Locale.ROOT, "%d (%s)", process.pid(), command);
    }
}
