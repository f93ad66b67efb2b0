package io.github.parallelruns.internal.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.ConfigurationParameters;
import io.github.parallelruns.internal.config.Configuration;
import io.github.parallelruns.internal.measure.MachineTurns;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * One speedup measurement's turn on the machine, as {@link Configuration.Turns} asks: taken before
 * calibration, closed after the last pair. When turn-taking is off or its lock file cannot be used,
 * the measurement goes ahead alone, and the note says why.
 */
@API(status = INTERNAL, since = "0.1")
public final class MeasurementTurn implements AutoCloseable {

    /** Lock files that could not be opened, each warned about once per JVM. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private static final String STILL_RUNNING = "tests in other JVMs were still running";

    private final MachineTurns.Turn turn;
    private final String refused;
    private final String note;
    private final Duration waitedForTurn;
    private boolean waitsClaimed;

    private MeasurementTurn(MachineTurns.Turn turn, String refused, String note, Duration waitedForTurn) {
        this.turn = turn;
        this.refused = refused;
        this.note = note;
        this.waitedForTurn = waitedForTurn;
    }

    public static MeasurementTurn take(Configuration.Turns turns) throws InterruptedException {
        if (turns.file().isEmpty()) {
            return new MeasurementTurn(
                    null,
                    null,
                    "measured without turn-taking (" + ConfigurationParameters.TURNS_FILE + " = none)",
                    Duration.ZERO);
        }
        Path file = turns.file().get();
        MachineTurns machine;
        try {
            machine = MachineTurns.forFile(file);
        } catch (IOException | RuntimeException e) {
            String why = "measured without turn-taking: the lock file " + file + " ("
                    + ConfigurationParameters.TURNS_FILE + ") cannot be opened: " + e;
            if (WARNED.add(file)) {
                System.err.println("WARNING: [parallel-runs] " + why);
            }
            return new MeasurementTurn(null, null, why, Duration.ZERO);
        }
        long begin = System.nanoTime();
        Optional<MachineTurns.Turn> turn =
                machine.takeTurn(turns.maxWait(), turns.tests() ? turns.testWait() : Duration.ZERO);
        if (turn.isEmpty()) {
            Duration waited = Duration.ofNanos(System.nanoTime() - begin);
            return new MeasurementTurn(
                    null,
                    "not measured: waited " + seconds(waited)
                            + " for measurements in other JVMs to end (lock file " + file + "), the most "
                            + ConfigurationParameters.TURNS_WAIT + " allows (" + configured(turns.maxWait())
                            + ")",
                    null,
                    waited);
        }
        MachineTurns.Turn taken = turn.get();
        if (taken.unavailable().isPresent()) {
            return new MeasurementTurn(
                    taken,
                    null,
                    "measured without turn-taking: " + taken.unavailable().get(),
                    taken.waitedForTurn());
        }
        String note = turns.tests() && taken.testsStillRunning()
                ? STILL_RUNNING + " after " + seconds(taken.waitedForTests())
                        + " (" + ConfigurationParameters.TURNS_TEST_WAIT + " = "
                        + configured(turns.testWait()) + "); measured beside them"
                : null;
        MeasurementTurn measurementTurn = new MeasurementTurn(taken, null, note, taken.waitedForTurn());
        if (measurementTurn.noteIsWarning()) {
            System.err.println("[parallel-runs] " + note);
        }
        return measurementTurn;
    }

    /**
     * Whether the note is worth a line on standard error: tests were still running elsewhere. (Turn-taking
     * turned off is the user's choice; an unusable lock file was warned about once already.)
     */
    boolean noteIsWarning() {
        return note != null && note.startsWith(STILL_RUNNING);
    }

    /** Why the measurement must not take place (the wait for the turn ran out), if so. */
    public Optional<String> refused() {
        return Optional.ofNullable(refused);
    }

    /** What a reader of the report should know about the turn, if anything. */
    Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /**
     * The waits for this turn, once: a sweep's points share one turn, and only the first result reports
     * its waits, so that they are not added up once per point.
     */
    synchronized Duration[] claimWaits() {
        if (waitsClaimed) {
            return new Duration[] {Duration.ZERO, Duration.ZERO};
        }
        waitsClaimed = true;
        return new Duration[] {waitedForTurn, turn == null ? Duration.ZERO : turn.waitedForTests()};
    }

    /** {@code 1.25 s}. */
    /** A wait as the messages show it: {@code 1.25 s}. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
    }

    /** A configured duration as it would be written: {@code 10m}, {@code 30s}, {@code 500ms}. */
    private static String configured(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
            return duration.toMinutes() + "m";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }

    @Override
    public void close() {
        if (turn != null) {
            turn.close();
        }
    }
}
