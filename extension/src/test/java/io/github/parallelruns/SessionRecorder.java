package io.github.parallelruns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * A Launcher session listener registered for this module's tests: when the system property
 * {@value #FILE} names a file, it appends a line there for every session opened and closed, with the
 * process id; otherwise it does nothing.
 */
public final class SessionRecorder implements LauncherSessionListener {

    static final String FILE = "parallelrunstest.sessionsFile";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        record("opened");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        record("closed");
    }

    private static void record(String what) {
        String file = System.getProperty(FILE);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(
                    Paths.get(file),
                    what + " " + ProcessHandle.current().pid() + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
