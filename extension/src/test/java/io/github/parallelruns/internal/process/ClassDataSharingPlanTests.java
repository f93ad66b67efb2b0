package io.github.parallelruns.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What class-data sharing decides for a worker command: the jars first when no file is in a folder and a
 * jar alike, nothing when the options or the configuration say so, and no second attempt after the JDK
 * refused to write an archive.
 */
class ClassDataSharingPlanTests {

    @TempDir
    Path dir;

    @Test
    void jarsComeFirstAndTheFoldersKeepTheirOrder() throws IOException {
        Path classes = folder("classes", "a/B.class");
        Path testClasses = folder("test-classes", "a/BTest.class", "META-INF/MANIFEST.MF", "module-info.class");
        Path first = jar("first.jar", "x/Y.class", "META-INF/MANIFEST.MF", "module-info.class");
        Path second = jar("second.jar", "z/W.class");
        WorkerCommand command =
                command(List.of(testClasses.toString(), first.toString(), classes.toString(), second.toString()));

        ClassDataSharing sharing = new ClassDataSharing(true, dir.resolve("cache"));

        assertThat(sharing.reasonNotUsed(command)).isEmpty();
        assertThat(sharing.effectiveCommand(command).classPath())
                .containsExactly(first.toString(), second.toString(), testClasses.toString(), classes.toString());
        assertThat(sharing.effectiveCommand(command).jvmOptions()).isEqualTo(command.jvmOptions());
        assertThat(sharing.launchOptions(command)).singleElement().asString().startsWith("-XX:DumpLoadedClassList=");
        String key = sharing.plan(command).key().orElseThrow();
        assertThat(sharing.describe(command))
                .isEqualTo("writing: the first worker JVM of this JDK and class path lists the classes it loads; the "
                        + "archive " + sharing.archive(key) + " is written when the test run ends");

        Files.writeString(sharing.archive(key), "an archive");

        assertThat(sharing.launchOptions(command))
                .contains("-XX:SharedArchiveFile=" + sharing.archive(key), "-Xlog:cds*=off");
        assertThat(sharing.describe(command)).isEqualTo("on: " + sharing.archive(key));
    }

