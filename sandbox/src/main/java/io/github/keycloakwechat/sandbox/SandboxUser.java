package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake WeChat person. Openids (per app) and the unionid are derived from {@link #id()} by
 * {@link SandboxState}, so the same person gets the same ids in every run.
 *
 * @param id        a short stable id such as "alice" (used in URLs and the control API)
 * @param nickname  what {@code sns/userinfo} returns as nickname
 * @param avatarUrl the headimgurl; null means the sandbox serves a generated avatar
 * @param phone     the phone number bound to the person's WeChat account, as a Mini Program's getPhoneNumber button
 *                  shares it: {@code "+86 13800000001"} (country code, a space, the number) or just the digits
 *                  {@code "13800000001"} (China, +86); stored in the first form. Null: the person has bound no phone
 *                  number, so no phone code can be issued for them.
 */
public record SandboxUser(String id, String nickname, String avatarUrl, String phone) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern WITH_COUNTRY = Pattern.compile("\\+([1-9][0-9]{0,3})[ -]([0-9]{4,20})");
    private static final Pattern DIGITS_ONLY = Pattern.compile("[0-9]{4,20}");
    /** China: WeChat's phoneNumber carries no country code for these. */
    static final String CHINA = "86";

    @JsonCreator
    public SandboxUser {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("user id must be 1..64 characters of [A-Za-z0-9_.-]");
        }
        nickname = nickname == null || nickname.isBlank() ? id : nickname;
        avatarUrl = avatarUrl == null || avatarUrl.isBlank() ? null : avatarUrl;
        phone = normalizePhone(phone);
    }

    /** A person without a phone number (the constructor of the sandbox's first versions). */
    public SandboxUser(String id, String nickname, String avatarUrl) {
        this(id, nickname, avatarUrl, null);
    }

    /** The same person with another phone number ({@code "+86 13800000009"}, {@code "13800000009"}), or none (null). */
    public SandboxUser withPhone(String newPhone) {
        return new SandboxUser(id, nickname, avatarUrl, newPhone);
    }

    /** Whether the person has bound a phone number to WeChat. */
    public boolean hasPhone() {
        return phone != null;
    }

    /** The country code without "+", e.g. "86"; null without a phone. */
    public String phoneCountryCode() {
        return phone == null ? null : phone.substring(1, phone.indexOf(' '));
    }

    /** The number without country code, e.g. "13800000001" (WeChat's {@code purePhoneNumber}); null without a phone. */
    public String purePhoneNumber() {
        return phone == null ? null : phone.substring(phone.indexOf(' ') + 1);
    }

    /**
     * WeChat's {@code phoneNumber}: the bare number for a Chinese (+86) number, with its country code otherwise
     * ("国外手机号会有区号"), e.g. "13800000001" or "+85291234567"; null without a phone.
     */
    public String wechatPhoneNumber() {
        if (phone == null) {
            return null;
        }
        String country = phoneCountryCode();
        return CHINA.equals(country) ? purePhoneNumber() : "+" + country + purePhoneNumber();
    }

    private static String normalizePhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String p = phone.strip();
        Matcher m = WITH_COUNTRY.matcher(p);
        if (m.matches()) {
            return "+" + m.group(1) + " " + m.group(2);
        }
        if (DIGITS_ONLY.matcher(p).matches()) {
            return "+" + CHINA + " " + p;
        }
        throw new IllegalArgumentException("phone must be \"+86 13800000001\" (country code, a space, 4..20 digits) or just "
                + "the digits of a Chinese number, \"13800000001\" (got \"" + phone + "\")");
    }
}
