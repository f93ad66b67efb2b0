package io.github.parallelruns.internal.process;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * How to start a worker JVM so that it sees what the test's JVM sees: the same {@code java}, the
 * same class path, the same JVM options and system properties, minus what must not be copied.
 *
 * @param javaExecutable the {@code java} executable
 * @param jvmOptions options before the main class, without the class path
 * @param classPath class path entries, in order
 */
@API(status = INTERNAL, since = "0.1")
public record WorkerCommand(Path javaExecutable, List<String> jvmOptions, List<String> classPath) {

    /** Classes whose jars a worker needs even when the test's class path does not list them. */
    private static final List<String> REQUIRED_CLASSES = List.of(
            "org.junit.platform.launcher.core.LauncherFactory",
            "org.junit.platform.engine.TestEngine",
            "org.junit.platform.commons.support.AnnotationSupport",
            "org.junit.jupiter.engine.JupiterTestEngine",
            "org.junit.jupiter.api.Test",
            "org.opentest4j.AssertionFailedError",
            "io.github.parallelruns.ParallelRuns");

    /** System properties the JVM sets itself: never passed on. */
    private static final List<String> JVM_OWNED_PREFIXES = List.of(
            "java.",
            "jdk.",
            "sun.",
            "os.",
            "user.",
            "file.",
            "line.",
            "path.",
            "native.",
            "awt.",
            "jbr.",
            "stdin.",
            "stdout.",
            "stderr.",
            "intellij.debug.agent");

    /** Argfiles are {@code parallelruns-worker-<pid of the coordinating JVM>-<random>.args} in the temporary folder. */
    static final String ARGFILE_PREFIX = "parallelruns-worker-";

    static final String ARGFILE_SUFFIX = ".args";

    public WorkerCommand {
        jvmOptions = List.copyOf(jvmOptions);
        classPath = List.copyOf(classPath);
    }

    /**
     * The command for the JVM this code runs in, for running {@code testClass}, with {@code extraOptions}
     * (the user's, from configuration and annotation) last so that they win.
     */
    public static WorkerCommand forThisJvm(Class<?> testClass, List<String> extraOptions) {
        Path javaExecutable = Paths.get(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        List<String> options = new ArrayList<>(
                inheritedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(), System::getenv));
        Set<String> definedKeys = options.stream()
                .filter(option -> option.startsWith("-D"))
                .map(option -> option.substring(2).split("=", 2)[0])
                .collect(Collectors.toSet());
        // Properties set at run time (Surefire's systemPropertyVariables, IDE launchers) are not in the
        // input arguments: pass every non-JVM one explicitly.
        System.getProperties().stringPropertyNames().stream()
                .sorted()
                .filter(key -> JVM_OWNED_PREFIXES.stream().noneMatch(key::startsWith))
                .filter(key -> !definedKeys.contains(key))
                .forEach(key -> options.add("-D" + key + "=" + System.getProperty(key)));
        if (testClass.desiredAssertionStatus() && !options.contains("-ea") && !options.contains("-enableassertions")) {
            options.add("-ea");
        }
        options.addAll(extraOptions);
        return new WorkerCommand(javaExecutable, options, classPath(testClass));
    }

    /** The arguments to start worker {@code index}, talking back to {@code port}; the class path goes in an argfile. */
    public List<String> arguments(Path argfile, int port, int index) {
        return arguments(List.of(), argfile, port, index);
    }

    /** The same, with {@code launchOptions} before the argfile (so that the argfile's options win). */
    public List<String> arguments(List<String> launchOptions, Path argfile, int port, int index) {
        List<String> arguments = new ArrayList<>();
        arguments.add(javaExecutable.toString());
        arguments.addAll(launchOptions);
        arguments.add("@" + argfile);
        arguments.add(WorkerMain.class.getName());
        arguments.add(String.valueOf(port));
        arguments.add(String.valueOf(index));
        return arguments;
    }

    /** Writes the options and class path as a Java argfile (no command-line length limit, any characters). */
    public Path writeArgfile() {
        try {
            Path argfile = Files.createTempFile(
                    ARGFILE_PREFIX + ProcessHandle.current().pid() + "-", ARGFILE_SUFFIX);
            List<String> lines = new ArrayList<>();
            jvmOptions.forEach(option -> lines.add(quote(option)));
            lines.add("-cp");
            lines.add(quote(String.join(File.pathSeparator, classPath)));
            Files.write(argfile, lines);
            return argfile;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the worker JVM's argument file", e);
        }
    }

    /**
     * How messages show the command: the options without system properties (which may hold secrets,
     * and are many under Surefire), and the size of the class path.
     */
    public String describe() {
        long properties =
                jvmOptions.stream().filter(option -> option.startsWith("-D")).count();
        String options =
                jvmOptions.stream().filter(option -> !option.startsWith("-D")).collect(Collectors.joining(" "));
        return javaExecutable + (options.isEmpty() ? "" : " " + options)
                + (properties == 0 ? "" : " <" + properties + " system properties>")
                + " -cp <" + classPath.size() + " entries> " + WorkerMain.class.getName();
    }

