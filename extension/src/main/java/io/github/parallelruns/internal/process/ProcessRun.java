package io.github.parallelruns.internal.process;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.Mode;
import io.github.parallelruns.WorkerFailedError;
import io.github.parallelruns.internal.execution.RunOutcome;
import io.github.parallelruns.internal.execution.RunPlan;
import io.github.parallelruns.internal.execution.StuckWorker;
import io.github.parallelruns.internal.execution.TaskFailure;
import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.ThrowableCodec;
import io.github.parallelruns.internal.worker.WorkerMain;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;

/**
 * One parallel run on worker JVMs ({@link Mode#PROCESSES}).
 *
 * <p>The coordinator (the test's JVM) listens on a loopback port, starts the workers with a secret
 * token in their environment, and accepts only connections that present it. Each worker runs the
 * test through the JUnit Platform Launcher and reports when it reached the body; when all have, the
 * coordinator opens the start barrier. Workers then ask for tasks, and get ranges of task indexes
 * from one counter (guided self-scheduling: large ranges while many tasks remain, single tasks at
 * the end, so that a round trip per task does not dominate short bodies). Failures come back as
 * data. A worker that exits early is explained by its exit code and last output; at the timeout each
 * unfinished worker is asked for a thread dump, then it and its descendants are killed.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProcessRun {

    /** How long an ended run waits for a worker JVM to exit by itself before killing it. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    /** How long a timed-out worker gets to send its thread dump. */
    static final Duration DUMP_GRACE = Duration.ofSeconds(2);

    private final RunPlan plan;
    private final WorkerCommand command;
    private final String uniqueId;
    private final Worker[] workers;
    private final CountDownLatch finished;
    private final List<TaskFailure> failures = new ArrayList<>();
    private final List<TaskFailure> aborted = new ArrayList<>();
    private final List<Throwable> faults = new ArrayList<>();
    private int nextTask;
    private int tasksStarted;
    private int readyOrGone;
    private boolean released;
    private boolean stopped;
    private long releasedAt;
    private long lastEnd = Long.MIN_VALUE;

    private ProcessRun(RunPlan plan, WorkerCommand command, String uniqueId) {
        this.plan = plan;
        this.command = command;
        this.uniqueId = uniqueId;
        this.workers = new Worker[plan.workers()];
        this.finished = new CountDownLatch(plan.workers());
    }

    public static RunOutcome execute(RunPlan plan, WorkerCommand command, String uniqueId) {
        return new ProcessRun(plan, command, uniqueId).run();
    }

    private RunOutcome run() {
        long deadline = System.nanoTime() + plan.timeout().toNanos();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        Path argfile = command.writeArgfile();
        boolean timedOut = false;
        boolean interrupted = false;
        List<StuckWorker> stuck = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, plan.workers(), InetAddress.getLoopbackAddress())) {
            for (int index = 0; index < workers.length; index++) {
                workers[index] = Worker.start(index, command, argfile, server.getLocalPort(), token);
            }
            boolean connected = acceptAll(server, token, deadline);
            if (connected) {
                for (Worker worker : workers) {
                    worker.send(MessageType.RUN, out -> {
                        Channel.writeString(out, uniqueId);
                        out.writeInt(plan.workers());
                        out.writeInt(plan.tasks());
                        out.writeInt(worker.index);
                    });
                    worker.startReading(this);
                }
                try {
                    timedOut = !finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    timedOut = true;
                    interrupted = true;
                }
            } else {
                timedOut = faultCount() == 0;
            }
            if (timedOut) {
                synchronized (this) {
                    stopped = true;
                }
                stuck = stuckWorkers();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the loopback port for worker JVMs", e);
        } finally {
            for (Worker worker : workers) {
                if (worker != null) {
                    worker.shutDown();
                }
            }
            deleteQuietly(argfile);
        }
        synchronized (this) {
            long wall = released && lastEnd != Long.MIN_VALUE ? lastEnd - releasedAt
                    : released ? System.nanoTime() - releasedAt : 0;
            List<TaskFailure> sortedFailures = new ArrayList<>(failures);
            sortedFailures.sort(Comparator.comparingInt(TaskFailure::taskIndex));
            List<TaskFailure> sortedAborted = new ArrayList<>(aborted);
            sortedAborted.sort(Comparator.comparingInt(TaskFailure::taskIndex));
            return new RunOutcome(plan, Duration.ofNanos(Math.max(0, wall)), tasksStarted, sortedFailures,
                    sortedAborted, timedOut, interrupted, stuck, List.of(), List.of(), faults);
        }
    }

    private boolean acceptAll(ServerSocket server, String token, long deadline) throws IOException {
        server.setSoTimeout(100);
        int connected = 0;
        while (connected < workers.length) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Socket socket = server.accept();
                Integer index = handshake(socket, token);
                if (index == null || workers[index].channel != null) {
                    socket.close();
                    continue;
                }
                workers[index].channel = new Channel(socket);
                connected++;
            } catch (SocketTimeoutException e) {
                for (Worker worker : workers) {
                    if (worker.channel == null && !worker.process.isAlive()) {
                        addFault(worker.exitFault("before connecting to the coordinator"));
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The worker index, if the connection proves it is one of ours; {@code null} otherwise. */
    private Integer handshake(Socket socket, String token) {
        try {
            socket.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (in.readInt() != Channel.MAGIC || in.readShort() != Channel.VERSION) {
                return null;
            }
            String presented = Channel.readString(in);
            int index = in.readInt();
            boolean valid = MessageDigest.isEqual(presented.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.setSoTimeout(0);
            return valid && index >= 0 && index < workers.length ? index : null;
        } catch (IOException e) {
            return null;
        }
    }

    // --- called by the workers' reader threads ---------------------------------------------------

    synchronized void ready(Worker worker) {
        worker.ready = true;
        readyOrGone++;
        releaseWhenAllReady();
    }

    private void releaseWhenAllReady() {
        if (released || readyOrGone < workers.length) {
            return;
        }
        released = true;
        releasedAt = System.nanoTime();
        for (Worker worker : workers) {
            if (worker.ready && !worker.gone) {
                worker.sendQuietly(MessageType.GO);
            }
        }
    }

    synchronized void next(Worker worker) {
        int from = nextTask;
        int remaining = plan.tasks() - from;
        int size = stopped || remaining <= 0 ? 0 : Math.max(1, remaining / (4 * plan.workers()));
        nextTask += size;
        int to = from + size;
        worker.sendQuietly(MessageType.TASKS, out -> {
            out.writeInt(from);
            out.writeInt(to);
        });
    }

    synchronized void taskFailed(Worker worker, int task, boolean wasAborted, Throwable error) {
        (wasAborted ? aborted : failures).add(new TaskFailure(worker.index, task, error));
        stopped = true;
    }

    synchronized void done(Worker worker, int started) {
        tasksStarted += started;
        lastEnd = Math.max(lastEnd, System.nanoTime());
    }

    synchronized void result(Worker worker, byte status, boolean reachedBody, Throwable failure) {
        if (status != 0) {
            String where = reachedBody ? "outside its tasks (in @AfterEach or another extension, say)"
                    : "before reaching the body (in @BeforeEach, @BeforeAll or the constructor, say)";
            addFault(new WorkerFailedError(worker.index, "worker " + worker.index + " (pid " + worker.process.pid()
                    + "): the test failed in the worker JVM " + where + ": " + failure, failure));
        }
        if (!worker.ready) {
            readyOrGone++;
            stopped = true;
            releaseWhenAllReady();
        }
        worker.finish(finished);
    }

    void channelEnded(Worker worker) {
        synchronized (this) {
            if (worker.resultReceived || worker.shuttingDown) {
                return;
            }
        }
        // Outside the lock: waiting for the process to exit must not hold up the other workers.
        Throwable fault = worker.exitFault("before its test ended");
        synchronized (this) {
            worker.gone = true;
            addFault(fault);
            stopped = true;
            if (!worker.ready) {
                readyOrGone++;
                releaseWhenAllReady();
            }
            worker.finish(finished);
        }
    }

    private synchronized void addFault(Throwable fault) {
        faults.add(fault);
    }

    private synchronized int faultCount() {
        return faults.size();
    }

    private List<StuckWorker> stuckWorkers() {
        List<StuckWorker> stuck = new ArrayList<>();
        for (Worker worker : workers) {
            if (worker != null && !worker.resultReceived && worker.process.isAlive()) {
                stuck.add(new StuckWorker(worker.index, StuckWorker.IN_WORKER_JVM, "pid " + worker.process.pid(),
                        List.of(), worker.threadDump()));
            }
        }
        return stuck;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temporary file; the OS cleans up.
        }
    }

    /** One worker JVM: its process, output pumps and channel. */
    static final class Worker {
        final int index;
        final Process process;
        final OutputPump stdout;
        final OutputPump stderr;
        final WorkerCommand command;
        final CompletableFuture<String> dump = new CompletableFuture<>();
        volatile Channel channel;
        volatile boolean ready;
        volatile boolean gone;
        volatile boolean resultReceived;
        volatile boolean shuttingDown;
        private boolean counted;

        private Worker(int index, Process process, WorkerCommand command) {
            this.index = index;
            this.process = process;
            this.command = command;
            this.stdout = new OutputPump(process.getInputStream(), System.out, "[worker " + index + "] ",
                    "parallelruns-worker-" + index + "-stdout");
            this.stderr = new OutputPump(process.getErrorStream(), System.err, "[worker " + index + "] ",
                    "parallelruns-worker-" + index + "-stderr");
        }

        static Worker start(int index, WorkerCommand command, Path argfile, int port, String token) {
            ProcessBuilder builder = new ProcessBuilder(command.arguments(argfile, port, index));
            builder.environment().put(WorkerMain.TOKEN_VARIABLE, token);
            try {
                Worker worker = new Worker(index, builder.start(), command);
                worker.stdout.start();
                worker.stderr.start();
                return worker;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start worker JVM " + index + ": " + command.describe(), e);
            }
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

        void startReading(ProcessRun run) {
            Thread reader = new Thread(() -> read(run), "parallelruns-worker-" + index + "-channel");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(ProcessRun run) {
            try {
                while (true) {
                    Channel.Record record = channel.receive();
                    DataInputStream in = record.payload();
                    switch (record.type()) {
                        case READY:
                            run.ready(this);
                            break;
                        case NEXT:
                            run.next(this);
                            break;
                        case TASK_FAILED:
                            int task = in.readInt();
                            boolean wasAborted = in.readBoolean();
                            run.taskFailed(this, task, wasAborted, ThrowableCodec.read(in));
                            break;
                        case DONE:
                            run.done(this, in.readInt());
                            break;
                        case RESULT:
                            byte status = in.readByte();
                            boolean reachedBody = in.readBoolean();
                            Throwable failure = ThrowableCodec.read(in);
                            resultReceived = true;
                            run.result(this, status, reachedBody, failure);
                            break;
                        case DUMP_REPLY:
                            dump.complete(Channel.readString(in));
                            break;
                        default:
                            throw new IOException("unexpected record " + record.type());
                    }
                }
            } catch (IOException e) {
                run.channelEnded(this);
            }
        }

        void finish(CountDownLatch finished) {
            if (!counted) {
                counted = true;
                finished.countDown();
            }
        }

        String threadDump() {
            if (channel == null) {
                return "(the worker never connected, so it could not be asked for a thread dump)";
            }
            sendQuietly(MessageType.DUMP);
            try {
                return dump.get(DUMP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return "(the worker sent no thread dump within " + DUMP_GRACE.toSeconds() + " s)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "(interrupted while waiting for the thread dump)";
            }
        }

        /** Why the worker's process ended, once it has (waiting up to {@link #EXIT_GRACE}). */
        Throwable exitFault(String when) {
            boolean exited;
            try {
                exited = process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exited = false;
            }
            stdout.awaitEnd(1_000);
            stderr.awaitEnd(1_000);
            String what = exited
                    ? WorkerExit.explain(process.exitValue())
                    : "closed its channel to the coordinator but is still running (it will be killed)";
            String nl = System.lineSeparator();
            StringBuilder message = new StringBuilder("worker ").append(index).append(" (pid ")
                    .append(process.pid()).append(") ").append(what).append(", ").append(when).append('.');
            appendTail(message, "stderr", stderr.tail());
            appendTail(message, "stdout", stdout.tail());
            message.append(nl).append("Command: ").append(command.describe());
            return new WorkerFailedError(index, message.toString(), null);
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

        /** Asks the worker to exit, then makes sure it and everything it started are gone. */
        void shutDown() {
            shuttingDown = true;
            if (channel != null && process.isAlive()) {
                sendQuietly(MessageType.EXIT);
            }
            try {
                if (!process.waitFor(resultReceived ? EXIT_GRACE.toMillis() : 0, TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // Closing a socket of a process that is gone.
            }
            stdout.awaitEnd(1_000);
            stderr.awaitEnd(1_000);
        }

        private void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
