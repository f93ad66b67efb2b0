package io.github.parallelruns.internal.jupiter;

import io.github.parallelruns.internal.process.WorkerPool;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The worker pool in JUnit's root store, so that JUnit closes it at the end of the test run: as an
 * {@link AutoCloseable} on Jupiter 5.13 and later, as a {@code CloseableResource} before. Closing
 * twice is harmless.
 */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in 5.13, the only way before it
final class PoolResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final WorkerPool pool;
    private boolean closed;

    PoolResource(WorkerPool pool) {
        this.pool = pool;
    }

    WorkerPool pool() {
        return pool;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }
}
