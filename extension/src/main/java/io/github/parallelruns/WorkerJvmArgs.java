package io.github.parallelruns;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Extra JVM options for the worker JVMs of {@link Mode#PROCESSES} tests, for example
 * {@code @WorkerJvmArgs({"-Xmx256m", "-XX:+UseSerialGC"})}.
 *
 * <p>On a test class it applies to every {@code PROCESSES} test of the class; on a method, to that
 * test. Worker JVMs get, in this order: the options of the test's own JVM (without debugger agents
 * and without what {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} add anyway), its system
 * properties, {@code -ea} when assertions are enabled, the configuration parameter
 * {@value ConfigurationParameters#PROCESSES_JVM_ARGS}, then the class's and the method's
 * {@code @WorkerJvmArgs}: later options win where the JVM lets the last one win. On a test whose
 * mode is not {@code PROCESSES} it is a configuration error, not silently ignored.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface WorkerJvmArgs {

    /**
     * The options, one per element, exactly as on a {@code java} command line.
     *
     * @return the JVM options
     */
    String[] value();
}
