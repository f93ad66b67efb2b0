package io.github.parallelruns.internal.report.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Which test a record is of.
 *
 * @param testId JUnit's unique id
 * @param test the short name, {@code Class.method(Params)}
 * @param displayName JUnit's display name
 * @param className the class the test ran in
 * @param methodName the test method's name
 */
@API(status = INTERNAL, since = "0.1")
public record TestIdentity(String testId, String test, String displayName, String className, String methodName) {

    public TestIdentity {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
    }
}
