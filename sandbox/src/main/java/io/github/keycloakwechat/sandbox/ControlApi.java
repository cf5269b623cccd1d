package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** The sandbox's own JSON API under {@code /sandbox/api/}: for the phone page, tests and admins. */
final class ControlApi {

    private final SandboxState state;
    private final PhoneActions phone;
    private final PushDispatcher push;
    private final QrConnectService qrConnect;
    private final WeComService weCom;
    private final FaultInjector faults;
    private final Json json;
    private final Supplier<String> baseUrl;
    private final Function<SandboxUser, String> avatarUrl;
    private Set<String> apiNames = Set.of();

    ControlApi(SandboxState state, PhoneActions phone, PushDispatcher push, QrConnectService qrConnect, WeComService weCom,
               FaultInjector faults, Json json, Supplier<String> baseUrl, Function<SandboxUser, String> avatarUrl) {
        this.state = state;
        this.phone = phone;
        this.push = push;
        this.qrConnect = qrConnect;
        this.weCom = weCom;
        this.faults = faults;
        this.json = json;
        this.baseUrl = baseUrl;
        this.avatarUrl = avatarUrl;
    }

    void register(Router router) {
        apiNames = router.apiNames();
        router.page("GET", "/sandbox/api/state", r -> ok(stateJson()))
                .page("PUT", "/sandbox/api/apps/", withJson(this::putApp))
                .page("PUT", "/sandbox/api/users/", withJson(this::putUser))
                .page("POST", "/sandbox/api/scan", withJson(this::scan))
                .page("POST", "/sandbox/api/follow", withJson((r, body) -> userAppAction(body, phone::follow)))
                .page("POST", "/sandbox/api/unfollow", withJson((r, body) -> userAppAction(body, phone::unfollow)))
                .page("POST", "/sandbox/api/verify-callback", withJson(this::verifyCallback))
                .page("POST", "/sandbox/api/qrconnect/confirm", withJson(this::confirmWebsiteLogin))
                .page("POST", "/sandbox/api/miniprogram/login", withJson((r, body) -> miniProgramCode(body, false)))
                .page("POST", "/sandbox/api/miniprogram/phone-code", withJson((r, body) -> miniProgramCode(body, true)))
                .page("GET", "/sandbox/api/wecom", r -> ok(weComJson()))
                .page("PUT", "/sandbox/api/wecom/apps/", withJson(this::putWeComApp))
                .page("PUT", "/sandbox/api/wecom/members/", withJson(this::putWeComMember))
                .page("DELETE", "/sandbox/api/wecom/members/", this::deleteWeComMember)
                .page("PUT", "/sandbox/api/wecom/outsiders/", withJson(this::putWeComOutsider))
                .page("POST", "/sandbox/api/wecom/session", withJson(this::setWeComSession))
                .page("POST", "/sandbox/api/wecom/login/confirm", withJson(this::confirmWeComLogin))
                .page("GET", "/sandbox/api/faults", r -> ok(faultsJson()))
                .page("POST", "/sandbox/api/faults", withJson(this::addFault))
                .page("DELETE", "/sandbox/api/faults", r -> {
                    faults.clear();
                    return ok(faultsJson());
                })
                .page("GET", "/sandbox/api/stats", r -> ok(statsJson()))
                .page("POST", "/sandbox/api/stats/reset", r -> {
                    state.resetCounters();
                    return ok(statsJson());
                })
                .page("POST", "/sandbox/api/clock", withJson(this::advanceClock));
    }

    // --- handlers ------------------------------------------------------------------------------------

    private Response putApp(Request request, ObjectNode body) {
        return upsert(body, "appId", request.path().substring("/sandbox/api/apps/".length()),
                SandboxApp.class, state::app, state::putApp, this::appJson);
    }

