package io.github.parallelruns.internal.process;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.Handshake;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.PrepareMessage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * The worker JVMs of one test run (one JUnit engine execution), and the loopback port they connect
 * back to.
 *
 * <p>With reuse on, a worker whose test ended cleanly waits for the next {@code PROCESSES} test that
 * needs a worker with the same command (same {@code java}, options and class path), so that a test
 * does not pay the JVM's start-up again. Idle workers with another command are shut down when a
 * test needs new ones. Workers that timed out, failed or exited are never reused. {@link #close()}
 * (at the end of the test run) shuts every worker down; a JVM shutdown hook kills whatever is left if
 * the test run itself ends abruptly.
 *
 * <p>Threads: test threads acquire and release workers, the acceptor and one thread per handshake connect
 * them, and the shutdown hook kills what is left. {@code idle} is guarded by the pool's lock (its monitor);
 * the other collections are concurrent; {@code closed} is volatile; the rest is final. A run holds its own
 * lock while it acquires, so the pool's lock comes after a run's and before a worker's.
 */
@API(status = INTERNAL, since = "0.1")
public final class WorkerPool implements AutoCloseable {

    /** How long a connection has, in all, to prove it is one of our workers. */
    static final long HANDSHAKE_DEADLINE_MS = 5_000;
    /** Handshakes under way at once, at most: each has a thread. */
    static final int MAX_PENDING_HANDSHAKES = 16;

    private final boolean reuse;
    private final ServerSocket server;
    private final String token;
    private final Map<Integer, CompletableFuture<Channel>> connecting = new ConcurrentHashMap<>();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final Deque<Socket> pendingHandshakes = new ConcurrentLinkedDeque<>();
    private final List<Worker> idle = new ArrayList<>();
    /** Concurrent: written under the pool's lock, read by {@link #close} and by the shutdown hook without it. */
    private final Map<WorkerCommand, Path> argfiles = new ConcurrentHashMap<>();

    private final AtomicInteger launches = new AtomicInteger();
    private final Thread shutdownHook;
    private final ThreadFactory handshakeThreads;
    private final ClassDataSharing classDataSharing;
    private final BuildWork buildWork;
    private volatile boolean closed;

    /** A pool without class-data sharing. */
    public WorkerPool(boolean reuse) {
        this(reuse, new ClassDataSharing(false, Path.of(".")), BuildWork.NONE, WorkerPool::handshakeThread);
    }

    /**
     * A pool whose workers start from a class-data archive in {@code cacheDir} when {@code classDataSharing}
     * is on and the class path allows it (see {@link ClassDataSharing}); the archive is written, when the
     * pool closes, as {@code buildWork} allows.
     */
    public WorkerPool(boolean reuse, boolean classDataSharing, Path cacheDir, BuildWork buildWork) {
        this(reuse, new ClassDataSharing(classDataSharing, cacheDir), buildWork, WorkerPool::handshakeThread);
    }

    /** With the threads for handshakes made by {@code handshakeThreads}, for tests of what happens when none can be. */
    WorkerPool(boolean reuse, ThreadFactory handshakeThreads) {
        this(reuse, new ClassDataSharing(false, Path.of(".")), BuildWork.NONE, handshakeThreads);
    }

    private WorkerPool(
            boolean reuse, ClassDataSharing classDataSharing, BuildWork buildWork, ThreadFactory handshakeThreads) {
        this.reuse = reuse;
        this.classDataSharing = classDataSharing;
        this.buildWork = Objects.requireNonNull(buildWork, "buildWork");
        this.handshakeThreads = handshakeThreads;
        WorkerCommand.deleteStaleArgfiles(Path.of(System.getProperty("java.io.tmpdir")));
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        try {
            this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a loopback port for worker JVMs", e);
        }
        Thread acceptor = new Thread(this::acceptConnections, "parallelruns-worker-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        this.shutdownHook = new Thread(this::killAll, "parallelruns-worker-pool-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The loopback port workers connect back to. */
    int port() {
        return server.getLocalPort();
    }

    /** The address the pool listens on. */
    InetAddress address() {
        return server.getInetAddress();
    }

    public boolean reuses() {
        return reuse;
    }

    /**
     * {@code count} workers for {@code command}, each assigned to {@code run} with its index: idle ones
     * first, new ones started for the rest. New workers are still starting; {@link Worker#connection}
     * completes when one has connected.
     */
    synchronized List<Assignment> acquire(WorkerCommand command, int count, ProcessRun run) {
        List<Assignment> acquired = new ArrayList<>();
        for (Iterator<Worker> it = idle.iterator(); it.hasNext(); ) {
            Worker worker = it.next();
            if (!worker.process.isAlive() || worker.gone) {
                it.remove();
                retire(worker);
            } else if (acquired.size() < count && worker.command.equals(command)) {
                it.remove();
                // Claimed and assigned in one step: a worker that dies from now on is reported to this run.
                Assignment assignment = new Assignment(run, worker, acquired.size());
                if (worker.assignIfUsable(assignment)) {
                    acquired.add(assignment);
                } else {
                    retire(worker);
                }
            }
        }
        // Recycle workers started with other options or another class path: they cannot serve this test.
        // Idle workers with this command that it does not need stay for a later test.
        for (Iterator<Worker> it = idle.iterator(); it.hasNext(); ) {
            Worker worker = it.next();
            if (!worker.command.equals(command)) {
                it.remove();
                retire(worker);
            }
        }
        while (acquired.size() < count) {
            Worker worker = launch(command);
            Assignment assignment = new Assignment(run, worker, acquired.size());
            worker.assignIfUsable(assignment);
            acquired.add(assignment);
        }
        return acquired;
    }

    /**
     * Starts up to {@code count} workers for {@code command} that wait, idle, for the tests that will need
     * them (fewer when idle ones with that command are there already); nothing once the pool is closed. With
     * {@code prepareFor}, each discovers that test as soon as it is connected, so that it is ready sooner.
     *
     * @return completes when every worker started here has connected or exited
     */
    public synchronized CompletableFuture<Void> prestart(
            WorkerCommand command, int count, Optional<String> prepareFor) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        long ready = idle.stream()
                .filter(worker -> worker.command.equals(command) && worker.process.isAlive() && !worker.gone)
                .count();
        List<CompletableFuture<?>> started = new ArrayList<>();
        for (long i = ready; i < count; i++) {
            Worker worker = launch(command);
            worker.idleIfUsable();
            idle.add(worker);
            // A worker that exits before it connects (bad options, or the pool closed first) ends its wait too.
            started.add(CompletableFuture.anyOf(worker.connection, worker.process.onExit()));
            // Once connected, the idle worker gets ready for the test (discovers it) while it waits.
            prepareFor.ifPresent(uniqueId -> worker.connection.thenAccept(channel -> {
                worker.attach(channel);
                worker.sendQuietly(MessageType.PREPARE, new PrepareMessage(uniqueId)::write);
            }));
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture<?>[]::new));
    }

    /** What class-data sharing does for the workers of {@code command} (see {@link ClassDataSharing#describe}). */
    public String describeClassDataSharing(WorkerCommand command) {
        return classDataSharing.describe(command);
    }

    /** Starts one worker JVM for {@code command}; it connects back in the background. Under the pool's lock. */
    private Worker launch(WorkerCommand command) {
        WorkerCommand effective = classDataSharing.effectiveCommand(command);
        Path argfile = argfiles.computeIfAbsent(effective, WorkerCommand::writeArgfile);
        List<String> launchOptions = classDataSharing.launchOptions(command);
        int launch = launches.incrementAndGet();
        CompletableFuture<Channel> connection = new CompletableFuture<>();
        connecting.put(launch, connection);
        Worker worker = Worker.start(
                launch, command, effective, launchOptions, argfile, server.getLocalPort(), token, connection);
        live.add(worker);
        classDataSharing.started(command, launchOptions, worker);
        return worker;
    }

    /** Takes a worker back after a run: kept for the next test if it ended cleanly, else shut down. */
    void release(Worker worker, boolean healthy) {
        worker.runEnded();
        synchronized (this) {
            if (reuse && healthy && !closed && worker.process.isAlive() && worker.idleIfUsable()) {
                idle.add(worker);
                return;
            }
        }
        retire(worker);
    }

    /** Shuts a worker down in the background: a slow exit must not hold up the test that needs a worker. */
    private void retire(Worker worker) {
        live.remove(worker);
        Thread reaper = new Thread(worker::shutDown, "parallelruns-worker-" + worker.launch + "-shutdown");
        reaper.setDaemon(true);
        reaper.start();
    }

    @Override
    public void close() {
        List<Worker> all;
        synchronized (this) {
            closed = true;
            idle.clear();
            all = new ArrayList<>(live);
        }
        // All at once, and wait for them: at the end of the run no worker may be left behind.
        all.forEach(Worker::requestExit);
        all.forEach(Worker::shutDown);
        live.clear();
        try {
            server.close();
        } catch (IOException e) {
            // Closing a listening socket.
        }
        pendingHandshakes.forEach(WorkerPool::closeQuietly);
        argfiles.values().forEach(WorkerPool::deleteQuietly);
        // Every worker has exited: a class list written by one of them is complete.
        classDataSharing.finish(buildWork);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs anyway.
        }
    }

    private void killAll() {
        live.forEach(Worker::kill);
        argfiles.values().forEach(WorkerPool::deleteQuietly);
    }

    private void acceptConnections() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                startHandshake(socket);
            } catch (Throwable e) {
                // The server closed, one bad connection, or no thread or file handle to spare at the moment:
                // go on while the pool is open, after a pause so that a lasting failure does not spin.
                if (!server.isClosed()) {
                    pause();
                }
            }
        }
    }

    /**
     * Each handshake on a thread of its own, so that a client that sends nothing, or slowly, does not keep
     * the real workers from connecting. At most {@link #MAX_PENDING_HANDSHAKES} at once: a newcomer over
     * the cap hangs up on the oldest pending one (a real worker's handshake takes microseconds, so only
     * connections that stall are old), and each has {@link #HANDSHAKE_DEADLINE_MS} in all.
     */
    private void startHandshake(Socket socket) throws IOException {
        pendingHandshakes.addLast(socket);
        while (pendingHandshakes.size() > MAX_PENDING_HANDSHAKES) {
            Socket oldest = pendingHandshakes.pollFirst();
            if (oldest != null) {
                closeQuietly(oldest);
            }
        }
        try {
            handshakeThreads.newThread(() -> connect(socket)).start();
        } catch (Throwable noThread) {
            pendingHandshakes.remove(socket);
            socket.close();
            throw noThread;
        }
    }

    private void connect(Socket socket) {
        try {
            Integer launch = handshake(socket);
            CompletableFuture<Channel> connection = launch == null ? null : connecting.remove(launch);
            // Evicted as the oldest pending handshake in the meantime: already closed.
            boolean stillPending = pendingHandshakes.remove(socket);
            if (connection == null || !stillPending) {
                socket.close();
            } else {
                connection.complete(new Channel(socket));
            }
        } catch (IOException | RuntimeException e) {
            // A bad connection: already closed, or closing it failed; the real workers are unaffected.
            pendingHandshakes.remove(socket);
            closeQuietly(socket);
        }
    }

    /**
     * The launch id, if the connection proves it is one of ours; {@code null} otherwise. Reads a fixed
     * number of bytes (the token has a fixed length) within {@link #HANDSHAKE_DEADLINE_MS} in all: nothing
     * a client claims or does makes the pool allocate or wait long.
     */
    private Integer handshake(Socket socket) {
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_DEADLINE_MS);
            Handshake handshake = new Handshake(token);
            if (!handshake.headerMatches(readFully(socket, Handshake.HEADER_BYTES, deadline))) {
                return null;
            }
            OptionalInt launch = handshake.launchIfTokenMatches(readFully(socket, handshake.restBytes(), deadline));
            socket.setSoTimeout(0);
            return launch.isPresent() ? launch.getAsInt() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code length} bytes, or a timeout when they have not all come by {@code deadline}. */
    private static byte[] readFully(Socket socket, int length, long deadline) throws IOException {
        byte[] bytes = new byte[length];
        InputStream in = socket.getInputStream();
        for (int read = 0; read < length; ) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("handshake not complete within " + HANDSHAKE_DEADLINE_MS + " ms");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            int n = in.read(bytes, read, length - read);
            if (n < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            read += n;
        }
        return bytes;
    }

    private static Thread handshakeThread(Runnable handshake) {
        Thread thread = new Thread(handshake, "parallelruns-worker-handshake");
        thread.setDaemon(true);
        return thread;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Hanging up.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temporary file; the OS cleans up.
        }
    }
}
