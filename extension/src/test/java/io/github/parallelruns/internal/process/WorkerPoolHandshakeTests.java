package io.github.parallelruns.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.parallelruns.internal.protocol.Channel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

            assertThat(readUntilClosed(socket.getInputStream())).as("hung up on, nothing sent").isEqualTo(-1);
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
        assertThat(pool.address().isLoopbackAddress()).as("bound to %s", pool.address()).isTrue();
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
                    .get(0);

            // A JVM connects within a second or two; handshakes one after the other would take 5 x 2 s first.
            assertThat(worker.connection.get(8, TimeUnit.SECONDS)).isNotNull();
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), pool.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        return in.read();
    }
}
