package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * The first bytes a worker sends ({@link Channel#sendHandshake}), read by the coordinator in two fixed-size
 * parts, so that nothing a client claims makes it allocate or wait long: a {@link #HEADER_BYTES} header
 * (magic number, protocol version, the token's length), then the token and the worker's launch id.
 */
@API(status = INTERNAL, since = "0.1")
public final class Handshake {

    /** The magic number, the version and the token's length. */
    public static final int HEADER_BYTES = 10;

    private final byte[] expectedToken;

    public Handshake(String token) {
        this.expectedToken = token.getBytes(StandardCharsets.UTF_8);
    }

    /** How many bytes follow a header that is ours: the token and the launch id. */
    public int restBytes() {
        return expectedToken.length + 4;
    }

    /** Whether {@code header} has our magic number, version and token length. */
    public boolean headerMatches(byte[] header) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(header));
        return header.length == HEADER_BYTES
                && in.readInt() == Channel.MAGIC
                && in.readShort() == Channel.VERSION
                && in.readInt() == expectedToken.length;
    }

    /** The launch id in {@code rest}, if its token is ours (compared in constant time). */
    public OptionalInt launchIfTokenMatches(byte[] rest) throws IOException {
        if (rest.length != restBytes()) {
            return OptionalInt.empty();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(rest));
        byte[] presented = new byte[expectedToken.length];
        in.readFully(presented);
        int launch = in.readInt();
        return MessageDigest.isEqual(presented, expectedToken) ? OptionalInt.of(launch) : OptionalInt.empty();
    }
}
