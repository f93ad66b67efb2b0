package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * One end of the private channel between the coordinating JVM and a worker JVM: a loopback socket
 * carrying length-prefixed binary records. Every record is {@code int length, byte type, payload};
 * strings are {@code int length + UTF-8 bytes} (no 64 KiB limit, unlike {@code writeUTF}). Nothing is
 * ever deserialized with Java serialization. Writes are synchronized, reads belong to one thread.
 */
@API(status = INTERNAL, since = "0.1")
public final class Channel implements Closeable {

    /** "PRN1": the first four bytes a worker sends, before the protocol version and the secret token. */
    public static final int MAGIC = 0x50524e31;

    public static final short VERSION = 3;
    /** The largest record accepted; a longer length means a corrupt or hostile stream. */
    static final int MAX_RECORD = 64 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final int maxRecord;

    public Channel(Socket socket) throws IOException {
        this(socket, MAX_RECORD);
    }

    /** A channel whose records may take at most {@code maxRecord} bytes, length excluded. */
    Channel(Socket socket, int maxRecord) throws IOException {
        this.socket = socket;
        this.maxRecord = maxRecord;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    public DataInputStream input() {
        return in;
    }

    /**
     * Sends one record built by {@code payload}.
     *
     * @throws RecordTooLargeException when the record would be over the limit the other end accepts; then
     *     nothing is sent, and the channel can go on
     */
    public void send(MessageType type, PayloadWriter payload) throws IOException {
        PayloadBuffer bytes = new PayloadBuffer(maxRecord - 1, type);
        DataOutputStream data = new DataOutputStream(bytes);
        payload.write(data);
        data.flush();
        synchronized (out) {
            out.writeInt(bytes.length() + 1);
            out.writeByte(type.code);
            bytes.writeTo(out);
            out.flush();
        }
    }

    /**
     * Sends a record of {@code fields} followed by {@code failure} as {@link ThrowableCodec} writes it.
     * Should that record be over the limit, the failure is sent again cut to a quarter of the limit, its
     * note saying why: a failure is never lost for its size.
     */
    public void sendFailure(MessageType type, PayloadWriter fields, Throwable failure) throws IOException {
        try {
            send(type, out -> {
                fields.write(out);
                ThrowableCodec.write(out, failure);
            });
        } catch (RecordTooLargeException e) {
            send(type, out -> {
                fields.write(out);
                ThrowableCodec.write(
                        out, failure, maxRecord / 4, "its record is over the channel's limit of " + size(maxRecord));
            });
        }
    }

    public void send(MessageType type) throws IOException {
        send(type, data -> {});
    }

    /** Reads the next record; blocks. */
    public Record receive() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new EOFException("the other end closed the channel");
        }
        if (length < 1 || length > maxRecord) {
            throw new IOException("corrupt record length " + length);
        }
        MessageType type = MessageType.of(in.readByte());
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Record(type, new DataInputStream(new ByteArrayInputStream(payload)));
    }

    /** Writes the handshake: magic, version, token, worker index. Unframed, before any record. */
    public void sendHandshake(String token, int workerIndex) throws IOException {
        synchronized (out) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            writeString(out, token);
            out.writeInt(workerIndex);
            out.flush();
        }
    }

    public static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Reads a string from a record's payload, whose {@code available()} is the exact number of bytes left
     * in the record.
     *
     * @throws MalformedRecordException when its length is negative or more than the bytes left
     */
    public static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new MalformedRecordException("a string of negative length " + length);
        }
        if (length > in.available()) {
            throw new MalformedRecordException("a string of " + length + " bytes cannot be in the " + in.available()
                    + " bytes left of the record");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A size as messages give it: {@code 64 MiB}, {@code 16 KiB}, {@code 5,326 bytes}. */
    public static String size(long bytes) {
        if (bytes > 0 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes > 0 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A payload being built, refused as soon as it is over the limit rather than once it is whole. */
    private static final class PayloadBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;
        private final MessageType type;

        PayloadBuffer(int limit, MessageType type) {
            this.limit = limit;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            makeRoom(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            makeRoom(len);
            bytes.write(b, off, len);
        }

        private void makeRoom(int more) throws RecordTooLargeException {
            if (more > limit - bytes.size()) {
                throw new RecordTooLargeException(
                        "a " + type + " record over the channel's limit of " + size(limit + 1L) + " was not sent");
            }
        }

        int length() {
            return bytes.size();
        }

        void writeTo(OutputStream out) throws IOException {
            bytes.writeTo(out);
        }
    }

    /**
     * A received record: its type and a stream over its payload, whose {@code available()} is the number of
     * bytes left in it.
     */
    public record Record(MessageType type, DataInputStream payload) {}

    @FunctionalInterface
    public interface PayloadWriter {
        void write(DataOutputStream out) throws IOException;
    }
}
