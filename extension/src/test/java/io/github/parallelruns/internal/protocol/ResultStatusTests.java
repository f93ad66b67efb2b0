package io.github.parallelruns.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A RESULT's status travels as one byte; a byte that is no status is a protocol error, not a failed test. */
class ResultStatusTests {

    @Test
    void everyStatusReadsBackAsItself() throws IOException {
        for (ResultStatus status : ResultStatus.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            status.write(new DataOutputStream(bytes));

            assertThat(bytes.toByteArray()).hasSize(1);
            assertThat(ResultStatus.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                    .isEqualTo(status);
        }
    }

    @Test
    void theCodesAreTheWireFormatAndDoNotChange() throws IOException {
        assertThat(read(0)).isEqualTo(ResultStatus.SUCCESSFUL);
        assertThat(read(1)).isEqualTo(ResultStatus.FAILED);
        assertThat(read(2)).isEqualTo(ResultStatus.ABORTED);
        assertThat(read(3)).isEqualTo(ResultStatus.NOT_FOUND);
        assertThat(read(4)).isEqualTo(ResultStatus.SKIPPED);
    }

    @Test
    void anUnknownByteIsRefusedAsAMalformedRecord() {
        assertThatThrownBy(() -> read(9))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("unknown result status 9 (known: 0 to 4)");
        assertThatThrownBy(() -> read(-1))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("unknown result status -1 (known: 0 to 4)");
    }

    private static ResultStatus read(int code) throws IOException {
        return ResultStatus.read(new DataInputStream(new ByteArrayInputStream(new byte[] {(byte) code})));
    }
}
