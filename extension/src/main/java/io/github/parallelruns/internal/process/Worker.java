package io.github.parallelruns.internal.process;

import io.github.parallelruns.WorkerFailedError;
import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.MalformedRecordException;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.ThrowableCodec;
import io.github.parallelruns.internal.worker.WorkerMain;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One worker JVM: its process, output pumps and channel, which live as long as the worker; and the
 * run it serves now, with its index in that run, which change when a pooled worker is reused.
 */
final class Worker {

    /** How long a worker gets to exit by itself before it is killed. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    /** How long a timed-out worker gets to send its thread dump. */
    static final Duration DUMP_GRACE = Duration.ofSeconds(2);

    final int launch;
    final Process process;
    final WorkerCommand command;
    final CompletableFuture<Channel> connection;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private volatile Channel channel;
    private volatile ProcessRun run;
    volatile int index;
    volatile boolean ready;
    volatile boolean resultReceived;
    volatile boolean gone;
    /** Tasks handed to this worker in its run, and whether it said how many it started. */
    int handedOut;
    boolean reportedDone;
    private volatile CompletableFuture<String> dump = new CompletableFuture<>();
    private volatile boolean shuttingDown;
    private volatile boolean damaged;
    private boolean counted;

    private Worker(int launch, Process process, WorkerCommand command, CompletableFuture<Channel> connection) {
        this.launch = launch;
        this.process = process;
        this.command = command;
        this.connection = connection;
        // System.out and System.err as they are when each line arrives: a reused worker serves later tests.
        this.stdout = new OutputPump(process.getInputStream(), () -> System.out, "[worker] ",
                "parallelruns-worker-" + launch + "-stdout");
        this.stderr = new OutputPump(process.getErrorStream(), () -> System.err, "[worker] ",
                "parallelruns-worker-" + launch + "-stderr");
    }

    static Worker start(int launch, WorkerCommand command, Path argfile, int port, String token,
            CompletableFuture<Channel> connection) {
        ProcessBuilder builder = new ProcessBuilder(command.arguments(argfile, port, launch));
        builder.environment().put(WorkerMain.TOKEN_VARIABLE, token);
        try {
            Worker worker = new Worker(launch, builder.start(), command, connection);
            worker.stdout.start();
            worker.stderr.start();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a worker JVM: " + command.describe(), e);
        }
    }

    /**
     * Serve {@code newRun} as its worker {@code newIndex}, unless the worker is already gone; from now on
     * its end is reported to that run.
     */
    synchronized boolean assignIfUsable(ProcessRun newRun, int newIndex) {
        if (gone) {
            return false;
        }
        run = newRun;
        index = newIndex;
        ready = false;
        resultReceived = false;
        counted = false;
        handedOut = 0;
        reportedDone = false;
        dump = new CompletableFuture<>();
        stdout.prefix("[worker " + newIndex + "] ");
        stderr.prefix("[worker " + newIndex + "] ");
        stdout.clearTail();
        stderr.clearTail();
        return true;
    }

    /** Back to idle, unless the worker is gone or was damaged (it then must not serve another test). */
    synchronized boolean idleIfUsable() {
        if (gone || damaged) {
            return false;
        }
        run = null;
        return true;
    }

    /** A task hit an error that may leave the JVM in a bad state (out of memory, stack overflow). */
    void markDamaged() {
        damaged = true;
    }

    boolean connected() {
        return channel != null;
    }

    /** Takes the channel once the worker connected, and starts reading from it. */
    synchronized void attach(Channel newChannel) {
        if (channel != null) {
            return;
        }
        channel = newChannel;
        Thread reader = new Thread(this::read, "parallelruns-worker-" + launch + "-channel");
        reader.setDaemon(true);
        reader.start();
    }

    void send(MessageType type, Channel.PayloadWriter payload) throws IOException {
        channel.send(type, payload);
    }

    void sendQuietly(MessageType type) {
        sendQuietly(type, out -> { });
    }

    void sendQuietly(MessageType type, Channel.PayloadWriter payload) {
        try {
            channel.send(type, payload);
        } catch (IOException e) {
            // The reader thread sees the broken channel and reports the worker.
        }
    }

    private void read() {
        try {
            while (true) {
                Channel.Record record = channel.receive();
                try {
                    handle(record);
                } catch (EOFException e) {
                    throw new MalformedRecordException("malformed " + record.type() + " record: it ends before its "
                            + "last field");
                } catch (MalformedRecordException e) {
                    throw new MalformedRecordException("malformed " + record.type() + " record: " + e.getMessage());
                }
            }
        } catch (Throwable e) {
            ProcessRun current;
            synchronized (this) {
                gone = true;
                current = run;
            }
            // Read before kill(), which sets it: only an end the coordinator asked for goes unreported.
            boolean asked = shuttingDown;
            boolean endOfStream = e instanceof EOFException;
            if (!endOfStream && !asked) {
                // A corrupt or oversized record: the worker cannot be trusted or reached any more.
                kill();
            }
            if (current != null && !asked) {
                current.channelEnded(this, endOfStream ? null : e);
            }
        }
    }

