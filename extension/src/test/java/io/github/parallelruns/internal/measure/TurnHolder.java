package io.github.parallelruns.internal.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * Another JVM for {@link MachineTurnsTests}: takes a measurement's turn ({@code measure}) or runs an
 * ordinary test ({@code test}) on the lock file, writes {@code holding} into its folder, and lets go
 * when a file {@code release} appears there.
 */
public final class TurnHolder {

    private TurnHolder() {}

    /**
     * Starts a {@code TurnHolder} in a JVM of its own ({@code role} {@code measure} or {@code test}), with this
     * JVM's class path; its output goes to {@code holder.log} in {@code folder}.
     */
    public static Process startInAnotherJvm(Path file, Path folder, String role) throws IOException {
        List<String> command = List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TurnHolder.class.getName(),
                file.toString(),
                folder.toString(),
                role);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("holder.log").toFile())
                .start();
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path folder = Path.of(args[1]);
        MachineTurns turns = MachineTurns.forFile(file);
        AutoCloseable held;
        if (args[2].equals("measure")) {
            MachineTurns.Turn turn = turns.takeTurn(Duration.ofSeconds(60), Duration.ofSeconds(60))
                    .orElseThrow();
            held = turn;
        } else {
            turns.testStarted(Duration.ofSeconds(60));
            held = turns::testFinished;
        }
        Files.writeString(folder.resolve("holding"), "yes");
        while (!Files.exists(folder.resolve("release"))) {
            Thread.sleep(5);
        }
        held.close();
        Files.writeString(folder.resolve("released"), "yes");
        // Stays alive for a moment, so that only the explicit release can have freed the lock.
        Thread.sleep(2000);
    }
}
