package io.github.parallelruns.internal.process;

import io.github.parallelruns.internal.report.ReportFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Class-data sharing for worker JVMs: an archive of the classes the workers load from the test class
 * path's jars (and of the JDK's), made once per machine, JDK, set of jars and memory options, kept in a
 * cache folder of the user's, and given to every worker JVM started later. A worker then maps those
 * classes, already parsed and verified, instead of reading them from the jars: it reaches its test in
 * about two thirds of the CPU time.
 *
 * <p>How the archive is made. The JDK writes an archive only from a class path of jars, and uses it only
 * when the worker's class path begins with those same jars. So a worker's class path lists the jars first
 * and the rest (directories such as {@code target/classes}) after them, in their own order; this is done
 * only when no file of the rest is also in a jar (else the order decides which one is found, and the class
 * path is left as it is, without an archive). When no archive exists yet, the first worker JVM started for
 * the command writes the list of classes it loads ({@code -XX:DumpLoadedClassList}); when the pool closes,
 * after that worker served at least one test and exited, the JDK writes the archive from that list
 * ({@code -Xshare:dump}) into a temporary file, renamed into place in one step. Later worker JVMs get
 * {@code -XX:SharedArchiveFile}. A JVM that cannot use an archive (damaged, or made by another JDK) runs
 * without it; a JDK that refuses to write one leaves a {@code .refused} file with its output, and no
 * further attempt is made for that key.
 *
 * <p>Nothing is done when the worker JVM options already choose class-data sharing themselves
 * ({@code -Xshare:off}, {@code -XX:SharedArchiveFile}, an AOT cache, ...), when the cache folder cannot be
 * made private to this user, or when class-data sharing is turned off.
 *
 * <p>Threads: {@link #launch} is called under the pool's lock; {@link #finish} once, when the pool closes.
 * State is in concurrent maps.
 */
final class ClassDataSharing {

    /** Bumped when the archive's recipe changes, so that archives made by older versions are not used. */
    private static final String RECIPE = "parallelruns-cds-1";
    /** How long writing an archive may take before it is given up. */
    static final Duration DUMP_TIMEOUT = Duration.ofSeconds(60);
    /** Archives not used for this long are deleted when a new one is written. */
    static final Duration UNUSED_FOR = Duration.ofDays(30);
    /** The most archives kept: those used last. */
    static final int MAX_ARCHIVES = 8;

    /** Options by which the worker JVM options choose class-data sharing themselves. */
    private static final List<String> OWN_CHOICE_PREFIXES = List.of(
            "-Xshare:",
            "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit",
            "-XX:SharedClassListFile",
            "-XX:DumpLoadedClassList",
            "-XX:+AutoCreateSharedArchive",
            "-XX:-AutoCreateSharedArchive",
            "-XX:+UseSharedSpaces",
            "-XX:-UseSharedSpaces",
            "-XX:AOT");

    /**
     * The options that decide whether an archive fits a JVM (heap size, collector, compressed pointers):
     * passed to the JVM that writes it, and part of its key.
     */
    private static final Pattern LAYOUT_OPTIONS = Pattern.compile("-Xmx.*|-XX:MaxHeapSize=.*|-XX:[+-]Use\\w*GC"
            + "|-XX:[+-]UseCompressed(Oops|ClassPointers)|-XX:ObjectAlignmentInBytes=.*"
            + "|-XX:\\+Unlock(Experimental|Diagnostic)VMOptions");

    /** Module system options: the archive must be written with the same ones. */
    private static final Pattern MODULE_OPTIONS = Pattern.compile("--(add-modules|add-opens|add-exports|add-reads"
            + "|limit-modules|upgrade-module-path|patch-module|module-path|enable-native-access)(=.*)?"
            + "|-p|-Djdk\\.module\\..*");

    /** Files that may be in a directory and in a jar alike without the order mattering. */
    private static final Pattern ORDER_FREE = Pattern.compile(
            "(META-INF/versions/\\d+/)?module-info\\.class"
                    + "|META-INF/(MANIFEST\\.MF|INDEX\\.LIST|[^/]+\\.(SF|RSA|DSA|EC)|(LICENSE|NOTICE|DEPENDENCIES)[^/]*)",
            Pattern.CASE_INSENSITIVE);

    private final boolean enabled;
    private final Path cacheDir;
    private final Map<WorkerCommand, Plan> plans = new ConcurrentHashMap<>();
    /** Keys whose training has begun in this pool: one training worker per key. */
    private final Map<String, Training> trainings = new ConcurrentHashMap<>();

    ClassDataSharing(boolean enabled, Path cacheDir) {
        this.enabled = enabled;
        this.cacheDir = cacheDir;
    }

    /** What class-data sharing does for the workers of one command. */
    record Plan(WorkerCommand command, Optional<String> key, Optional<String> reasonNotUsed) {

        /** The class path's jars, the part the archive is made from. */
        List<String> jars() {
            return command.classPath().stream().filter(ClassDataSharing::isJar).collect(Collectors.toList());
        }
    }

    /** The worker that writes the class list for a key, and where. */
    private static final class Training {
        final Plan plan;
        final Path classList;
        volatile Worker worker;

        Training(Plan plan, Path classList) {
            this.plan = plan;
            this.classList = classList;
        }
    }

    /** The command workers of {@code command} are started with (its class path reordered when an archive is used). */
    WorkerCommand effectiveCommand(WorkerCommand command) {
        return plan(command).command();
    }

    /**
     * What class-data sharing does for the workers of {@code command}, for the test's report entry
     * {@code parallelruns.classDataSharing}: {@code on: <archive>}, {@code writing: ...} (this run writes the
     * archive when it ends) or {@code off: <why>}.
     */
    String describe(WorkerCommand command) {
        Plan plan = plan(command);
        if (plan.key().isEmpty()) {
            return "off: " + plan.reasonNotUsed().orElse("?");
        }
        String key = plan.key().get();
        if (Files.isRegularFile(archive(key), LinkOption.NOFOLLOW_LINKS)) {
            return "on: " + archive(key);
        }
        if (Files.exists(refused(key), LinkOption.NOFOLLOW_LINKS)) {
            return "off: the JDK did not write the archive; why: " + refused(key);
        }
        return "writing: the first worker JVM of this JDK and class path lists the classes it loads; the archive "
                + archive(key) + " is written when the test run ends";
    }

    /** Why no archive is used for {@code command}, if none is. */
    Optional<String> reasonNotUsed(WorkerCommand command) {
        return plan(command).reasonNotUsed();
    }

    /**
     * The options to add, before the argfile, for the next worker started for {@code command}: the archive
     * when there is one; the class list for the first worker when there is none yet.
     */
    List<String> launchOptions(WorkerCommand command) {
        Plan plan = plan(command);
        if (plan.key().isEmpty()) {
            return List.of();
        }
        String key = plan.key().get();
        Path archive = archive(key);
        if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            touch(archive);
            List<String> options = new ArrayList<>(quietSharing());
            options.add("-XX:SharedArchiveFile=" + archive);
            return options;
        }
        if (Files.exists(refused(key), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Training training = trainings.computeIfAbsent(
                key,
                k -> new Training(
                        plan,
                        cacheDir.resolve(k + "-" + ProcessHandle.current().pid() + "-"
                                + HexFormat.of().toHexDigits(new SecureRandom().nextInt()) + ".classlist")));
        if (training.worker != null) {
            return List.of();
        }
        return List.of("-XX:DumpLoadedClassList=" + training.classList);
    }

    /** Called with the worker started with {@link #launchOptions}, so that its class list is used once it exits. */
    void started(WorkerCommand command, List<String> launchOptions, Worker worker) {
        plan(command).key().map(trainings::get).ifPresent(training -> {
            if (training.worker == null && launchOptions.contains("-XX:DumpLoadedClassList=" + training.classList)) {
                training.worker = worker;
            }
        });
    }

    /**
     * Writes the archives whose training workers served a test and exited (the pool closed them all),
     * then deletes the class lists. Waits at most {@link #DUMP_TIMEOUT} for each. Each dump is announced
     * to {@code work} and waits for its turn there: it takes about a second of CPU, which a speedup
     * measurement in another JVM would otherwise find in its pairs.
     */
    void finish(BuildWork work) {
        for (Map.Entry<String, Training> entry : trainings.entrySet()) {
            Training training = entry.getValue();
            Worker worker = training.worker;
            try {
                if (worker != null
                        && worker.runsServed() > 0
                        && !worker.process.isAlive()
                        && needsArchive(entry.getKey(), training.classList)) {
                    BuildWork.Section dump = work.begin(true);
                    try {
                        writeArchive(entry.getKey(), training.plan, training.classList);
                    } finally {
                        dump.close();
                    }
                }
            } finally {
                deleteQuietly(training.classList);
            }
        }
        trainings.clear();
    }

    Plan plan(WorkerCommand command) {
        return plans.computeIfAbsent(command, this::decide);
    }

    private Plan decide(WorkerCommand command) {
        if (!enabled) {
            return notUsed(command, "class-data sharing is off (parallelruns.processes.classDataSharing=false)");
        }
        Optional<String> own = command.jvmOptions().stream()
                .filter(option -> OWN_CHOICE_PREFIXES.stream().anyMatch(option::startsWith))
                .findFirst();
        if (own.isPresent()) {
            return notUsed(command, "the worker JVM options choose class-data sharing themselves (" + own.get() + ")");
        }
        List<String> jars = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String entry : command.classPath()) {
            (isJar(entry) ? jars : rest).add(entry);
        }
        if (jars.isEmpty()) {
            return notUsed(command, "the class path has no jar");
        }
        Optional<String> clash = clash(jars, rest);
        if (clash.isPresent()) {
            return notUsed(command, clash.get());
        }
        Optional<String> noCache = prepareCacheDir();
        if (noCache.isPresent()) {
            return notUsed(command, noCache.get());
        }
        List<String> reordered = new ArrayList<>(jars);
        reordered.addAll(rest);
        WorkerCommand effective = new WorkerCommand(command.javaExecutable(), command.jvmOptions(), reordered);
        return new Plan(effective, Optional.of(key(command, jars)), Optional.empty());
    }

    private static Plan notUsed(WorkerCommand command, String reason) {
        return new Plan(command, Optional.empty(), Optional.of(reason));
    }

    /**
     * The first file found both in a directory (or other entry) of {@code rest} and in one of {@code jars},
     * described; empty when none is, so that listing the jars first finds the same file for every name.
     */
    static Optional<String> clash(List<String> jars, List<String> rest) {
        List<String> restNames = new ArrayList<>();
        for (String entry : rest) {
            Path path = Paths.get(entry);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(Files::isRegularFile)
                            .map(file -> path.relativize(file).toString().replace(File.separatorChar, '/'))
                            .filter(name -> !ORDER_FREE.matcher(name).matches())
                            .forEach(restNames::add);
                } catch (IOException | UncheckedIOException e) {
                    return Optional.of(
                            "the class path folder " + entry + " could not be read (" + e.getMessage() + ")");
                }
            } else if (Files.isRegularFile(path)) {
                return Optional.of("the class path entry " + entry + " is neither a jar nor a folder");
            }
        }
        if (restNames.isEmpty()) {
            return Optional.empty();
        }
        for (String jar : jars) {
            try (JarFile file = new JarFile(jar, false)) {
                for (String name : restNames) {
                    ZipEntry found = file.getEntry(name);
                    if (found != null && !found.isDirectory()) {
                        return Optional.of(name + " is both in a class path folder and in " + jar
                                + " (listing the jars first would change which one is found)");
                    }
                }
            } catch (IOException e) {
                return Optional.of("the jar " + jar + " could not be read (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /** Creates the cache folder, private to this user; the reason it cannot be used, if it cannot. */
    private Optional<String> prepareCacheDir() {
        try {
            boolean posix =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (Files.exists(cacheDir) && !Files.isDirectory(cacheDir)) {
                return Optional.of("the cache folder " + cacheDir + " is a file, not a folder");
            }
            if (!Files.isDirectory(cacheDir)) {
                Files.createDirectories(cacheDir);
                if (posix) {
                    Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            if (Files.isSymbolicLink(cacheDir)) {
                return Optional.of("the cache folder " + cacheDir + " is a symbolic link");
            }
            if (posix) {
                String owner =
                        Files.getOwner(cacheDir, LinkOption.NOFOLLOW_LINKS).getName();
                String me = System.getProperty("user.name");
                if (!owner.equals(me)) {
                    return Optional.of("the cache folder " + cacheDir + " belongs to " + owner + ", not to " + me);
                }
                if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir, LinkOption.NOFOLLOW_LINKS))
                        .endsWith("---")) {
                    return Optional.of(
                            "others may write to the cache folder " + cacheDir + " (it must be private to its user)");
                }
            }
            if (!Files.isWritable(cacheDir)) {
                return Optional.of("the cache folder " + cacheDir + " is not writable");
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.of("the cache folder " + cacheDir + " could not be made (" + e + ")");
        }
    }

    /** The key of an archive: the recipe, the JDK, each jar (path, size, time) and the layout options. */
    static String key(WorkerCommand command, List<String> jars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> parts = new ArrayList<>();
            parts.add(RECIPE);
            parts.add(command.javaExecutable().toString());
            parts.add(System.getProperty("java.vm.version", ""));
            parts.add(System.getProperty("java.vm.name", ""));
            parts.add(System.getProperty("os.arch", ""));
            for (String jar : jars) {
                Path path = Paths.get(jar);
                String stamp;
                try {
                    stamp = Files.size(path) + "@"
                            + Files.getLastModifiedTime(path).toMillis();
                } catch (IOException e) {
                    stamp = "?";
                }
                parts.add(jar + "|" + stamp);
            }
            parts.addAll(layoutOptions(command.jvmOptions()));
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * The options the archive must be written with to fit a worker: its heap and collector options, and
     * its module options (an agent, {@code -javaagent}, adds the module {@code java.instrument}; the JDK
     * refuses an archive written with other modules, on JDK 24 and later with an error on standard output).
     * An option and its value given as two arguments ({@code --add-opens x=y}) stay together.
     */
    static List<String> layoutOptions(List<String> jvmOptions) {
        List<String> layout = new ArrayList<>();
        boolean agent = false;
        for (int i = 0; i < jvmOptions.size(); i++) {
            String option = jvmOptions.get(i);
            if (LAYOUT_OPTIONS.matcher(option).matches()) {
                layout.add(option);
            } else if (MODULE_OPTIONS.matcher(option).matches()) {
                layout.add(option);
                if (!option.contains("=") && !option.startsWith("-D") && i + 1 < jvmOptions.size()) {
                    layout.add(jvmOptions.get(++i));
                }
            } else if (option.startsWith("-javaagent:")) {
                agent = true;
            }
        }
        if (agent) {
            layout.add("--add-modules=java.instrument");
        }
        return layout;
    }

    /**
     * Options for a worker JVM started with an archive: the JDK's messages about class-data sharing off, so
     * that a JVM that cannot use the archive (which it then runs without) does not print errors into the
     * test's output. Options of the user's that come later ({@code -Xlog:cds}) turn them on again.
     */
    private static List<String> quietSharing() {
        return Runtime.version().feature() >= 24
                ? List.of("-Xlog:cds*=off", "-Xlog:aot*=off")
                : List.of("-Xlog:cds*=off");
    }

    Path archive(String key) {
        return cacheDir.resolve(key + ".jsa");
    }

    Path refused(String key) {
        return cacheDir.resolve(key + ".refused");
    }

    /** Whether the archive of {@code key} is still to be written, and the class list to write it from is there. */
    private boolean needsArchive(String key, Path classList) {
        return !Files.exists(archive(key)) && Files.isRegularFile(classList);
    }

    /** Writes the archive of {@code key} from its training's class list, into a temporary file renamed into place. */
    void writeArchive(String key, Plan plan, Path classList) {
        Path archive = archive(key);
        if (!needsArchive(key, classList)) {
            return;
        }
        Path temporary = cacheDir.resolve(key + "-" + ProcessHandle.current().pid() + ".jsa.tmp");
        List<String> command = new ArrayList<>();
        command.add(plan.command().javaExecutable().toString());
        command.add("-Xshare:dump");
        if (Runtime.version().feature() >= 24) {
            // Classes archived linked as well as parsed (JEP 483): another sixth of a worker's start-up CPU.
            command.add("-XX:+AOTClassLinking");
        }
        command.addAll(layoutOptions(plan.command().jvmOptions()));
        command.add("-XX:SharedClassListFile=" + classList);
        command.add("-XX:SharedArchiveFile=" + temporary);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, plan.jars()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copyBounded(process.getInputStream(), output), "parallelruns-cds-dump");
            reader.setDaemon(true);
            reader.start();
            boolean ended = process.waitFor(DUMP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(1_000);
            if (ended && process.exitValue() == 0 && Files.isRegularFile(temporary)) {
                move(temporary, archive);
                deleteUnused();
            } else {
                String why = ended
                        ? "exit code " + process.exitValue()
                        : "no archive after " + DUMP_TIMEOUT.toSeconds() + " s";
                String text;
                synchronized (output) {
                    text = output.toString(StandardCharsets.UTF_8);
                }
                writeNote(
                        refused(key),
                        "The JDK did not write a class-data archive (" + why + "):\n" + String.join(" ", command)
                                + "\n\n" + text);
            }
        } catch (IOException e) {
            writeNote(
                    refused(key),
                    "The JDK could not be started to write a class-data " + "archive: " + e + "\n"
                            + String.join(" ", command) + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Keeps the cache folder small: deletes archives and leftovers not used for {@link #UNUSED_FOR}, and all
     * but the {@link #MAX_ARCHIVES} archives used last (a build that rebuilds a jar of the class path each
     * time makes a new archive each time).
     */
    void deleteUnused() {
        Instant before = Instant.now().minus(UNUSED_FOR);
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cacheDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!(name.endsWith(".jsa")
                        || name.endsWith(".tmp")
                        || name.endsWith(".classlist")
                        || name.endsWith(".refused"))) {
                    continue;
                }
                if (lastUse(file).isBefore(before)) {
                    deleteQuietly(file);
                } else if (name.endsWith(".jsa")) {
                    archives.add(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Old files stay; they are only disk space.
        }
        archives.sort(Comparator.comparing(ClassDataSharing::lastUse).reversed());
        archives.stream().skip(MAX_ARCHIVES).forEach(ClassDataSharing::deleteQuietly);
    }

    private static Instant lastUse(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyBounded(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    if (out.size() < 256 * 1024) {
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            // The dump ended.
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // Only the clean-up of unused archives reads it.
        }
    }

    static boolean isJar(String entry) {
        return entry.toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(Paths.get(entry));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A file in the user's cache folder; the next clean-up takes it.
        }
    }

    /** Writes a note next to the archives; without it, the next pool tries again. */
    private static void writeNote(Path file, String text) {
        try {
            ReportFiles.writeAtomically(file, text);
        } catch (IOException e) {
            // Without the note, the next pool tries again.
        }
    }
}
