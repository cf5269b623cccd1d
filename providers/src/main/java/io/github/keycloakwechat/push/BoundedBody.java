package io.github.keycloakwechat.push;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body only up to a limit, so a huge body costs us at most the limit. */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The body, or null when it is longer than {@code limit} bytes. */
    public static byte[] read(InputStream in, int limit) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }
}
