package io.github.keycloakwechat.resource;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body only up to a limit, so a huge body costs us at most the limit. */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body, or null when it is longer than {@code limit} bytes. */
    static byte[] read(InputStream in, int limit) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }
}
