package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What a worker of a {@link ParallelRuns} test is.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Mode {

    /**
     * Each worker is a platform thread of the test's JVM: the body shares the heap, static state
     * and the test instance with the other workers. For code that waits (I/O, sleeps, locks) and
     * for CPU-bound Java code alike, since the JVM has no global interpreter lock.
     */
    THREADS,

    /**
     * Each worker is a virtual thread (Java 21 or newer). Cheap enough for thousands of workers
     * that mostly wait. On an older JVM a test in this mode fails with a message naming the Java
     * version it needs.
     */
    VIRTUAL_THREADS,

    /**
     * Each worker is a separate JVM, started for the test, with its own heap, static state and
     * {@code System.exit}. The test runs in each worker through the JUnit Platform Launcher, with its
     * whole lifecycle; the coordinating JVM skips the test's body and its method-level lifecycle.
     */
    PROCESSES
}
