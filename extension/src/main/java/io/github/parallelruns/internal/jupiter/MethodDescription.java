package io.github.parallelruns.internal.jupiter;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How messages name a method: {@code sum(TaskContext, int)}. */
final class MethodDescription {

    private MethodDescription() {}

    static String of(Executable executable) {
        String name = executable instanceof Constructor
                ? executable.getDeclaringClass().getSimpleName()
                : executable.getName();
        return Arrays.stream(executable.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", ", name + "(", ")"));
    }
}
