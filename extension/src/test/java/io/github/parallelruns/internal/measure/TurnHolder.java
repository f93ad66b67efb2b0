package io.github.parallelruns.internal.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Another JVM for {@link MachineTurnsTests}: takes a measurement's turn ({@code measure}) or runs an
 * ordinary test ({@code test}) on the lock file, writes {@code holding} into its folder, and lets go
 * when a file {@code release} appears there.
 */
public final class TurnHolder {

    private TurnHolder() {}

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
