package io.github.parallelruns.races;

/**
 * One run of a bug kernel: fresh shared state, a part for each thread, and a check afterwards.
 *
 * <p>Every tool under test drives the same scenarios: it makes a fresh scenario, runs
 * {@link #part(int)} for threads {@code 0} to {@link Kernel#threads()} {@code - 1} at the same time
 * (however it makes threads), waits for all of them, then calls {@link #check()}. The bug is found
 * when a part or the check throws, or when the parts do not end (a deadlock, a stop flag never seen).
 */
public interface Scenario {

    /** What thread {@code thread} does; may throw when the bug corrupts the state. */
    void part(int thread) throws Exception;

    /** After every part ended: throws {@link AssertionError} when the bug showed. */
    void check();
}
