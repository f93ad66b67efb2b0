package io.github.parallelruns.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records over a real loopback socket: what is too large is never sent. */
class ChannelTests {

    private Channel sender;
    private Channel receiver;

    @AfterEach
    void close() throws IOException {
        if (sender != null) {
            sender.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aRecordOverTheLimitIsNotSentAndTheChannelStaysUsable() throws IOException {
        connect(Channel.MAX_RECORD);
        byte[] chunk = new byte[1 << 20];

        // Before the size was checked, the record was sent, and this blocked until the receiver refused it.
        assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThatThrownBy(() -> sender.send(MessageType.DUMP_REPLY, out -> {
                            for (int i = 0; i <= Channel.MAX_RECORD / chunk.length; i++) {
                                out.write(chunk);
                            }
                        }))
                        .isInstanceOf(RecordTooLargeException.class)
                        .hasMessage("a DUMP_REPLY record over the channel's limit of 64 MiB was not sent"));
        sender.send(MessageType.NEXT, out -> out.writeInt(42));

        Channel.Record next = receiver.receive();
        assertThat(next.type()).isEqualTo(MessageType.NEXT);
        assertThat(next.payload().readInt()).isEqualTo(42);
    }

    @Test
    void aFailureThatMakesItsRecordTooLargeIsSentCutFurtherSayingSo() throws IOException {
        connect(1 << 20);
        IllegalStateException original = LargeFailures.hundredFailuresOfAHundredEach();

        sender.sendFailure(MessageType.TASK_FAILED, out -> out.writeInt(7), original);

        Channel.Record record = receiver.receive();
        assertThat(record.type()).isEqualTo(MessageType.TASK_FAILED);
        assertThat(record.payload().readInt()).isEqualTo(7);
        Throwable copy = ThrowableCodec.read(record.payload());
        assertThat(copy.getMessage())
                .matches(String.format(
                        Locale.ROOT,
                        "the run failed \\[not sent by the worker: "
                                + "[\\d,]+ suppressed exceptions and [\\d,]+ stack frames \\(its record is over the channel's limit "
                                + "of 1 MiB\\)\\]"));
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getSuppressed()[0]).hasToString(original.getSuppressed()[0].toString());
        assertThat(record.payload().available()).isZero();
    }

    private void connect(int maxRecord) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            sender = new Channel(client, maxRecord);
            receiver = new Channel(server.accept(), maxRecord);
        }
    }
}
