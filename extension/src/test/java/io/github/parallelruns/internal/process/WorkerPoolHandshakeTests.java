package io.github.parallelruns.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.protocol.Channel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only a worker that presents the pool's secret token gets a channel; anything else is hung up on. */
class WorkerPoolHandshakeTests {

    final WorkerPool pool = new WorkerPool(true);

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aConnectionWithTheWrongTokenIsClosed() throws IOException {
        try (Socket socket = connect()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(Channel.MAGIC);
            out.writeShort(Channel.VERSION);
            Channel.writeString(out, "0123456789abcdef0123456789abcdef");
            out.writeInt(1);
            out.flush();

            assertThat(readUntilClosed(socket.getInputStream()))
                    .as("hung up on, nothing sent")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aConnectionSpeakingAnotherProtocolIsClosed() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes("US-ASCII"));
            socket.getOutputStream().flush();

            assertThat(readUntilClosed(socket.getInputStream())).isEqualTo(-1);
        }
    }

    @Test
    void thePoolListensOnTheLoopbackAddressOnlyNotOnAllInterfaces() {
        assertThat(pool.address().isLoopbackAddress())
                .as("bound to %s", pool.address())
                .isTrue();
        assertThat(pool.address().isAnyLocalAddress()).isFalse();
    }

    @Test
    void silentClientsDoNotKeepARealWorkerFromConnecting() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                silent.add(connect()); // connect and say nothing
            }
            Worker worker = pool.acquire(WorkerCommand.forThisJvm(WorkerPoolHandshakeTests.class, List.of()), 1, null)
                    .get(0)
                    .worker;

            // A JVM connects within a second or two; handshakes one after the other would take 5 x 2 s first.
            assertThat(worker.connection.get(8, TimeUnit.SECONDS)).isNotNull();
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    @Test
    void aClientSendingAByteNowAndThenIsHungUpOnAtTheHandshakeDeadline() throws Exception {
        try (Socket socket = connect()) {
            Thread dripping = drip(socket);
            long start = System.nanoTime();

            assertThat(hungUp(socket.getInputStream())).isTrue();

            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Each byte within any per-read timeout; the whole handshake would take 46 x 400 ms.
            assertThat(waited)
                    .as("hung up on after %d ms", waited)
                    .isBetween(WorkerPool.HANDSHAKE_DEADLINE_MS - 500, WorkerPool.HANDSHAKE_DEADLINE_MS + 5_000);
            dripping.interrupt();
        }
    }

    @Test
    void manySlowClientsHoldAtMostTheCapOfPendingHandshakesAndARealWorkerStillConnects() throws Exception {
        List<Socket> slow = new ArrayList<>();
        List<Thread> dripping = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * WorkerPool.MAX_PENDING_HANDSHAKES; i++) {
                Socket socket = connect();
                slow.add(socket);
                dripping.add(drip(socket));
            }
            Thread.sleep(500);
            assertThat(handshakeThreads())
                    .as("threads shaking hands")
                    .isLessThanOrEqualTo(WorkerPool.MAX_PENDING_HANDSHAKES + 1);

            Worker worker = pool.acquire(WorkerCommand.forThisJvm(WorkerPoolHandshakeTests.class, List.of()), 1, null)
                    .get(0)
                    .worker;

            assertThat(worker.connection.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(handshakeThreads()).isLessThanOrEqualTo(WorkerPool.MAX_PENDING_HANDSHAKES + 1);
        } finally {
            dripping.forEach(Thread::interrupt);
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void theAcceptorSurvivesAnErrorStartingAHandshakeAndTheNextConnectionIsServed() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        WorkerPool failing = new WorkerPool(true, handshake -> {
            if (refused.getAndIncrement() < 3) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
            }
            Thread thread = new Thread(handshake, "parallelruns-worker-handshake");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), failing.port())) {
                    socket.setSoTimeout(30_000);
                    assertThat(hungUp(socket.getInputStream()))
                            .as("a connection with no thread is hung up on")
                            .isTrue();
                }
            }
            Worker worker = failing.acquire(
                            WorkerCommand.forThisJvm(WorkerPoolHandshakeTests.class, List.of()), 1, null)
                    .get(0)
                    .worker;

            assertThat(worker.connection.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(refused).hasValueGreaterThan(3);
        } finally {
            failing.close();
        }
    }

    /** Sends a valid start of a handshake, one byte every 400 ms, until interrupted or hung up on. */
    private static Thread drip(Socket socket) {
        Thread thread = new Thread(
                () -> {
                    try {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        DataOutputStream data = new DataOutputStream(bytes);
                        data.writeInt(Channel.MAGIC);
                        data.writeShort(Channel.VERSION);
                        data.writeInt(32);
                        data.write(new byte[36]);
                        for (byte b : bytes.toByteArray()) {
                            socket.getOutputStream().write(b);
                            socket.getOutputStream().flush();
                            Thread.sleep(400);
                        }
                    } catch (IOException | InterruptedException e) {
                        // Hung up on, or the test is done.
                    }
                },
                "dripping-client");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static long handshakeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("parallelruns-worker-handshake"))
                .count();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), pool.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** True when the pool closed the connection (an end of stream, or a reset when it left bytes unread). */
    private static boolean hungUp(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        return in.read();
    }
}