    /**
     * The control API's PUT: the key comes from the URL (a different one in the body is refused), and fields left out
     * keep their current values, so a test can change just one (say, an app's callbackUrl).
     */
    private <T> Response upsert(ObjectNode body, String keyField, String key, Class<T> type,
                                Function<String, Optional<T>> current, Consumer<T> store,
                                Function<T, ObjectNode> view) {
        if (body.hasNonNull(keyField) && !key.equals(body.get(keyField).asText())) {
            return error(400, keyField + " in the body differs from the URL");
        }
        ObjectNode merged = current.apply(key).map(existing -> (ObjectNode) json.tree(existing)).orElseGet(json::object);
        merged.setAll(body);
        merged.put(keyField, key);
        try {
            T value = json.convert(merged, type);
            store.accept(value);
            return ok(view.apply(value));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private Response putUser(Request request, ObjectNode body) {
        return upsert(body, "id", request.path().substring("/sandbox/api/users/".length()),
                SandboxUser.class, state::user, state::putUser, this::userJson);
    }

    private Response scan(Request request, ObjectNode body) {
        try {
            PushResult result = phone.scan(text(body, "user"), text(body, "qrUrl"), text(body, "ticket"));
            return ok(resultJson(result));
        } catch (PhoneActions.ActionException e) {
            return error(e.status(), e.getMessage());
        }
    }

    private interface UserAppAction {
        PushResult run(String userId, String appId) throws PhoneActions.ActionException;
    }

    private Response userAppAction(ObjectNode body, UserAppAction action) {
        try {
            return ok(resultJson(action.run(text(body, "user"), text(body, "appId"))));
        } catch (PhoneActions.ActionException e) {
            return error(e.status(), e.getMessage());
        }
    }

    private Response verifyCallback(Request request, ObjectNode body) {
        SandboxApp app = state.app(text(body, "appId")).orElse(null);
        if (app == null) {
            return error(404, "unknown app " + text(body, "appId"));
        }
        PushDispatcher.VerifyResult result = push.verifyCallback(app);
        ObjectNode out = json.object();
        out.put("ok", result.ok());
        putNullable(out, "httpStatus", result.httpStatus());
        out.put("echostr", result.echostr());
        out.put("body", result.body());
        out.put("error", result.error());
        return ok(out);
    }

    /**
     * {@code {"user","uuid"?,"appId"?,"action":"allow"|"deny"}}: the person scans a qrconnect page's QR code with
     * the phone and confirms (or refuses). Without uuid: the newest pending website login (of appId, if given).
     */
    private Response confirmWebsiteLogin(Request request, ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("user", "uuid", "appId", "action").contains(name)) {
                return error(400, "unknown field \"" + name + "\"");
            }
        }
        String action = text(body, "action");
        if (action != null && !"allow".equals(action) && !"deny".equals(action)) {
            return error(400, "\"action\" must be allow or deny");
        }
        String uuid = text(body, "uuid");
        if (uuid == null || uuid.isEmpty()) {
            String appId = text(body, "appId");
            uuid = qrConnect.newestPending(appId).map(SandboxWebsiteLogin::uuid).orElse(null);
            if (uuid == null) {
                return error(404, "no website login is waiting" + (appId == null ? "" : " for " + appId));
            }
        }
        try {
            SandboxWebsiteLogin done = qrConnect.answer(uuid, text(body, "user"), !"deny".equals(action));
            ObjectNode out = websiteLoginJson(done, state.now());
            if (done.userId() != null && SandboxWebsiteLogin.CONFIRMED.equals(done.outcome())) {
                out.put("openid", state.openidOf(done.userId(), done.appId()));
            }
            return ok(out);
        } catch (PhoneActions.ActionException e) {
            return error(e.status(), e.getMessage());
        }
    }

