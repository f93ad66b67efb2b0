package io.github.parallelruns.internal.process;

import io.github.parallelruns.WorkerFailedError;
import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.DoneMessage;
import io.github.parallelruns.internal.protocol.MalformedRecordException;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.ResultMessage;
import io.github.parallelruns.internal.protocol.TaskFailedMessage;
import io.github.parallelruns.internal.worker.WorkerMain;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM: its process, output pumps and channel, its launch id and command, and its health
 * (gone, damaged, being shut down), which live as long as the JVM. The run it serves keeps the rest in
 * the worker's {@link Assignment}, which a reused worker gets anew for each run.
 *
 * <p>Threads. The test thread of the run it serves connects it ({@link #attach}), sends to it, asks for
 * thread dumps and explains its exit; its reader thread alone receives, and routes each record to the
 * current assignment's run; the pool assigns it and takes it back on test threads; reaper threads and the
 * pool's shutdown hook end it. What they share: the fields set at start are final; {@code channel} is
 * volatile and written once, under this worker's lock; {@code assignment} and {@code gone} are volatile and
 * written only under this worker's lock, so that a worker is assigned only while it is not gone and its end
 * is reported to exactly the run it served; {@code damaged} and {@code shuttingDown} are volatile flags.
 * Sending is safe from any thread ({@link Channel} synchronizes its writes).
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
    /** The run the worker serves, null while idle; written under this worker's lock. */
    private volatile Assignment assignment;
    /** The channel ended: the worker can serve no run any more; written under this worker's lock. */
    volatile boolean gone;

    private volatile boolean shuttingDown;
    private volatile boolean damaged;
    /** Runs this worker took part in, ended; written by the test thread of each run. */
    private volatile int runsServed;

    private Worker(int launch, Process process, WorkerCommand command, CompletableFuture<Channel> connection) {
        this.launch = launch;
        this.process = process;
        this.command = command;
        this.connection = connection;
        // System.out and System.err as they are when each line arrives: a reused worker serves later tests.
        this.stdout = new OutputPump(
                process.getInputStream(), () -> System.out, "[worker] ", "parallelruns-worker-" + launch + "-stdout");
        this.stderr = new OutputPump(
                process.getErrorStream(), () -> System.err, "[worker] ", "parallelruns-worker-" + launch + "-stderr");
    }

    /**
     * Starts a worker JVM for {@code command}, with {@code effective} (the same command, its class path
     * perhaps reordered for class-data sharing) written in {@code argfile}, and {@code launchOptions} before it.
     */
    static Worker start(
            int launch,
            WorkerCommand command,
            WorkerCommand effective,
            List<String> launchOptions,
            Path argfile,
            int port,
            String token,
            CompletableFuture<Channel> connection) {
        ProcessBuilder builder = new ProcessBuilder(effective.arguments(launchOptions, argfile, port, launch));
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
     * Serve {@code next}, unless the worker is already gone; from now on its records and its end are
     * reported to that assignment's run.
     */
    synchronized boolean assignIfUsable(Assignment next) {
        if (gone) {
            return false;
        }
        assignment = next;
        stdout.prefix("[worker " + next.index + "] ");
        stderr.prefix("[worker " + next.index + "] ");
        stdout.clearTail();
        stderr.clearTail();
        return true;
    }

    /** Back to idle, unless the worker is gone or was damaged (it then must not serve another test). */
    synchronized boolean idleIfUsable() {
        if (gone || damaged) {
            return false;
        }
        assignment = null;
        return true;
    }

    /** One more run this worker took part in has ended. */
    void runEnded() {
        runsServed++;
    }

    int runsServed() {
        return runsServed;
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
        sendQuietly(type, out -> {});
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
                    throw new MalformedRecordException(
                            "malformed " + record.type() + " record: it ends before its " + "last field");
                } catch (MalformedRecordException e) {
                    throw new MalformedRecordException("malformed " + record.type() + " record: " + e.getMessage());
                }
            }
        } catch (Throwable e) {
            Assignment current;
            synchronized (this) {
                gone = true;
                current = assignment;
            }
            // Read before kill(), which sets it: only an end the coordinator asked for goes unreported.
            boolean asked = shuttingDown;
            boolean endOfStream = e instanceof EOFException;
            if (!endOfStream && !asked) {
                // A corrupt or oversized record: the worker cannot be trusted or reached any more.
                kill();
            }
            if (current != null && !asked) {
                current.run.channelEnded(current, endOfStream ? null : e);
            }
        }
    }

    private void handle(Channel.Record record) throws IOException {
        DataInputStream in = record.payload();
        Assignment current = assignment;
        if (record.type() == MessageType.DUMP_REPLY) {
            String dump = Channel.readString(in);
            if (current != null) {
                current.threadDumpReceived(dump);
            }
            return;
        }
        if (current == null) {
            throw new IOException("record " + record.type() + " from an idle worker");
        }
        ProcessRun run = current.run;
        switch (record.type()) {
            case READY:
                run.ready(current);
                break;
            case NEXT:
                run.next(current);
                break;
            case TASK_FAILED:
                TaskFailedMessage failed = TaskFailedMessage.read(in);
                run.taskFailed(current, failed.task(), failed.aborted(), failed.failure());
                break;
            case DONE:
                DoneMessage done = DoneMessage.read(in);
                int started = done.tasksStarted();
                long[] threadTimes = done.threadTimes();
                run.done(current, started, threadTimes);
                break;
            case RESULT:
                ResultMessage result = ResultMessage.read(in);
                run.result(current, result.status(), result.reachedBody(), result.failure());
                break;
            default:
                throw new IOException("unexpected record " + record.type());
        }
    }

    /** Asks for a thread dump; {@link Assignment#awaitThreadDump} collects it. */
    void requestThreadDump() {
        if (channel != null) {
            sendQuietly(MessageType.DUMP);
        }
    }

    /**
     * Why the worker's process ended, once it has (waiting up to {@link #EXIT_GRACE}), naming the channel
     * error that ended the worker, if any, and the worker by its {@code index} in the run it served.
     */
    WorkerFailedError exitFault(int index, String when, Throwable channelError) {
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
                ? "sent what the coordinator could not read ("
                        + (channelError instanceof MalformedRecordException ? channelError.getMessage() : channelError)
                        + ") and was killed"
                : exited
                        ? WorkerExit.explain(process.exitValue())
                        : "closed its channel to the coordinator but is still running (it will be killed)";
        String nl = System.lineSeparator();
        StringBuilder message = new StringBuilder("worker ")
                .append(index)
                .append(" (pid ")
                .append(process.pid())
                .append(") ")
                .append(what)
                .append(", ")
                .append(when)
                .append('.');
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
        // After EXIT: the worker's standard-input watcher leaves its blocking read, which would otherwise
        // hold the worker's exit up by 300 ms (HotSpot waits for threads in native code at exit).
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The worker is gone already.
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
