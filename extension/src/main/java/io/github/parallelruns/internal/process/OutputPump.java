package io.github.parallelruns.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Copies one output stream of a worker JVM to the coordinator's own, live, each line prefixed with
 * the worker; keeps the last lines for error messages. Reads in bounded pieces, so a worker printing
 * 100 MB, or one line without end, neither blocks it nor fills the coordinator's memory.
 */
final class OutputPump implements Runnable {

    static final int TAIL_LINES = 20;
    static final int MAX_LINE = 8192;

    private final InputStream source;
    private final Supplier<PrintStream> target;
    private volatile String prefix;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread thread;

    OutputPump(InputStream source, Supplier<PrintStream> target, String prefix, String threadName) {
        this.source = source;
        this.target = target;
        this.prefix = prefix;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try (Reader reader = new InputStreamReader(source, Charset.defaultCharset())) {
            StringBuilder line = new StringBuilder();
            char[] buffer = new char[8192];
            int read;
            while ((read = reader.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    char c = buffer[i];
                    if (c == '\n' || line.length() >= MAX_LINE) {
                        emit(line);
                        if (c != '\n') {
                            line.append(c);
                        }
                    } else if (c != '\r') {
                        line.append(c);
                    }
                }
            }
            if (line.length() > 0) {
                emit(line);
            }
        } catch (IOException e) {
            // The worker is gone; what it wrote until then was forwarded.
        }
    }

    private void emit(StringBuilder line) {
        String text = line.toString();
        line.setLength(0);
        target.get().println(prefix + text);
        synchronized (tail) {
            tail.addLast(text);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    /** The prefix of the lines from now on: a pooled worker has another index in each run. */
    void prefix(String newPrefix) {
        this.prefix = newPrefix;
    }

    void clearTail() {
        synchronized (tail) {
            tail.clear();
        }
    }

    /** Waits (briefly) until the stream ended, so the tail is complete. */
    void awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }
}