    /**
     * {@code {"appId","user"}}: the person opens the Mini Program, which calls {@code wx.login()} (login) or they
     * press its getPhoneNumber button and allow (phone-code). Answers {@code {"code","expiresIn","appId","user",
     * "openid"}}; 404 for an unknown app or person, 400 for another kind of app or (phone-code) a person without phone.
     */
    private Response miniProgramCode(ObjectNode body, boolean phoneCode) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("appId", "user").contains(name)) {
                return error(400, "unknown field \"" + name + "\"");
            }
        }
        String appId = text(body, "appId");
        String userId = text(body, "user");
        if (appId == null || appId.isEmpty()) {
            return error(400, "\"appId\" is required");
        }
        if (userId == null || userId.isEmpty()) {
            return error(400, "\"user\" is required");
        }
        String code;
        try {
            code = phoneCode ? state.mintMiniProgramPhoneCode(appId, userId) : state.mintMiniProgramLoginCode(appId, userId);
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        ObjectNode out = json.object();
        out.put("code", code);
        out.put("expiresIn", SandboxState.MINI_PROGRAM_CODE_LIFETIME.toSeconds());
        out.put("appId", appId);
        out.put("user", userId);
        out.put("openid", state.openidOf(userId, appId));
        return ok(out);
    }

    private Response addFault(Request request, ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("api", "errcode", "errmsg", "httpStatus", "delayMs", "times", "body", "oversizeBytes")
                    .contains(name)) {
                return error(400, "unknown field \"" + name + "\"");
            }
        }
        String api = text(body, "api");
        if (api != null && !"*".equals(api) && !apiNames.contains(api)) {
            return error(400, "unknown api \"" + api + "\"; one of " + String.join(", ", apiNames) + " or \"*\"");
        }
        try {
            FaultInjector.Fault fault = new FaultInjector.Fault(text(body, "api"), integer(body, "errcode"),
                    text(body, "errmsg"), integer(body, "httpStatus"),
                    body.hasNonNull("delayMs") ? number(body, "delayMs") : 0,
                    body.hasNonNull("times") ? Math.toIntExact(number(body, "times")) : 1, text(body, "body"),
                    integer(body, "oversizeBytes"));
            faults.add(fault);
            return ok(faultsJson());
        } catch (IllegalArgumentException | ArithmeticException e) {
            return error(400, e.getMessage());
        }
    }

    private Response advanceClock(Request request, ObjectNode body) {
        try {
            long seconds = number(body, "advanceSeconds");
            state.advanceClock(Duration.ofSeconds(seconds));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        ObjectNode out = json.object();
        out.put("now", state.now().getEpochSecond());
        return ok(out);
    }

    // --- WeCom ---------------------------------------------------------------------------------------

    /** PUT /sandbox/api/wecom/apps/{corpId}/{agentId} {"secret","name","corpName","trustedDomain"}: add or change an app. */
    private Response putWeComApp(Request request, ObjectNode body) {
        String[] parts = request.path().substring("/sandbox/api/wecom/apps/".length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return error(400, "use PUT /sandbox/api/wecom/apps/{corpId}/{agentId}");
        }
        String corpId = parts[0];
        String agentId = parts[1];
        if (body.hasNonNull("corpId") && !corpId.equals(body.get("corpId").asText())) {
            return error(400, "corpId in the body differs from the URL");
        }
        if (body.hasNonNull("agentId") && !agentId.equals(body.get("agentId").asText())) {
            return error(400, "agentId in the body differs from the URL");
        }
        ObjectNode merged = state.weComApp(corpId, agentId).map(a -> (ObjectNode) json.tree(a)).orElseGet(json::object);
        merged.setAll(body);
        merged.put("corpId", corpId);
        merged.put("agentId", agentId);
        try {
            SandboxWeComApp app = json.convert(merged, SandboxWeComApp.class);
            state.putWeComApp(app);
            return ok(weComAppJson(app));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /**
     * PUT /sandbox/api/wecom/members/{userid} {"corpId"?,"name","mobile","email","bizMail","address","gender","avatar",
     * "department","position","status"}: add or change a member; fields left out keep their values, null removes.
     */
    private Response putWeComMember(Request request, ObjectNode body) {
        String userid = request.path().substring("/sandbox/api/wecom/members/".length());
        if (body.hasNonNull("userid") && !userid.equals(body.get("userid").asText())) {
            return error(400, "userid in the body differs from the URL");
        }
        try {
            String corpId = state.resolveWeComCorp(text(body, "corpId"));
            ObjectNode merged = state.weComMember(corpId, userid).map(m -> (ObjectNode) json.tree(m)).orElseGet(json::object);
            merged.setAll(body);
            merged.put("corpId", corpId);
            merged.put("userid", userid);
            SandboxWeComMember member = state.putWeComMember(json.convert(merged, SandboxWeComMember.class));
            return ok(weComMemberJson(member));
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /** DELETE /sandbox/api/wecom/members/{userid}[?corpId=]: the member leaves the corp. */
    private Response deleteWeComMember(Request request) {
        String userid = request.path().substring("/sandbox/api/wecom/members/".length());
        try {
            String corpId = state.resolveWeComCorp(request.param("corpId"));
            if (!state.removeWeComMember(corpId, userid)) {
                return error(404, "no member " + userid + " in " + corpId);
            }
            ObjectNode out = json.object();
            out.put("deleted", true);
            out.put("corpId", corpId);
            out.put("userid", userid);
            return ok(out);
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /** PUT /sandbox/api/wecom/outsiders/{id} {"name"}: add or rename somebody who is not a member. */
    private Response putWeComOutsider(Request request, ObjectNode body) {
        return upsert(body, "id", request.path().substring("/sandbox/api/wecom/outsiders/".length()),
                SandboxWeComOutsider.class, state::weComOutsider, state::putWeComOutsider, this::weComOutsiderJson);
    }

    /**
     * POST /sandbox/api/wecom/session {"corpId"?,"userid"}: who is using the WeCom client of the corp (a member's
     * userid or an outsider's id; null clears). Answers {"corpId","userid","member"}.
     */
    private Response setWeComSession(Request request, ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("corpId", "userid").contains(name)) {
                return error(400, "unknown field \"" + name + "\"");
            }
        }
        if (body.has("userid") && !body.get("userid").isNull() && !body.get("userid").isTextual()) {
            return error(400, "\"userid\" must be a string or null");
        }
        try {
            String corpId = state.resolveWeComCorp(text(body, "corpId"));
            state.setWeComClientUser(corpId, text(body, "userid"));
            return ok(weComSessionJson(corpId));
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private ObjectNode weComSessionJson(String corpId) {
        ObjectNode out = json.object();
        out.put("corpId", corpId);
        String userid = state.weComClientUser(corpId).orElse(null);
        out.put("userid", userid);
        if (userid == null) {
            out.putNull("member");
        } else {
            out.put("member", state.weComMember(corpId, userid).isPresent());
        }
        return out;
    }

    /**
     * POST /sandbox/api/wecom/login/confirm {"userid","key"?,"corpId"?,"action":"allow"|"deny"}: answers a waiting
     * wwlogin/sso/login page (the newest, of corpId if given, without key) as if scanned and confirmed in WeCom.
     */
    private Response confirmWeComLogin(Request request, ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("userid", "key", "corpId", "action").contains(name)) {
                return error(400, "unknown field \"" + name + "\"");
            }
        }
        String action = text(body, "action");
        if (action != null && !"allow".equals(action) && !"deny".equals(action)) {
            return error(400, "\"action\" must be allow or deny");
        }
        String key = text(body, "key");
        if (key == null || key.isEmpty()) {
            String corpId = text(body, "corpId");
            key = weCom.newestPendingLogin(corpId).map(WeComService.Login::key).orElse(null);
            if (key == null) {
                return error(404, "no WeCom login page is waiting" + (corpId == null ? "" : " for " + corpId));
            }
        }
        try {
            WeComService.Login done = weCom.answerLogin(key, text(body, "userid"), !"deny".equals(action));
            return ok(weComLoginJson(done, state.now()));
        } catch (PhoneActions.ActionException e) {
            return error(e.status(), e.getMessage());
        }
    }

    ObjectNode weComJson() {
        Instant now = state.now();
        ObjectNode out = json.object();
        ArrayNode apps = out.putArray("apps");
        state.weComApps().forEach(a -> apps.add(weComAppJson(a)));
        ArrayNode members = out.putArray("members");
        state.weComMembers().forEach(m -> members.add(weComMemberJson(m)));
        ArrayNode outsiders = out.putArray("outsiders");
        state.weComOutsiders().forEach(o -> outsiders.add(weComOutsiderJson(o)));
        ObjectNode sessions = out.putObject("clientUsers");
        for (String corpId : state.weComCorpIds()) {
            sessions.put(corpId, state.weComClientUser(corpId).orElse(null));
        }
        ArrayNode logins = out.putArray("logins");
        weCom.pendingLogins().forEach(l -> logins.add(weComLoginJson(l, now)));
        return out;
    }

    private ObjectNode weComAppJson(SandboxWeComApp app) {
        ObjectNode out = json.object();
        out.put("corpId", app.corpId());
        out.put("agentId", app.agentId());
        out.put("name", app.name());
        out.put("corpName", app.corpName());
        out.put("secret", Secrets.mask(app.secret()));
        out.put("trustedDomain", app.trustedDomain());
        return out;
    }

    private ObjectNode weComMemberJson(SandboxWeComMember member) {
        ObjectNode out = json.object();
        out.put("corpId", member.corpId());
        out.put("userid", member.userid());
        out.put("name", member.name());
        out.put("mobile", member.mobile());
        out.put("email", member.email());
        out.put("bizMail", member.bizMail());
        out.put("address", member.address());
        out.put("gender", member.gender());
        out.put("avatar", weCom.avatarOf(member));
        ArrayNode department = out.putArray("department");
        member.department().forEach(department::add);
        out.put("position", member.position());
        out.put("status", member.status());
        return out;
    }

    private ObjectNode weComOutsiderJson(SandboxWeComOutsider outsider) {
        ObjectNode out = json.object();
        out.put("id", outsider.id());
        out.put("name", outsider.name());
        ObjectNode corps = out.putObject("corps");
        for (String corpId : state.weComCorpIds()) {
            ObjectNode ids = corps.putObject(corpId);
            ids.put("openid", state.weComOpenidOf(corpId, outsider.id()));
            ids.put("external_userid", state.externalUseridOf(corpId, outsider.id()));
        }
        return out;
    }

    private ObjectNode weComLoginJson(WeComService.Login login, Instant now) {
        ObjectNode out = json.object();
        out.put("key", login.key());
        out.put("corpId", login.corpId());
        out.put("agentId", login.agentId());
        out.put("redirectUri", login.redirectUri());
        out.put("state", login.oauthState());
        out.put("lang", login.lang());
        out.put("createdAt", login.createdAt().getEpochSecond());
        out.put("expiresAt", login.expiresAt().getEpochSecond());
        if (login.outcome() == null) {
            out.put("expiresIn", TokenService.secondsUntil(now, login.expiresAt()));
        } else {
            out.put("outcome", login.outcome());
            out.put("userid", login.personId());
            if (login.member() == null) {
                out.putNull("member");
            } else {
                out.put("member", login.member());
            }
            out.put("redirect", login.redirectTo());
        }
        return out;
    }

    // --- JSON views ----------------------------------------------------------------------------------

    ObjectNode stateJson() {
        Instant now = state.now();
        ObjectNode out = json.object();
        out.put("baseUrl", baseUrl.get());
        out.put("now", now.getEpochSecond());
        ArrayNode apps = out.putArray("apps");
        state.apps().forEach(a -> apps.add(appJson(a)));
        ArrayNode users = out.putArray("users");
        state.users().forEach(u -> users.add(userJson(u)));
        ArrayNode qrCodes = out.putArray("qrCodes");
        state.pendingQrCodes().forEach(q -> qrCodes.add(qrJson(q, now)));
        ArrayNode websiteLogins = out.putArray("websiteLogins");
        state.pendingWebsiteLogins().forEach(l -> websiteLogins.add(websiteLoginJson(l, now)));
        out.set("wecom", weComJson());
        out.set("calls", json.tree(state.callCounts()));
        out.set("faults", faultsJson().get("faults"));
        ArrayNode chat = out.putArray("chat");
        state.chat().forEach(m -> {
            ObjectNode line = chat.addObject();
            line.put("at", m.at().getEpochSecond());
            line.put("user", m.userId());
            line.put("appId", m.appId());
            line.put("from", m.from());
            line.put("text", m.text());
        });
        return out;
    }

    private ObjectNode appJson(SandboxApp app) {
        ObjectNode out = json.object();
        out.put("appId", app.appId());
        out.put("kind", app.kind());
        out.put("name", app.name());
        out.put("originalId", app.originalId());
        out.put("appSecret", Secrets.mask(app.appSecret()));
        out.put("token", Secrets.mask(app.token()));
        out.put("encodingAesKey", Secrets.mask(app.encodingAesKey()));
        out.put("messageMode", app.messageMode());
        out.put("callbackUrl", app.callbackUrl());
        out.put("openPlatformBound", app.openPlatformBound());
        return out;
    }

    private ObjectNode userJson(SandboxUser user) {
        ObjectNode out = json.object();
        out.put("id", user.id());
        out.put("nickname", user.nickname());
        out.put("avatarUrl", avatarUrl.apply(user));
        out.put("phone", user.phone());
        out.put("unionid", state.unionidOf(user.id()));
        ObjectNode apps = out.putObject("apps");
        for (SandboxApp app : state.apps()) {
            ObjectNode perApp = apps.putObject(app.appId());
            perApp.put("openid", state.openidOf(user.id(), app.appId()));
            if (!app.serviceAccount()) {
                continue;
            }
            perApp.put("follows", state.follows(user.id(), app.appId()));
            state.subscription(user.id(), app.appId()).ifPresent(s -> {
                perApp.put("subscribeTime", s.subscribedAt().getEpochSecond());
                perApp.put("subscribeScene", s.subscribeScene());
            });
        }
        return out;
    }

    private ObjectNode qrJson(SandboxQrCode qr, Instant now) {
        ObjectNode out = json.object();
        out.put("ticket", qr.ticket());
        out.put("url", qr.url());
        out.put("scene", qr.scene());
        out.put("appId", qr.appId());
        out.put("appName", state.app(qr.appId()).map(SandboxApp::name).orElse(qr.appId()));
        out.put("createdAt", qr.createdAt().getEpochSecond());
        if (qr.expiresAt() != null) {
            out.put("expiresAt", qr.expiresAt().getEpochSecond());
            out.put("expiresIn", QrCodeService.remainingSeconds(qr, now));
        }
        out.put("permanent", qr.permanent());
        return out;
    }

    private ObjectNode websiteLoginJson(SandboxWebsiteLogin login, Instant now) {
        ObjectNode out = json.object();
        out.put("uuid", login.uuid());
        out.put("appId", login.appId());
        out.put("appName", state.app(login.appId()).map(SandboxApp::name).orElse(login.appId()));
        out.put("redirectUri", login.redirectUri());
        out.put("state", login.oauthState());
        out.put("lang", login.lang());
        out.put("jssdk", login.jssdk());
        out.put("createdAt", login.createdAt().getEpochSecond());
        out.put("expiresAt", login.expiresAt().getEpochSecond());
        if (login.outcome() == null) {
            out.put("expiresIn", TokenService.secondsUntil(now, login.expiresAt()));
        } else {
            out.put("outcome", login.outcome());
            out.put("user", login.userId());
            out.put("redirect", login.redirectTo());
            out.put("target", login.navigatesTop() ? "top" : "self");
        }
        return out;
    }

    private ObjectNode resultJson(PushResult result) {
        ObjectNode out = json.object();
        out.put("event", result.event());
        out.put("openid", result.openid());
        out.put("attempts", result.attempts());
        out.put("delivered", result.delivered());
        putNullable(out, "httpStatus", result.httpStatus());
        out.put("replyText", result.replyText());
        if (result.error() != null) {
            out.put("error", result.error());
        }
        return out;
    }

    private ObjectNode faultsJson() {
        ObjectNode out = json.object();
        ArrayNode list = out.putArray("faults");
        for (FaultInjector.Fault f : faults.active()) {
            ObjectNode item = list.addObject();
            item.put("api", f.api());
            putNullable(item, "errcode", f.errcode());
            item.put("errmsg", f.errmsg());
            putNullable(item, "httpStatus", f.httpStatus());
            item.put("delayMs", f.delayMs());
            item.put("times", f.times());
            item.put("body", f.body());
            putNullable(item, "oversizeBytes", f.oversizeBytes());
        }
        return out;
    }

    private ObjectNode statsJson() {
        ObjectNode out = json.object();
        out.set("calls", json.tree(state.callCounts()));
        return out;
    }

    // --- helpers -------------------------------------------------------------------------------------

    private interface JsonHandler {
        Response handle(Request request, ObjectNode body) throws IOException;
    }

    /** Parses the JSON body once for a handler; a body that is not a JSON object gets {@link #badJson}. */
    private Router.PageHandler withJson(JsonHandler handler) {
        return request -> {
            try {
                return handler.handle(request, json.parseObject(request.body()));
            } catch (Json.BadJsonException e) {
                return badJson(e);
            }
        };
    }

    private Response ok(JsonNode body) {
        return Response.of(200, Response.JSON, json.write(body));
    }

    private Response error(int status, String message) {
        ObjectNode out = json.object();
        out.put("error", message);
        return Response.of(status, Response.JSON, json.write(out));
    }

    /** Bad JSON: HTTP 400 with WeChat's own code for it, so either reading of the answer works. */
    private Response badJson(Json.BadJsonException e) {
        ObjectNode out = json.object();
        out.put("errcode", 47001);
        out.put("errmsg", "data format error");
        out.put("error", e.getMessage());
        return Response.of(400, Response.JSON, json.write(out));
    }

    private static void putNullable(ObjectNode node, String field, Integer value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an integer");
        }
        return node.asInt();
    }

    private static long number(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an integer");
        }
        return node.asLong();
    }
}
