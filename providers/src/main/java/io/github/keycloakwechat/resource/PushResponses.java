package io.github.keycloakwechat.resource;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The answers a push can get. WeChat only needs a status; the short text helps whoever reads the access log. */
final class PushResponses {

    private PushResponses() {
    }

    /** WeChat's documented acknowledgement: no reply to the person, no retry. */
    static Response ack() {
        return text(Response.Status.OK, "success");
    }

    static Response reply(String xml) {
        return Response.ok(xml, MediaType.APPLICATION_XML_TYPE.withCharset("UTF-8")).build();
    }

    static Response forbidden(String reason) {
        return text(Response.Status.FORBIDDEN, reason);
    }

    static Response badRequest(String reason) {
        return text(Response.Status.BAD_REQUEST, reason);
    }

    static Response tooLarge() {
        return text(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body too large");
    }

    /** Our configuration is broken (e.g. a vault secret is missing): WeChat retries, the admin reads the log. */
    static Response misconfigured() {
        return text(Response.Status.SERVICE_UNAVAILABLE, "provider misconfigured");
    }

    static Response unknownProvider() {
        return text(Response.Status.NOT_FOUND, "no enabled WeChat Service Account with this alias");
    }

    private static Response text(Response.Status status, String body) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(body).build();
    }
}
