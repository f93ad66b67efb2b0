package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A throwable thrown in a worker JVM, rebuilt in the coordinator: it prints with the original's class
 * name, message and stack, and keeps its kind (an assertion failure stays an {@link AssertionError},
 * with expected and actual values as text; an aborted assumption stays a {@link TestAbortedException};
 * anything else is a {@link RuntimeException}), so reports classify it as they would the original.
 */
@API(status = INTERNAL, since = "0.1")
public interface RemoteThrowable {

    /** The class of the throwable in the worker, which this JVM may not be able to load. */
    String originalClassName();

    /**
     * The class {@code throwable} was thrown as: for one rebuilt from a worker JVM its
     * {@linkplain #originalClassName() original class}, else its own.
     */
    static String classNameOf(Throwable throwable) {
        return throwable instanceof RemoteThrowable
                ? ((RemoteThrowable) throwable).originalClassName()
                : throwable.getClass().getName();
    }

    static Throwable rebuild(
            String className, byte kind, String message, String expected, String actual, Throwable cause) {
        switch (kind) {
            case ThrowableCodec.KIND_ASSERTION:
                return expected != null || actual != null
                        ? new RemoteAssertionError(className, message, expected, actual, cause)
                        : new RemoteAssertionError(className, message, cause);
            case ThrowableCodec.KIND_ABORTED:
                return new RemoteAbort(className, message, cause);
            default:
                return new RemoteException(className, message, cause);
        }
    }

    private static String print(String className, String message) {
        return message == null ? className : className + ": " + message;
    }

    /** An assertion failure from a worker. */
    final class RemoteAssertionError extends AssertionFailedError implements RemoteThrowable {
        private static final long serialVersionUID = 1L;
        private final String className;

        RemoteAssertionError(String className, String message, Throwable cause) {
            super(message, cause);
            this.className = className;
        }

        RemoteAssertionError(String className, String message, String expected, String actual, Throwable cause) {
            super(message, expected, actual, cause);
            this.className = className;
        }

        @Override
        public String originalClassName() {
            return className;
        }

        @Override
        public String toString() {
            return print(className, getMessage());
        }
    }

    /** An aborted assumption from a worker. */
    final class RemoteAbort extends TestAbortedException implements RemoteThrowable {
        private static final long serialVersionUID = 1L;
        private final String className;

        RemoteAbort(String className, String message, Throwable cause) {
            super(message, cause);
            this.className = className;
        }

        @Override
        public String originalClassName() {
            return className;
        }

        @Override
        public String toString() {
            return print(className, getMessage());
        }
    }

    /** Any other throwable from a worker. */
    final class RemoteException extends RuntimeException implements RemoteThrowable {
        private static final long serialVersionUID = 1L;
        private final String className;

        RemoteException(String className, String message, Throwable cause) {
            super(message, cause);
            this.className = className;
        }

        @Override
        public String originalClassName() {
            return className;
        }

        @Override
        public String toString() {
            return print(className, getMessage());
        }
    }
}
