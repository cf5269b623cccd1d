package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code cgi-bin/user/info}: follow state and unionid of a person. Since 2021-12-27 WeChat no longer returns
 * nickname or avatar here, so neither does the sandbox.
 */
final class UserInfoService {

    private final SandboxState state;
    private final TokenService tokens;
    private final Json json;

    UserInfoService(SandboxState state, TokenService tokens, Json json) {
        this.state = state;
        this.tokens = tokens;
        this.json = json;
    }

    /** GET /cgi-bin/user/info?access_token=&openid=&lang= */
    ObjectNode userInfo(Request request) throws ApiError {
        String appId = tokens.appIdOf(request.param("access_token"));
        SandboxApp app = state.app(appId).orElseThrow(ApiError::invalidAccessToken);
        if (!app.serviceAccount()) {
            throw new ApiError(48001, "api unauthorized", "cgi-bin/user/info is for Service Accounts (followers)");
        }
        String openid = request.param("openid");
        if (openid == null || openid.isEmpty()) {
            throw new ApiError(41009, "missing openid");
        }
        SandboxUser user = state.userByOpenid(appId, openid).orElseThrow(() -> new ApiError(40003, "invalid openid"));
        Optional<SandboxState.Subscription> subscription = state.subscription(user.id(), appId);

        ObjectNode out = json.object();
        if (subscription.isEmpty()) {
            out.put("subscribe", 0);
            out.put("openid", openid);
            if (app.openPlatformBound()) {
                out.put("unionid", state.unionidOf(user.id()));
            }
            return out;
        }
        SandboxState.Subscription s = subscription.get();
        out.put("subscribe", 1);
        out.put("openid", openid);
        out.put("language", "zh_CN");
        out.put("subscribe_time", s.subscribedAt().getEpochSecond());
        if (app.openPlatformBound()) {
            out.put("unionid", state.unionidOf(user.id()));
        }
        out.put("remark", "");
        out.put("groupid", 0);
        out.putArray("tagid_list");
        out.put("subscribe_scene", s.subscribeScene());
        out.put("qr_scene", s.qrScene());
        out.put("qr_scene_str", s.qrSceneStr());
        return out;
    }
}
