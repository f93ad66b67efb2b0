package io.github.parallelruns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.process.WorkerCommand;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Worker JVMs start from a class-data archive of the class path's jars: the first run of a class path
 * writes it into the cache folder, later runs' workers get it, and a damaged archive or a folder others
 * could write to never fails a test.
 */
class ClassDataSharingTests extends WorkerJvmTestSupport {

    private List<String> childClassPath;

    /** The worker's JVM options and class path, as the body sees them: one line each, into the shared folder. */
    static class ReportsItsStartTestCase {

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 2, tasks = 2)
        void body(TaskContext context) throws IOException {
            Path out = Paths.get(System.getProperty(ProcessesTests.DIR))
                    .resolve("worker-" + context.workerIndex() + "-"
                            + ProcessHandle.current().pid() + ".txt");
            Files.write(
                    out,
                    List.of(
                            String.join(
                                    " ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                            System.getProperty("java.class.path"),
                            System.getProperty("java.vm.info")));
        }
    }

    @Test
    void theFirstRunWritesTheArchiveAndLaterWorkersStartFromIt() throws IOException {
        Path cache = dir.resolve("cache");

        runInChildJvm(cache);

        List<Path> archives = files(cache, ".jsa");
        assertThat(archives).hasSize(1);
        assertThat(files(cache, ".classlist")).isEmpty();
        assertThat(files(cache, ".refused")).isEmpty();
        List<List<String>> first = reportsAndForget();
        assertThat(first).hasSize(2);
        // Exactly one of the first run's workers wrote the class list; none had an archive yet.
        assertThat(first.stream().filter(lines -> lines.get(0).contains("-XX:DumpLoadedClassList=")))
                .hasSize(1);
        assertThat(first).allSatisfy(lines -> assertThat(lines.get(0)).doesNotContain("-XX:SharedArchiveFile="));

        runInChildJvm(cache);

        List<List<String>> second = reportsAndForget();
        assertThat(second).hasSize(2).allSatisfy(lines -> {
            assertThat(lines.get(0)).contains("-XX:SharedArchiveFile=" + archives.get(0));
            assertThat(lines.get(0)).doesNotContain("-XX:DumpLoadedClassList=");
            assertJarsFirst(lines.get(1));
            assertThat(lines.get(2)).contains("sharing");
        });
        assertThat(files(cache, ".jsa")).isEqualTo(archives);
    }

    /** A Java agent that does nothing: its jar holds only the manifest, the class comes from the class path. */
    public static final class NoOpAgent {
        private NoOpAgent() {}

        public static void premain(String arguments) {
            // Loaded as an agent is all this needs.
        }
    }

    @Test
    void workersWithAJavaAgentStartFromTheArchiveWithoutComplaint() throws Exception {
        Path cache = dir.resolve("cache");
        Path agent = dir.resolve("agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), NoOpAgent.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(agent), manifest)) {
            out.flush(); // the manifest is the whole agent jar
        }
        String withAgent = "-Dparallelruns.processes.jvmArgs=-javaagent:" + agent;

        runInChildJvm(cache, withAgent);
        reportsAndForget();
        String output = runInChildJvm(cache, withAgent);

        assertThat(files(cache, ".jsa")).hasSize(1);
        assertThat(output).doesNotContain("[cds]", "[aot]");
        assertThat(reportsAndForget()).hasSize(2).allSatisfy(lines -> {
            assertThat(lines.get(0)).contains("-XX:SharedArchiveFile=", "-javaagent:" + agent);
            assertThat(lines.get(2)).contains("sharing");
        });
    }

    @Test
    void aDamagedArchiveIsNotUsedAndTheTestStillPasses() throws IOException {
        Path cache = dir.resolve("cache");
        runInChildJvm(cache);
        Path archive = files(cache, ".jsa").get(0);
        Files.writeString(archive, "not an archive");
        reportsAndForget();

        runInChildJvm(cache);

        assertThat(reportsAndForget()).hasSize(2);
    }

    @Test
    void offByConfigurationWorkersKeepTheClassPathAsItIs() throws IOException {
        Path cache = dir.resolve("cache");

        runInChildJvm(cache, "-Dparallelruns.processes.classDataSharing=false");

        assertThat(cache).doesNotExist();
        assertThat(reportsAndForget()).hasSize(2).allSatisfy(lines -> {
            assertThat(lines.get(0)).doesNotContain("-XX:SharedArchiveFile=", "-XX:DumpLoadedClassList=");
            assertThat(lines.get(1)).isEqualTo(String.join(File.pathSeparator, childClassPath()));
        });
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aCacheFolderOthersMayWriteToIsNotUsed() throws IOException {
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

        runInChildJvm(cache);

        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
        assertThat(reportsAndForget())
                .hasSize(2)
                .allSatisfy(lines ->
                        assertThat(lines.get(0)).doesNotContain("-XX:SharedArchiveFile=", "-XX:DumpLoadedClassList="));
    }

    /**
     * Runs the fixture in a coordinating JVM of its own whose class path is laid out as a user's build lays
     * it out: the test classes in a folder, ParallelRuns and JUnit in jars. (This module's own class path
     * has ParallelRuns in a folder, whose listener registration is also in JUnit's launcher jar: a clash that
     * keeps class-data sharing off, as it must.)
     */
    private String runInChildJvm(Path cache, String... options) throws IOException {
        List<String> jvmOptions = new ArrayList<>(List.of(
                "-cp",
                String.join(File.pathSeparator, childClassPath()),
                "-Dparallelruns.processes.cacheDir=" + cache,
                "-Dparallelruns.report.dir=" + dir.resolve("reports"),
                "-Dparallelruns.report.summary=false"));
        jvmOptions.addAll(List.of(options));
        try {
            return runJvmSuccessfully(
                    jvmOptions, ChildCoordinator.class.getName(), ReportsItsStartTestCase.class.getName());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> childClassPath() throws IOException {
        if (childClassPath == null) {
            Path library = Paths.get(URI.create(ParallelRuns.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toString()));
            Path jar = Files.createTempFile("parallelruns-library-", ".jar");
            jar.toFile().deleteOnExit();
            if (Files.isDirectory(library)) {
                jarUp(library, jar);
            } else {
                Files.copy(library, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> entries = new ArrayList<>();
            for (String entry : WorkerCommand.forThisJvm(ReportsItsStartTestCase.class, List.of())
                    .classPath()) {
                entries.add(Paths.get(entry).equals(library) ? jar.toString() : entry);
            }
            childClassPath = entries;
        }
        return childClassPath;
    }

    private static void jarUp(Path folder, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** The class path with the jars first: every jar comes before every other entry. */
    private static void assertJarsFirst(String classPath) {
        List<String> entries = List.of(classPath.split(File.pathSeparator));
        int lastJar = -1;
        int firstOther = entries.size();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).endsWith(".jar")) {
                lastJar = i;
            } else {
                firstOther = Math.min(firstOther, i);
            }
        }
        assertThat(lastJar).as(classPath).isLessThan(firstOther);
        assertThat(entries).as("this test needs folders on the class path").anyMatch(entry -> !entry.endsWith(".jar"));
    }

    /** What the workers wrote, then deletes it, so that the next run's reports are its own. */
    private List<List<String>> reportsAndForget() throws IOException {
        List<List<String>> reports = new ArrayList<>();
        for (Path report : files(dir, ".txt")) {
            reports.add(Files.readAllLines(report));
            Files.delete(report);
        }
        return reports;
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
