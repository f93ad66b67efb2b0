package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * The JVM and machine a test ran on.
 *
 * @param java the Java version
 * @param javaVendor the Java vendor
 * @param vm the VM's name
 * @param os the operating system's name, version and architecture
 * @param availableProcessors what the JVM reports
 * @param effectiveCores the cores the test could use
 * @param cores how the effective cores were found
 */
@API(status = INTERNAL, since = "0.1")
public record Machine(
        String java,
        String javaVendor,
        String vm,
        String os,
        OptionalInt availableProcessors,
        OptionalInt effectiveCores,
        String cores) {

    /** Nothing known: a record without its environment. */
    public static final Machine UNKNOWN = new Machine("", "", "", "", OptionalInt.empty(), OptionalInt.empty(), "");

    public Machine {
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(javaVendor, "javaVendor");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(availableProcessors, "availableProcessors");
        Objects.requireNonNull(effectiveCores, "effectiveCores");
        Objects.requireNonNull(cores, "cores");
    }
}
