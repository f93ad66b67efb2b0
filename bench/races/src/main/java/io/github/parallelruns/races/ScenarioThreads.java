package io.github.parallelruns.races;

/** Runs one scenario on plain threads started one after the other, as a hand-written test would. */
public final class ScenarioThreads {

    private ScenarioThreads() {
    }

    /**
     * Starts a thread per part, joins them all, rethrows the first part's failure, then checks.
     *
     * @param joinMillis how long to wait for the parts; 0 to wait for ever (a tool that detects hangs)
     * @throws HangError when a part did not end in time
     */
    public static void run(Scenario scenario, int threads, long joinMillis) throws Throwable {
        Thread[] started = new Thread[threads];
        Throwable[] failures = new Throwable[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            started[t] = new Thread(() -> {
                try {
                    scenario.part(index);
                } catch (Throwable e) {
                    failures[index] = e;
                }
            }, "part-" + t);
            started[t].setDaemon(true);
            started[t].start();
        }
        long deadline = System.nanoTime() + joinMillis * 1_000_000L;
        for (Thread thread : started) {
            if (joinMillis == 0) {
                thread.join();
            } else {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Math.max(1, left / 1_000_000L));
                }
                if (thread.isAlive()) {
                    throw new HangError(thread.getName() + " did not end within " + joinMillis + " ms");
                }
            }
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        scenario.check();
    }

    /** A part that did not end: a deadlock, or a stop flag it never saw. */
    public static final class HangError extends AssertionError {
        private static final long serialVersionUID = 1L;

        public HangError(String message) {
            super(message);
        }
    }
}
