package io.github.parallelruns.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each record's payload is written and read by its message type in this package, and reads back equal. */
class MessagesTests {

    @Test
    void runTaskRangeDoneAndOrderMessagesReadBackEqual() throws IOException {
        RunMessage run = new RunMessage("[engine:junit-jupiter]/[method:é()]", 4, 1000, 3, true);
        assertThat(RunMessage.read(in(bytes(run::write)))).isEqualTo(run);
        TaskRangeMessage range = new TaskRangeMessage(12, 20);
        assertThat(TaskRangeMessage.read(in(bytes(range::write)))).isEqualTo(range);
        DoneMessage done = DoneMessage.read(in(bytes(new DoneMessage(7, new long[] {1, 2, 3, -1})::write)));
        assertThat(done.tasksStarted()).isEqualTo(7);
        assertThat(done.threadTimes()).containsExactly(1, 2, 3, -1);
        assertThat(DoneMessage.read(in(bytes(new DoneMessage(0, null)::write))).threadTimes())
                .isNull();
        RunOrder order = new RunOrder(RunOrder.MEASURED, 2, 5, 40, true, false, false);
        assertThat(RunOrder.read(in(bytes(order::write)))).isEqualTo(order);
        RunOrder reading = new RunOrder(RunOrder.MEASURED, 1, 45, 3, true, true, true);
        assertThat(RunOrder.read(in(bytes(reading::write)))).isEqualTo(reading);
    }

    @Test
    void failuresFollowTheirHeaders() throws IOException {
        IllegalStateException thrown = new IllegalStateException("boom");
        TaskFailedMessage failed = TaskFailedMessage.read(in(bytes(out -> {
            new TaskFailedMessage(9, true, thrown).writeHeader(out);
            ThrowableCodec.write(out, thrown);
        })));
        assertThat(failed.task()).isEqualTo(9);
        assertThat(failed.aborted()).isTrue();
        assertThat(failed.failure()).hasMessage("boom");
        ResultMessage result = ResultMessage.read(in(bytes(out -> {
            new ResultMessage(ResultStatus.SUCCESSFUL, true, null).writeHeader(out);
            ThrowableCodec.write(out, null);
        })));
        assertThat(result.status()).isEqualTo(ResultStatus.SUCCESSFUL);
        assertThat(result.reachedBody()).isTrue();
        assertThat(result.failure()).isNull();
    }

    @Test
    void aHandshakeIsOursOnlyWithOurHeaderAndToken() throws IOException {
        Handshake handshake = new Handshake("0123456789abcdef0123456789abcdef");
        byte[] sent = bytes(out -> {
            out.writeInt(Channel.MAGIC);
            out.writeShort(Channel.VERSION);
            Channel.writeString(out, "0123456789abcdef0123456789abcdef");
            out.writeInt(5);
        });
        byte[] header = Arrays.copyOfRange(sent, 0, Handshake.HEADER_BYTES);
        byte[] rest = Arrays.copyOfRange(sent, Handshake.HEADER_BYTES, sent.length);

        assertThat(handshake.headerMatches(header)).isTrue();
        assertThat(handshake.launchIfTokenMatches(rest)).isEqualTo(OptionalInt.of(5));
        rest[0] ^= 1;
        assertThat(handshake.launchIfTokenMatches(rest)).isEmpty();
        header[0] ^= 1;
        assertThat(handshake.headerMatches(header)).isFalse();
        assertThat(handshake.headerMatches("GET / HTTP".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThatThrownBy(() -> new DoneMessage(1, new long[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadTimes must hold 4 figures, but held 3");
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