    /**
     * One argument as a quoted argfile token: backslashes and quotes escaped, and line breaks too, which
     * would otherwise end the token and start another option (the launcher reads {@code \n}, {@code \r},
     * {@code \t} and {@code \f} in quotes as those characters).
     */
    static String quote(String argument) {
        return "\""
                + argument.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                        .replace("\f", "\\f")
                + "\"";
    }

    /**
     * Deletes the argfiles in {@code folder} left by coordinating JVMs that are gone (killed before
     * they could delete them; they hold every system property of the test's JVM): those whose name
     * carries the process id of a process that no longer runs, or of one started after the file was
     * written (the id was reused). Files of other users, and files it cannot read or delete, are left.
     *
     * @return the files deleted
     */
    static List<Path> deleteStaleArgfiles(Path folder) {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, ARGFILE_PREFIX + "*" + ARGFILE_SUFFIX)) {
            for (Path file : files) {
                OptionalLong pid = coordinatorPid(file.getFileName().toString());
                try {
                    if (pid.isPresent()
                            && !runsSince(
                                    pid.getAsLong(),
                                    Files.getLastModifiedTime(file).toInstant())
                            && Files.deleteIfExists(file)) {
                        deleted.add(file);
                    }
                } catch (IOException | SecurityException notOurs) {
                    // Another user's, or gone already.
                }
            }
        } catch (IOException | SecurityException e) {
            // No temporary folder to read: nothing to clean.
        }
        return deleted;
    }

    private static OptionalLong coordinatorPid(String fileName) {
        String rest = fileName.substring(ARGFILE_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash > 0 ? OptionalLong.of(Long.parseLong(rest.substring(0, dash))) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether process {@code pid} runs and was started before {@code written} (the same process that wrote it). */
    private static boolean runsSince(long pid, Instant written) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        // Start times are rounded to clock ticks; a second of slack never takes a live coordinator's file.
        return started.isEmpty() || !started.get().isAfter(written.plusSeconds(1));
    }

    /**
     * The JVM's own options that a worker should get too: without debugger agents (a second JVM
     * cannot attach to the same debugger port) and without what the environment variables added,
     * since the worker inherits the environment and gets those again from there.
     */
    static List<String> inheritedOptions(List<String> inputArguments, Function<String, String> environmentVariables) {
        List<String> environment = new ArrayList<>();
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            Optional.ofNullable(environmentVariables.apply(variable))
                    .filter(value -> !value.isBlank())
                    .ifPresent(value ->
                            environment.addAll(Arrays.asList(value.trim().split("\\s+"))));
        }
        List<String> options = new ArrayList<>();
        for (String option : inputArguments) {
            if (environment.remove(option)) {
                continue; // the worker inherits the environment and gets it again from there
            }
            if (isDebuggerOrLauncherOption(option)) {
                continue;
            }
            options.add(option);
        }
        return options;
    }

    private static boolean isDebuggerOrLauncherOption(String option) {
        return option.startsWith("-agentlib:jdwp")
                || option.startsWith("-Xrunjdwp")
                || option.equals("-Xdebug")
                || option.startsWith("-javaagent:") && option.contains("debugger-agent")
                || option.startsWith("-Djava.class.path=")
                || option.startsWith("-XX:HeapDumpPath")
                || option.startsWith("-XX:ErrorFile");
    }

    private static List<String> classPath(Class<?> testClass) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.addAll(expandManifestOnlyJar(entry));
            }
        }
        // Launchers that load tests in a class loader of their own (the Console Launcher's -cp, some
        // IDEs and build tools) do not list them in java.class.path.
        for (ClassLoader loader = testClass.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader) {
                for (URL url : ((URLClassLoader) loader).getURLs()) {
                    fileOf(url).ifPresent(entries::add);
                }
            }
        }
        location(testClass).ifPresent(entries::add);
        for (String className : REQUIRED_CLASSES) {
            try {
                location(Class.forName(className, false, testClass.getClassLoader()))
                        .ifPresent(entries::add);
            } catch (ClassNotFoundException e) {
                // Reported by the worker if it is really missing there.
            }
        }
        return new ArrayList<>(entries);
    }

    /** A jar with no classes and a {@code Class-Path} (Surefire's booter, IDE class path shorteners) stands for its entries. */
    private static List<String> expandManifestOnlyJar(String entry) {
        if (!entry.endsWith(".jar")) {
            return List.of(entry);
        }
        try (JarFile jar = new JarFile(entry)) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            boolean hasClasses = jar.stream().anyMatch(file -> file.getName().endsWith(".class"));
            if (classPath == null || hasClasses) {
                return List.of(entry);
            }
            URI base = Paths.get(entry).toUri();
            List<String> expanded = new ArrayList<>();
            for (String relative : classPath.trim().split("\\s+")) {
                expanded.add(Paths.get(base.resolve(relative)).toString());
            }
            return expanded;
        } catch (IOException | IllegalArgumentException e) {
            return List.of(entry);
        }
    }

    private static Optional<String> fileOf(URL url) {
        try {
            return "file".equals(url.getProtocol())
                    ? Optional.of(Paths.get(url.toURI()).toString())
                    : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Paths.get(source.getLocation().toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }
}
