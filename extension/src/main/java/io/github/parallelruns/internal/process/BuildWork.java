package io.github.parallelruns.internal.process;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * CPU work the library does in a test JVM outside any test: worker JVMs started before the test that
 * needs them, a class-data archive written when the pool closes. It is announced as a test is, so that a
 * speedup measurement in another JVM of the machine neither starts while it runs nor has it start in
 * the middle of its pairs.
 */
@API(status = INTERNAL, since = "0.1")
@FunctionalInterface
public interface BuildWork {

    /** Work nobody needs to hear of: always granted at once. */
    BuildWork NONE = mayWait -> new Section(true, () -> {});

    /**
     * Announces work about to start. While a measurement runs in another JVM, waits for its end (at most as
     * long as a test waits at its start) when {@code mayWait}; otherwise comes back at once, not granted.
     *
     * @param mayWait whether the work may wait for its turn
     * @return the section, to be closed when the work ends, whether or not it was granted
     */
    Section begin(boolean mayWait);

    /** One piece of announced work: closed when it ends. */
    @API(status = INTERNAL, since = "0.1")
    final class Section implements AutoCloseable {

        private final boolean granted;
        private final Runnable end;
        private boolean closed;

        /**
         * @param granted whether no measurement of another JVM runs while this work does
         * @param end what ends the announcement
         */
        public Section(boolean granted, Runnable end) {
            this.granted = granted;
            this.end = Objects.requireNonNull(end, "end");
        }

        /** Whether the work has the machine: no measurement ran elsewhere, or it ended while this waited. */
        public boolean granted() {
            return granted;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                end.run();
            }
        }
    }
}