    private void handle(Channel.Record record) throws IOException {
        DataInputStream in = record.payload();
        ProcessRun current = run;
        if (record.type() == MessageType.DUMP_REPLY) {
            dump.complete(Channel.readString(in));
            return;
        }
        if (current == null) {
            throw new IOException("record " + record.type() + " from an idle worker");
        }
        switch (record.type()) {
            case READY:
                current.ready(this);
                break;
            case NEXT:
                current.next(this);
                break;
            case TASK_FAILED:
                int task = in.readInt();
                boolean wasAborted = in.readBoolean();
                current.taskFailed(this, task, wasAborted, ThrowableCodec.read(in));
                break;
            case DONE:
                int started = in.readInt();
                long[] threadTimes = in.readBoolean()
                        ? new long[] {in.readLong(), in.readLong(), in.readLong(), in.readLong()} : null;
                current.done(this, started, threadTimes);
                break;
            case RESULT:
                byte status = in.readByte();
                boolean reachedBody = in.readBoolean();
                Throwable failure = ThrowableCodec.read(in);
                resultReceived = true;
                current.result(this, status, reachedBody, failure);
                break;
            default:
                throw new IOException("unexpected record " + record.type());
        }
    }

    /** Counts this worker as finished in its run, once. */
    synchronized void finish(java.util.concurrent.CountDownLatch finished) {
        if (!counted) {
            counted = true;
            finished.countDown();
        }
    }

    /** Asks for a thread dump; {@link #awaitThreadDump} collects it. */
    void requestThreadDump() {
        if (channel != null) {
            sendQuietly(MessageType.DUMP);
        }
    }

    /** The thread dump asked for, waiting until {@code deadline} at most. */
    String awaitThreadDump(long deadline) {
        if (channel == null) {
            return "(the worker was still starting: it had not connected, so it could not be asked for a thread dump)";
        }
        try {
            return dump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return "(the worker sent no thread dump within " + DUMP_GRACE.toSeconds() + " s)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while waiting for the thread dump)";
        }
    }

    /** Why the worker's process ended, once it has (waiting up to {@link #EXIT_GRACE}). */
    WorkerFailedError exitFault(String when) {
        return exitFault(when, null);
    }

    /** As {@link #exitFault(String)}, naming the channel error that ended the worker, if any. */
    WorkerFailedError exitFault(String when, Throwable channelError) {
        boolean exited;
        try {
            exited = process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        stdout.awaitEnd(1_000);
        stderr.awaitEnd(1_000);
        String what = channelError != null
                ? "sent what the coordinator could not read (" + (channelError instanceof MalformedRecordException
                        ? channelError.getMessage() : channelError) + ") and was killed"
                : exited
                        ? WorkerExit.explain(process.exitValue())
                        : "closed its channel to the coordinator but is still running (it will be killed)";
        String nl = System.lineSeparator();
        StringBuilder message = new StringBuilder("worker ").append(index).append(" (pid ")
                .append(process.pid()).append(") ").append(what).append(", ").append(when).append('.');
        appendTail(message, "stderr", stderr.tail());
        appendTail(message, "stdout", stdout.tail());
        message.append(nl).append("Command: ").append(command.describe());
        return new WorkerFailedError(index, message.toString(), channelError);
    }

    private static void appendTail(StringBuilder message, String stream, List<String> lines) {
        String nl = System.lineSeparator();
        if (lines.isEmpty()) {
            message.append(nl).append("Its ").append(stream).append(" was empty.");
            return;
        }
        message.append(nl).append("Last lines of its ").append(stream).append(':');
        lines.forEach(line -> message.append(nl).append("  ").append(line));
    }

    /** Asks the worker to exit, without waiting. */
    void requestExit() {
        shuttingDown = true;
        if (channel != null && process.isAlive()) {
            sendQuietly(MessageType.EXIT);
        }
    }

    /** Asks the worker to exit, then makes sure it and everything it started are gone. */
    void shutDown() {
        requestExit();
        try {
            if (!process.waitFor(channel != null ? EXIT_GRACE.toMillis() : 0, TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        closeChannel();
        stdout.awaitEnd(1_000);
        stderr.awaitEnd(1_000);
    }

    /** Kills the worker and its descendants, and waits until they are gone. */
    void kill() {
        shuttingDown = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
    }

    private void closeChannel() {
        try {
            Channel current = channel;
            if (current != null) {
                current.close();
            }
        } catch (IOException e) {
            // Closing the socket of a process that is gone.
        }
    }
}
