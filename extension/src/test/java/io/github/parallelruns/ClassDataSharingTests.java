package io.github.parallelruns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.parallelruns.internal.measure.TurnHolder;
import io.github.parallelruns.internal.process.WorkerCommand;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /** Says that its body runs (a file {@code body-ran}), then waits, at most a minute, for a file {@code go}. */
    static class WaitsForGoTestCase {

        @Test
        @ParallelRuns(mode = Mode.PROCESSES, workers = 1, tasks = 1)
        void body() throws Exception {
            Path folder = Paths.get(System.getProperty(ProcessesTests.DIR));
            Files.writeString(folder.resolve("body-ran"), "yes");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(folder.resolve("go")) && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void theArchiveIsWrittenOnlyAfterAMeasurementInAnotherJvmHasEnded() throws Exception {
        Path cache = dir.resolve("cache");
        Path lockFile = dir.resolve("turns.lock");
        Path holderDir = Files.createDirectory(dir.resolve("holder"));
        Process child = startJvm(
                dir.resolve("child.log"),
                childOptions(cache, "-Dparallelruns.turns.file=" + lockFile, "-Dparallelruns.turns.testWait=2m"),
                ChildCoordinator.class.getName(),
                WaitsForGoTestCase.class.getName());
        Process holder = null;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("body-ran")));
            // While the child's test runs, a measurement in another JVM takes the gate and waits for that test.
            holder = TurnHolder.startInAnotherJvm(lockFile, holderDir, "measure");
            await().atMost(Duration.ofSeconds(60)).until(() -> gateTakenByAnother(lockFile));
            Files.writeString(dir.resolve("go"), "now");
            Process measuring = holder;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(holderDir.resolve("holding")) || !measuring.isAlive());
            assertThat(holder.isAlive()).isTrue();

            // The child's test has ended and its pool closes: the archive waits for the measurement's end.
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> files(cache, ".jsa").isEmpty());
            Path release = Files.writeString(holderDir.resolve("release"), "now");

            assertThat(child.waitFor(120, TimeUnit.SECONDS))
                    .as(Files.readString(dir.resolve("child.log")))
                    .isTrue();
            assertThat(child.exitValue())
                    .as(Files.readString(dir.resolve("child.log")))
                    .isZero();
            List<Path> archives = files(cache, ".jsa");
            assertThat(archives).hasSize(1);
            assertThat(Files.getLastModifiedTime(archives.get(0))).isGreaterThan(Files.getLastModifiedTime(release));
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (holder != null) {
                holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Whether another process holds the lock file's first byte (the measurements' gate) exclusively. */
    private static boolean gateTakenByAnother(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock(0, 1, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        }
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
        try {
            return runJvmSuccessfully(
                    childOptions(cache, options),
                    ChildCoordinator.class.getName(),
                    ReportsItsStartTestCase.class.getName());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The options of a child coordinator JVM with the user's class path layout, {@code cache} and {@code options}. */
    private List<String> childOptions(Path cache, String... options) throws IOException {
        List<String> jvmOptions = new ArrayList<>(List.of(
                "-cp",
                String.join(File.pathSeparator, childClassPath()),
                // A lock file of its own (options given later replace it): another build's measurements hold
                // up neither the child's test nor its archive.
                "-Dparallelruns.turns.file=" + dir.resolve("turns.lock"),
                "-Dparallelruns.processes.cacheDir=" + cache,
                "-Dparallelruns.report.dir=" + dir.resolve("reports"),
                "-Dparallelruns.report.summary=false"));
        jvmOptions.addAll(List.of(options));
        return jvmOptions;
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
