package io.github.keycloakwechat.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What WeChat vouched for about the person at one login: the openid of this app (always), the unionid (only when the
 * app is bound to an Open Platform account) and, where the scope allowed it, the profile from {@code sns/userinfo}.
 * Absent fields are null.
 *
 * @param sex 1 male, 2 female, 0 unknown (WeChat now mostly sends 0)
 */
public record WeChatProfile(String appId, String openid, String unionid, String nickname, String headimgurl,
                            Integer sex, String province, String city, String country) {

    public static WeChatProfile of(String appId, String openid, String unionid) {
        return new WeChatProfile(appId, openid, unionid, null, null, null, null, null, null);
    }

    /** The JSON an attribute-importer mapper reads, with WeChat's own field names. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        putIfPresent(json, "appid", appId);
        putIfPresent(json, "openid", openid);
        putIfPresent(json, "unionid", unionid);
        putIfPresent(json, "nickname", nickname);
        putIfPresent(json, "headimgurl", headimgurl);
        if (sex != null) {
            json.put("sex", sex);
        }
        putIfPresent(json, "province", province);
        putIfPresent(json, "city", city);
        putIfPresent(json, "country", country);
        return json;
    }

    private static void putIfPresent(ObjectNode json, String field, String value) {
        if (value != null && !value.isBlank()) {
            json.put(field, value);
        }
    }
}
