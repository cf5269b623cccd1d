package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.regex.Pattern;

/**
 * A person who can sign in to WeCom's login pages without being a member of the corp (a WeChat user, or somebody of
 * another corp): {@code cgi-bin/auth/getuserinfo} answers {@code openid} and {@code external_userid} for them instead
 * of a {@code userid}. Both are derived from the corp and {@link #id()}, so they are stable across runs and
 * different per corp.
 *
 * @param id   a short stable id such as "outsider" (used in page element ids and the control API); must not be the
 *             userid of a member
 * @param name a display name (defaults to the id)
 */
public record SandboxWeComOutsider(String id, String name) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    @JsonCreator
    public SandboxWeComOutsider {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("outsider id must be 1..64 characters of [A-Za-z0-9_.@-]");
        }
        name = name == null || name.isBlank() ? id : name;
    }
}
