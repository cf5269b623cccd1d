package io.github.keycloakwechat.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Generated avatars for people configured without an avatarUrl: a coloured disc with the nickname's first character. */
final class Avatars {

    private final SandboxState state;
    private final Supplier<String> baseUrl;

    Avatars(SandboxState state, Supplier<String> baseUrl) {
        this.state = state;
        this.baseUrl = baseUrl;
    }

    /** The headimgurl of a person; like WeChat's, it ends in a size segment ("/132"). */
    String urlOf(SandboxUser user) {
        return user.avatarUrl() != null ? user.avatarUrl() : baseUrl.get() + "/sandbox/avatar/" + user.id() + "/132";
    }

    /** GET /sandbox/avatar/{id}[/size] */
    Response render(Request request) {
        String rest = request.path().substring("/sandbox/avatar/".length());
        int slash = rest.indexOf('/');
        String id = slash >= 0 ? rest.substring(0, slash) : rest;
        return state.user(id).map(user -> {
            String initial = new String(Character.toChars(user.nickname().codePointAt(0)));
            int hue = Math.floorMod(user.id().hashCode(), 360);
            String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"132\" height=\"132\" viewBox=\"0 0 132 132\">"
                    + "<rect width=\"132\" height=\"132\" fill=\"hsl(" + hue + ",55%,55%)\"/>"
                    + "<text x=\"66\" y=\"86\" font-size=\"60\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">"
                    + Html.esc(initial) + "</text></svg>";
            return Response.of(200, "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8));
        }).orElseGet(() -> Response.text(404, "unknown user"));
    }
}
