package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
    public static final short VERSION = 2;
    /** The largest record accepted; a longer length means a corrupt or hostile stream. */
    static final int MAX_RECORD = 64 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    public Channel(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    public DataInputStream input() {
        return in;
    }

    /** Sends one record built by {@code payload}. */
    public void send(MessageType type, PayloadWriter payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        payload.write(data);
        data.flush();
        synchronized (out) {
            out.writeInt(bytes.size() + 1);
            out.writeByte(type.code);
            bytes.writeTo(out);
            out.flush();
        }
    }

    public void send(MessageType type) throws IOException {
        send(type, data -> { });
    }

    /** Reads the next record; blocks. */
    public Record receive() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new EOFException("the other end closed the channel");
        }
        if (length < 1 || length > MAX_RECORD) {
            throw new IOException("corrupt record length " + length);
        }
        MessageType type = MessageType.of(in.readByte());
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Record(type, new DataInputStream(new java.io.ByteArrayInputStream(payload)));
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

    /** {@code 64 MiB}, {@code 16 KiB}, {@code 5,326 bytes}. */
    static String size(long bytes) {
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

    /**
     * A received record: its type and a stream over its payload, whose {@code available()} is the number of
     * bytes left in it.
     */
    public record Record(MessageType type, DataInputStream payload) {
    }

    @FunctionalInterface
    public interface PayloadWriter {
        void write(DataOutputStream out) throws IOException;
    }
}
