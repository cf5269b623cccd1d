package io.github.keycloakwechat.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads fields of a WeChat answer, where "absent", null and "" all mean the same: not given. */
final class JsonFields {

    private JsonFields() {
    }

    static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    static String required(JsonNode node, String field, String what) throws WeChatUnavailableException {
        String value = optional(node, field);
        if (value == null) {
            throw new WeChatUnavailableException(what + " answered without " + field);
        }
        return value;
    }
}
