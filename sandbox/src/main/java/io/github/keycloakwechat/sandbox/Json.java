package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** JSON helpers: one mapper per server, strict reading, compact writing. */
final class Json {

    private final ObjectMapper mapper = newMapper();

    static ObjectMapper newMapper() {
        return new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    ArrayNode array() {
        return mapper.createArrayNode();
    }

    /** Parses a request body that must be a JSON object. */
    ObjectNode parseObject(byte[] body) throws BadJsonException {
        if (body == null || body.length == 0) {
            throw new BadJsonException("empty body");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadJsonException("body is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new BadJsonException("body is not JSON");
        }
    }

    <T> T convert(JsonNode node, Class<T> type) {
        return convert(mapper, node, type);
    }

    static <T> T convert(ObjectMapper mapper, JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(rootMessage(e), e);
        }
    }

    JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The innermost message: record constructors explain what is wrong better than Jackson's wrapper does. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** A request body that is not the JSON the endpoint needs. */
    static final class BadJsonException extends Exception {
        BadJsonException(String message) {
            super(message);
        }
    }
}
