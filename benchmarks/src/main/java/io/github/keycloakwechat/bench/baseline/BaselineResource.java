package io.github.keycloakwechat.bench.baseline;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET|POST /realms/{realm}/bench-baseline}: 200 with a constant short text. A POST reads its body first, as the
 * push endpoint does, so a push and its baseline carry the same bytes over the same connection handling.
 *
 * <p>The empty {@code @Path}s matter: Keycloak's RESTEasy Reactive finds the classes a realm resource may return by
 * their method-level {@code @Path}; without one, the methods stay unknown and every request is a 405.
 */
public final class BaselineResource {

    /** What both methods answer (the size of the push endpoint's plain {@code success} acknowledgement). */
    public static final String ANSWER = "success";

    @GET
    @Path("")
    @Produces(MediaType.TEXT_PLAIN)
    public Response get() {
        return Response.ok(ANSWER, MediaType.TEXT_PLAIN_TYPE).build();
    }

    @POST
    @Path("")
    @Produces(MediaType.TEXT_PLAIN)
    public Response post(InputStream body) throws IOException {
        if (body != null) {
            body.readAllBytes();
        }
        return Response.ok(ANSWER, MediaType.TEXT_PLAIN_TYPE).build();
    }
}
