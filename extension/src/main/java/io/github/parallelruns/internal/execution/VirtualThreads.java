package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Virtual threads, reached by reflection: the library is compiled for Java 17, where
 * {@code Thread.ofVirtual()} does not exist, and uses them when the running JVM has them.
 */
@API(status = INTERNAL, since = "0.1")
public final class VirtualThreads {

    /** The first Java feature release in which virtual threads are a final feature. */
    public static final int REQUIRED_JAVA_VERSION = 21;

    private static final Optional<Factory> FACTORY = Factory.lookUp();

    private VirtualThreads() {}

    public static boolean available() {
        return FACTORY.isPresent();
    }

    static Thread unstarted(String name, Runnable task) {
        return FACTORY.orElseThrow(() -> new IllegalStateException("virtual threads need Java " + REQUIRED_JAVA_VERSION
                        + " or newer, this JVM is " + Runtime.version()))
                .unstarted(name, task);
    }

    public static boolean isVirtual(Thread thread) {
        return FACTORY.map(factory -> factory.isVirtual(thread)).orElse(false);
    }

    private static final class Factory {
        private final Method ofVirtual;
        private final Method name;
        private final Method unstarted;
        private final Method isVirtual;

        private Factory(Method ofVirtual, Method name, Method unstarted, Method isVirtual) {
            this.ofVirtual = ofVirtual;
            this.name = name;
            this.unstarted = unstarted;
            this.isVirtual = isVirtual;
        }

        static Optional<Factory> lookUp() {
            if (Runtime.version().feature() < REQUIRED_JAVA_VERSION) {
                // Java 19 and 20 have them only as a preview feature; do not depend on previews.
                return Optional.empty();
            }
            try {
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                return Optional.of(new Factory(
                        Thread.class.getMethod("ofVirtual"),
                        builder.getMethod("name", String.class),
                        builder.getMethod("unstarted", Runnable.class),
                        Thread.class.getMethod("isVirtual")));
            } catch (ReflectiveOperationException e) {
                return Optional.empty();
            }
        }

        Thread unstarted(String threadName, Runnable task) {
            try {
                Object builder = name.invoke(ofVirtual.invoke(null), threadName);
                return (Thread) unstarted.invoke(builder, task);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("could not create a virtual thread", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("could not create a virtual thread", e);
            }
        }

        boolean isVirtual(Thread thread) {
            try {
                return (Boolean) isVirtual.invoke(thread);
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
    }
}
