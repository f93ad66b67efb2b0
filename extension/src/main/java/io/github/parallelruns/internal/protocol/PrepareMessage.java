package io.github.parallelruns.internal.protocol;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * The payload of {@link MessageType#PREPARE}: the test an idle, prestarted worker should get ready for
 * (create its Launcher and discover the test) before any run asks for it.
 *
 * @param uniqueId the test's unique id
 */
@API(status = INTERNAL, since = "0.1")
public record PrepareMessage(String uniqueId) {

    public void write(DataOutputStream out) throws IOException {
        Channel.writeString(out, uniqueId);
    }

    public static PrepareMessage read(DataInputStream in) throws IOException {
        return new PrepareMessage(Channel.readString(in));
    }
}