    @Test
    void aFileInAFolderAndInAJarKeepsTheClassPathAsItIs() throws IOException {
        Path classes = folder("classes", "a/B.class");
        Path jar = jar("lib.jar", "a/B.class");
        WorkerCommand command = command(List.of(classes.toString(), jar.toString()));

        ClassDataSharing sharing = new ClassDataSharing(true, dir.resolve("cache"));

        assertThat(sharing.reasonNotUsed(command))
                .hasValue("a/B.class is both in a class path folder and in " + jar
                        + " (listing the jars first would change which one is found)");
        assertThat(sharing.effectiveCommand(command)).isEqualTo(command);
        assertThat(sharing.launchOptions(command)).isEmpty();
        assertThat(sharing.describe(command))
                .isEqualTo("off: " + sharing.reasonNotUsed(command).orElseThrow());
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void optionsThatChooseClassDataSharingThemselvesAreLeftAlone() throws IOException {
        Path jar = jar("lib.jar", "a/B.class");
        for (String option : List.of(
                "-Xshare:off",
                "-XX:SharedArchiveFile=/tmp/mine.jsa",
                "-XX:AOTCache=app.aot",
                "-XX:ArchiveClassesAtExit=x.jsa",
                "-XX:-UseSharedSpaces")) {
            WorkerCommand command =
                    new WorkerCommand(Paths.get("java"), List.of("-Xmx256m", option), List.of(jar.toString()));

            ClassDataSharing sharing = new ClassDataSharing(true, dir.resolve("cache"));

            assertThat(sharing.reasonNotUsed(command))
                    .hasValue("the worker JVM options choose class-data sharing themselves (" + option + ")");
            assertThat(sharing.launchOptions(command)).isEmpty();
        }
    }

    @Test
    void offByConfigurationOrWithoutJars() throws IOException {
        WorkerCommand withJar = command(List.of(jar("lib.jar", "a/B.class").toString()));
        WorkerCommand foldersOnly =
                command(List.of(folder("classes", "a/B.class").toString()));

        assertThat(new ClassDataSharing(false, dir.resolve("cache")).reasonNotUsed(withJar))
                .hasValue("class-data sharing is off (parallelruns.processes.classDataSharing=false)");
        assertThat(new ClassDataSharing(true, dir.resolve("cache")).reasonNotUsed(foldersOnly))
                .hasValue("the class path has no jar");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(new ClassDataSharing(true, file).reasonNotUsed(withJar))
                .hasValue("the cache folder " + file + " is a file, not a folder");
    }

    @Test
    void theKeyChangesWithAJarAndWithTheHeapButNotWithSystemProperties() throws IOException {
        Path jar = jar("lib.jar", "a/B.class");
        WorkerCommand base = new WorkerCommand(Paths.get("java"), List.of("-Dx=1"), List.of(jar.toString()));
        WorkerCommand otherProperty = new WorkerCommand(Paths.get("java"), List.of("-Dx=2"), List.of(jar.toString()));
        WorkerCommand otherHeap =
                new WorkerCommand(Paths.get("java"), List.of("-Dx=1", "-Xmx2g"), List.of(jar.toString()));
        String key = ClassDataSharing.key(base, List.of(jar.toString()));

        assertThat(ClassDataSharing.key(otherProperty, List.of(jar.toString()))).isEqualTo(key);
        assertThat(ClassDataSharing.key(otherHeap, List.of(jar.toString()))).isNotEqualTo(key);
        Files.writeString(jar, "changed");
        assertThat(ClassDataSharing.key(base, List.of(jar.toString()))).isNotEqualTo(key);
    }

    @Test
    void theArchiveIsWrittenWithTheWorkersHeapCollectorAndModuleOptions() {
        List<String> options = List.of(
                "-Dx=1",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-ea",
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "-javaagent:/path/to/jacocoagent.jar=destfile=x.exec",
                "-XX:TieredStopAtLevel=1");

        assertThat(ClassDataSharing.layoutOptions(options))
                .containsExactly(
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED",
                        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-modules=java.instrument");
    }

    @Test
    void theCacheKeepsTheArchivesUsedLastAndNothingUnusedForAMonth() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Instant now = Instant.now();
        List<Path> archives = new ArrayList<>();
        for (int i = 0; i < ClassDataSharing.MAX_ARCHIVES + 3; i++) {
            Path archive = Files.writeString(cache.resolve("archive-" + i + ".jsa"), "x");
            // archive-0 was used last, archive-10 first
            Files.setLastModifiedTime(archive, FileTime.from(now.minus(Duration.ofHours(i))));
            archives.add(archive);
        }
        Path oldNote = Files.writeString(cache.resolve("old.refused"), "x");
        Files.setLastModifiedTime(oldNote, FileTime.from(now.minus(Duration.ofDays(31))));
        Path recentNote = Files.writeString(cache.resolve("recent.refused"), "x");
        Path notOurs = Files.writeString(cache.resolve("notes.txt"), "x");
        Files.setLastModifiedTime(notOurs, FileTime.from(now.minus(Duration.ofDays(400))));

        new ClassDataSharing(true, cache).deleteUnused();

        assertThat(archives.subList(0, ClassDataSharing.MAX_ARCHIVES)).allMatch(Files::exists);
        assertThat(archives.subList(ClassDataSharing.MAX_ARCHIVES, archives.size()))
                .noneMatch(Files::exists);
        assertThat(oldNote).doesNotExist();
        assertThat(recentNote).exists();
        assertThat(notOurs).exists();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aJdkThatRefusesLeavesANoteAndIsNotAskedAgain() throws IOException {
        Path jar = jar("lib.jar", "a/B.class");
        // A "java" that fails the way a JDK refusing the dump would: a message and exit code 1.
        Path java = Files.writeString(dir.resolve("java"), "#!/bin/sh\necho 'Error: cannot dump'\nexit 1\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        WorkerCommand command = new WorkerCommand(java, List.of(), List.of(jar.toString()));
        ClassDataSharing sharing = new ClassDataSharing(true, dir.resolve("cache"));
        String key = sharing.plan(command).key().orElseThrow();
        Path classList = Files.writeString(dir.resolve("cache").resolve("x.classlist"), "a/B\n");

        sharing.writeArchive(key, sharing.plan(command), classList);

        assertThat(sharing.archive(key)).doesNotExist();
        assertThat(Files.readString(sharing.refused(key)))
                .startsWith("The JDK did not write a class-data archive (exit code 1):")
                .contains("-Xshare:dump", "Error: cannot dump");
        assertThat(sharing.launchOptions(command)).isEmpty();
        assertThat(sharing.describe(command))
                .isEqualTo("off: the JDK did not write the archive; why: " + sharing.refused(key));
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".jsa"));
        }
    }

    private WorkerCommand command(List<String> classPath) {
        return new WorkerCommand(Paths.get("java"), List.of("-ea"), classPath);
    }

    private Path folder(String name, String... files) throws IOException {
        Path folder = dir.resolve(name);
        for (String file : files) {
            Path path = folder.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
        return folder;
    }

    private Path jar(String name, String... files) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String file : files) {
                out.putNextEntry(new JarEntry(file));
                out.write(file.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
