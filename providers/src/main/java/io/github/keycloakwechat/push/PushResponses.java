package io.github.keycloakwechat.push;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The answers a push can get. WeChat only needs a status; the short text helps whoever reads the access log. */
public final class PushResponses {

    private PushResponses() {
    }

    /** WeChat's documented acknowledgement: no reply to the person, no retry. */
    public static Response ack() {
        return text(Response.Status.OK, "success");
    }

    public static Response reply(String xml) {
        return Response.ok(xml, MediaType.APPLICATION_XML_TYPE.withCharset("UTF-8")).build();
    }

    public static Response forbidden(String reason) {
        return text(Response.Status.FORBIDDEN, reason);
    }

    public static Response badRequest(String reason) {
        return text(Response.Status.BAD_REQUEST, reason);
    }

    public static Response tooLarge() {
        return text(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body too large");
    }

    /** Our configuration is broken (e.g. a vault secret is missing): WeChat retries, the admin reads the log. */
    public static Response misconfigured() {
        return text(Response.Status.SERVICE_UNAVAILABLE, "provider misconfigured");
    }

    public static Response unknownProvider() {
        return text(Response.Status.NOT_FOUND, "no enabled WeChat provider that receives pushes under this alias");
    }

    private static Response text(Response.Status status, String body) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(body).build();
    }
}
