package io.github.keycloakwechat.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory world the sandbox simulates: apps, people, who follows what, issued QR codes, website logins
 * waiting on their qrconnect page, Mini Program codes (wx.login() and getPhoneNumber), API call counters, what each
 * person saw in their chat, and a clock that tests can move forward. Thread-safe.
 */
public final class SandboxState {

    /** How a person came to follow an app, as {@code cgi-bin/user/info} reports it. */
    public record Subscription(Instant subscribedAt, String subscribeScene, long qrScene, String qrSceneStr) {
    }

    /** One line in a person's chat with an app, as the phone page shows it. */
    public record ChatMessage(Instant at, String userId, String appId, String from, String text) {
    }

    /**
     * A code a Mini Program got on the person's phone: from {@code wx.login()} (redeemed with
     * {@code sns/jscode2session}) or from the getPhoneNumber button (redeemed with
     * {@code wxa/business/getuserphonenumber}; {@code phone} is the number the person shared).
     */
    record MiniProgramCode(String code, String appId, String userId, String phone, Instant expiresAt, AtomicBoolean used) {
    }

    /** How long a Mini Program's login code (wx.login: 有效期五分钟) and phone code live. */
    public static final Duration MINI_PROGRAM_CODE_LIFETIME = Duration.ofMinutes(5);

    private static final int CHAT_LIMIT = 200;
    private static final int SESSION_KEY_LIMIT = 10_000;
    /** Expired QR codes stay listed this long (so a late scan answers "expired", then they are dropped). */
    private static final Duration QR_RETENTION = Duration.ofMinutes(10);

    private final Map<String, SandboxApp> apps = new LinkedHashMap<>();
    private final Map<String, SandboxUser> users = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SandboxQrCode> qrByTicket = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> ticketByQrId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SandboxWebsiteLogin> websiteLogins = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MiniProgramCode> miniProgramLoginCodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MiniProgramCode> miniProgramPhoneCodes = new ConcurrentHashMap<>();
    /** The current session_key per Mini Program and person, and every one issued (oldest first, bounded). */
    private final ConcurrentHashMap<String, String> sessionKeys = new ConcurrentHashMap<>();
    private final Deque<String> issuedSessionKeys = new ArrayDeque<>();
    private final ConcurrentHashMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Ids ids = new Ids();
    private final Deque<ChatMessage> chat = new ArrayDeque<>();
    private final AtomicLong clockOffsetMillis = new AtomicLong();
    /** WeCom: apps by "corpId/agentId", members by "corpId/userid", outsiders by id, who uses the client per corp. */
    private final Map<String, SandboxWeComApp> weComApps = new LinkedHashMap<>();
    private final Map<String, SandboxWeComMember> weComMembers = new LinkedHashMap<>();
    private final Map<String, SandboxWeComOutsider> weComOutsiders = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, String> weComClientUsers = new ConcurrentHashMap<>();

    /** Apps and people, with the default WeCom corp ({@link SandboxWeCom#defaults()}). */
    public SandboxState(Collection<SandboxApp> initialApps, Collection<SandboxUser> initialUsers) {
        this(initialApps, initialUsers, SandboxWeCom.defaults());
    }

    public SandboxState(Collection<SandboxApp> initialApps, Collection<SandboxUser> initialUsers, SandboxWeCom wecom) {
        initialApps.forEach(this::putApp);
        initialUsers.forEach(this::putUser);
        wecom.apps().forEach(this::putWeComApp);
        wecom.members().forEach(this::putWeComMember);
        wecom.outsiders().forEach(this::putWeComOutsider);
    }

    /** The one source of random ids of this sandbox, shared by its services. */
    Ids ids() {
        return ids;
    }

    /**
     * Every secret this sandbox configured or issued: AppSecrets, push Tokens, EncodingAESKeys, WeCom app secrets,
     * and the access tokens, codes and session keys it handed out. A relying party must never log any of them.
     */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (SandboxApp app : apps()) {
            out.add(app.appSecret());
            out.add(app.token());
            out.add(app.encodingAesKey());
        }
        weComApps().forEach(app -> out.add(app.secret()));
        out.addAll(ids.secretsIssued());
        out.removeIf(secret -> secret == null || secret.isEmpty());
        return out;
    }

    // --- clock ---------------------------------------------------------------------------------------

    /** The sandbox's "now": wall-clock time plus whatever {@link #advanceClock} added. */
    public Instant now() {
        return Instant.now().plusMillis(clockOffsetMillis.get());
    }

    /** Moves the sandbox clock forward, e.g. to expire tokens, codes and QR codes in a test. */
    public void advanceClock(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        clockOffsetMillis.addAndGet(duration.toMillis());
    }

    // --- apps and users ------------------------------------------------------------------------------

    public synchronized List<SandboxApp> apps() {
        return List.copyOf(apps.values());
    }

    public synchronized Optional<SandboxApp> app(String appId) {
        return Optional.ofNullable(appId == null ? null : apps.get(appId));
    }

    /** The app whose AppSecret this is, or WeChat's error for a missing or wrong appid/secret. */
    SandboxApp authenticateApp(String appId, String secret) throws ApiError {
        if (appId == null || appId.isEmpty()) {
            throw new ApiError(41002, "appid missing");
        }
        if (secret == null || secret.isEmpty()) {
            throw new ApiError(41004, "appsecret missing");
        }
        SandboxApp app = app(appId).orElseThrow(() -> new ApiError(40013, "invalid appid"));
        if (!Secrets.equal(app.appSecret(), secret)) {
            throw new ApiError(40125, "invalid appsecret");
        }
        return app;
    }

    /**
     * Adds or replaces an app (keyed by appId), of any kind.
     *
     * @throws IllegalArgumentException when the AppID is the CorpID of a WeCom corp
     */
    public synchronized void putApp(SandboxApp app) {
        if (isWeComCorp(app.appId())) {
            throw new IllegalArgumentException(app.appId() + " is the CorpID of a WeCom corp; a WeChat app needs another AppID");
        }
        apps.put(app.appId(), app);
    }

    public synchronized List<SandboxUser> users() {
        return List.copyOf(users.values());
    }

    public synchronized Optional<SandboxUser> user(String userId) {
        return Optional.ofNullable(userId == null ? null : users.get(userId));
    }

    /** Adds or replaces a person (keyed by id). */
    public synchronized void putUser(SandboxUser user) {
        users.put(user.id(), user);
    }

    /**
     * Gives a person another phone number ({@code "+86 13800000009"}, {@code "13800000009"}) or none (null).
     *
     * @throws NoSuchElementException   for an unknown person
     * @throws IllegalArgumentException for a malformed number
     */
    public synchronized SandboxUser setPhone(String userId, String phone) {
        SandboxUser user = user(userId).orElseThrow(() -> new NoSuchElementException("unknown user " + userId));
        SandboxUser updated = user.withPhone(phone);
        users.put(updated.id(), updated);
        return updated;
    }

    // --- WeCom (企业微信) ---------------------------------------------------------------------------------

    /** All WeCom apps, in the order they were added. */
    public synchronized List<SandboxWeComApp> weComApps() {
        return List.copyOf(weComApps.values());
    }

    /** A WeCom app by CorpID and AgentId. */
    public synchronized Optional<SandboxWeComApp> weComApp(String corpId, String agentId) {
        return Optional.ofNullable(corpId == null || agentId == null ? null : weComApps.get(corpId + "/" + agentId));
    }

    /** The apps of one corp (empty for an unknown CorpID). */
    public synchronized List<SandboxWeComApp> weComAppsOf(String corpId) {
        return weComApps.values().stream().filter(a -> a.corpId().equals(corpId)).toList();
    }

    /** Whether a corp with this CorpID exists (has at least one app). */
    public synchronized boolean isWeComCorp(String corpId) {
        return corpId != null && weComApps.values().stream().anyMatch(a -> a.corpId().equals(corpId));
    }

    /** The CorpIDs, in the order their first app was added. */
    public synchronized List<String> weComCorpIds() {
        return weComApps.values().stream().map(SandboxWeComApp::corpId).distinct().toList();
    }

    /** The corp's display name (its first app's corpName). */
    public synchronized String weComCorpName(String corpId) {
        return weComAppsOf(corpId).stream().findFirst().map(SandboxWeComApp::corpName).orElse(corpId);
    }

    /**
     * Adds or replaces a WeCom app (keyed by CorpID and AgentId); a new CorpID creates a corp.
     *
     * @throws IllegalArgumentException when the CorpID is the AppID of a WeChat app
     */
    public synchronized void putWeComApp(SandboxWeComApp app) {
        if (apps.containsKey(app.corpId())) {
            throw new IllegalArgumentException(app.corpId() + " is the AppID of a WeChat app; a WeCom corp needs another CorpID");
        }
        weComApps.put(app.corpId() + "/" + app.agentId(), app);
    }

    /**
     * The corp a control-API call or Java caller means: {@code corpId} itself when it is a corp, the only corp when
     * it is null.
     *
     * @throws NoSuchElementException   for an unknown CorpID, or null when there is no corp
     * @throws IllegalArgumentException for null when there are several corps
     */
    public synchronized String resolveWeComCorp(String corpId) {
        if (corpId == null || corpId.isEmpty()) {
            List<String> corps = weComCorpIds();
            if (corps.isEmpty()) {
                throw new NoSuchElementException("there is no WeCom corp");
            }
            if (corps.size() > 1) {
                throw new IllegalArgumentException("\"corpId\" is required: there are " + corps.size() + " WeCom corps");
            }
            return corps.get(0);
        }
        if (!isWeComCorp(corpId)) {
            throw new NoSuchElementException("unknown WeCom corp " + corpId);
        }
        return corpId;
    }

    /** All members of all corps. */
    public synchronized List<SandboxWeComMember> weComMembers() {
        return List.copyOf(weComMembers.values());
    }

    /** The members of one corp, in the order they were added. */
    public synchronized List<SandboxWeComMember> weComMembers(String corpId) {
        return weComMembers.values().stream().filter(m -> m.corpId().equals(corpId)).toList();
    }

    /** A member by CorpID and userid. */
    public synchronized Optional<SandboxWeComMember> weComMember(String corpId, String userid) {
        return Optional.ofNullable(corpId == null || userid == null ? null : weComMembers.get(corpId + "/" + userid));
    }

    /**
     * Adds or replaces a member (keyed by CorpID and userid); a null corpId means the only corp.
     *
     * @return the member as stored (with its corpId)
     * @throws NoSuchElementException   for an unknown corp
     * @throws IllegalArgumentException for a null corpId with several corps, or a userid that is an outsider's id
     */
    public synchronized SandboxWeComMember putWeComMember(SandboxWeComMember member) {
        String corpId = resolveWeComCorp(member.corpId());
        if (weComOutsiders.containsKey(member.userid())) {
            throw new IllegalArgumentException(member.userid() + " is the id of an outsider; a member needs another userid");
        }
        SandboxWeComMember stored = member.withCorpId(corpId);
        weComMembers.put(corpId + "/" + stored.userid(), stored);
        return stored;
    }

    /** Removes a member (who thereby leaves the corp); true if there was one. */
    public synchronized boolean removeWeComMember(String corpId, String userid) {
        boolean removed = weComMembers.remove(corpId + "/" + userid) != null;
        if (removed) {
            weComClientUsers.remove(corpId, userid);
        }
        return removed;
    }

    /** People who are not members of any corp. */
    public synchronized List<SandboxWeComOutsider> weComOutsiders() {
        return List.copyOf(weComOutsiders.values());
    }

    public synchronized Optional<SandboxWeComOutsider> weComOutsider(String id) {
        return Optional.ofNullable(id == null ? null : weComOutsiders.get(id));
    }

    /**
     * Adds or replaces an outsider (keyed by id).
     *
     * @throws IllegalArgumentException when the id is the userid of a member
     */
    public synchronized void putWeComOutsider(SandboxWeComOutsider outsider) {
        if (weComMembers.values().stream().anyMatch(m -> m.userid().equals(outsider.id()))) {
            throw new IllegalArgumentException(outsider.id() + " is the userid of a member; an outsider needs another id");
        }
        weComOutsiders.put(outsider.id(), outsider);
    }

    /**
     * Who is "using the WeCom client" of a corp: in-client OAuth ({@code connect/oauth2/authorize} with the CorpID)
     * then redirects at once as this person for snsapi_base, and preselects them on the snsapi_privateinfo consent
     * page. {@code personId} is a member's userid or an outsider's id; null clears it (the authorize link then shows
     * a page asking who is using the client).
     *
     * @throws NoSuchElementException for an unknown corp, or a person who is neither a member of it nor an outsider
     */
    public void setWeComClientUser(String corpId, String personId) {
        synchronized (this) {
            if (!isWeComCorp(corpId)) {
                throw new NoSuchElementException("unknown WeCom corp " + corpId);
            }
            if (personId == null) {
                weComClientUsers.remove(corpId);
                return;
            }
            if (weComMember(corpId, personId).isEmpty() && weComOutsider(personId).isEmpty()) {
                throw new NoSuchElementException(personId + " is neither a member of " + corpId + " nor an outsider");
            }
            weComClientUsers.put(corpId, personId);
        }
    }

    /** Who is using the WeCom client of this corp, if anybody was set (and still exists). */
    public synchronized Optional<String> weComClientUser(String corpId) {
        String id = corpId == null ? null : weComClientUsers.get(corpId);
        if (id == null || (weComMember(corpId, id).isEmpty() && weComOutsider(id).isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    /** A non-member's openid in a corp: "o" + 27 characters, stable across runs, different per corp. */
    public String weComOpenidOf(String corpId, String personId) {
        return "o" + digest("wecom-openid:" + corpId + ":" + personId).substring(0, 27);
    }

    /** A non-member's external_userid in a corp: "wm" + 30 characters, stable across runs, different per corp. */
    public String externalUseridOf(String corpId, String personId) {
        return "wm" + digest("wecom-external:" + corpId + ":" + personId).substring(0, 30);
    }

    // --- identities ----------------------------------------------------------------------------------

    /** The person's openid in an app: "o" + 27 characters, stable across runs, different per app. */
    public String openidOf(String userId, String appId) {
        return "o" + digest(appId + ":" + userId).substring(0, 27);
    }

    /**
     * The person's unionid, the same for every app bound to the (single, simulated) Open Platform account: a
     * Service Account and a website app see the same unionid but different openids. Apps that are not bound
     * ({@link SandboxApp#openPlatformBound()} false) never return it.
     */
    public String unionidOf(String userId) {
        return "u" + digest("unionid:" + userId).substring(0, 27);
    }

    /** Who has this openid in this app, if anyone. */
    public Optional<SandboxUser> userByOpenid(String appId, String openid) {
        if (openid == null) {
            return Optional.empty();
        }
        return users().stream().filter(u -> openidOf(u.id(), appId).equals(openid)).findFirst();
    }

    static String digest(String input) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- follows -------------------------------------------------------------------------------------

    public boolean follows(String userId, String appId) {
        return subscriptions.containsKey(key(userId, appId));
    }

    public Optional<Subscription> subscription(String userId, String appId) {
        return Optional.ofNullable(subscriptions.get(key(userId, appId)));
    }

    /** Follows (as by searching the account: ADD_SCENE_OTHERS) or unfollows, without any push. */
    public void setFollows(String userId, String appId, boolean follows) {
        if (follows) {
            subscriptions.putIfAbsent(key(userId, appId), new Subscription(now(), "ADD_SCENE_OTHERS", 0, ""));
        } else {
            subscriptions.remove(key(userId, appId));
        }
    }

    /**
     * Follows through a QR code unless already following; atomic.
     *
     * @return true when the person just followed (a {@code subscribe} event), false when they already did ({@code SCAN})
     */
    boolean followViaQr(String userId, SandboxQrCode qr) {
        long qrScene = qr.stringScene() ? 0 : Long.parseLong(qr.scene());
        String qrSceneStr = qr.stringScene() ? qr.scene() : "";
        Subscription created = new Subscription(now(), "ADD_SCENE_QR_CODE", qrScene, qrSceneStr);
        return subscriptions.putIfAbsent(key(userId, qr.appId()), created) == null;
    }

    /** Unfollows; true if the person was following. */
    boolean unfollow(String userId, String appId) {
        return subscriptions.remove(key(userId, appId)) != null;
    }

    private static String key(String userId, String appId) {
        return userId + "\n" + appId;
    }

    // --- QR codes ------------------------------------------------------------------------------------

    void addQrCode(SandboxQrCode qr) {
        purgeOldQrCodes();
        qrByTicket.put(qr.ticket(), qr);
        ticketByQrId.put(qr.id(), qr.ticket());
    }

    /** All issued QR codes still remembered (expired ones are dropped some minutes after expiry), newest first. */
    public List<SandboxQrCode> qrCodes() {
        List<SandboxQrCode> all = new ArrayList<>(qrByTicket.values());
        all.sort(Comparator.comparing(SandboxQrCode::createdAt).reversed());
        return all;
    }

    /** The QR codes that can be scanned now, newest first. */
    public List<SandboxQrCode> pendingQrCodes() {
        Instant now = now();
        return qrCodes().stream().filter(q -> q.validAt(now)).toList();
    }

    /** A QR code by ticket, only while it is valid. */
    public Optional<SandboxQrCode> validQrByTicket(String ticket) {
        Instant now = now();
        return Optional.ofNullable(ticket == null ? null : qrByTicket.get(ticket)).filter(q -> q.validAt(now));
    }

    /** A QR code by the id at the end of its url, only while it is valid. */
    public Optional<SandboxQrCode> validQrById(String id) {
        String ticket = id == null ? null : ticketByQrId.get(id);
        return validQrByTicket(ticket);
    }

    private void purgeOldQrCodes() {
        Instant cutoff = now().minus(QR_RETENTION);
        qrByTicket.values().removeIf(q -> {
            boolean old = q.expiresAt() != null && q.expiresAt().isBefore(cutoff);
            if (old) {
                ticketByQrId.remove(q.id());
            }
            return old;
        });
    }

    // --- website logins (connect/qrconnect) -------------------------------------------------------------

    void putWebsiteLogin(SandboxWebsiteLogin login) {
        Instant cutoff = now().minus(QR_RETENTION);
        websiteLogins.values().removeIf(l -> l.expiresAt().isBefore(cutoff));
        websiteLogins.put(login.uuid(), login);
    }

    /** Replaces a website login only if it is still {@code expected}; false when somebody else got there first. */
    boolean replaceWebsiteLogin(SandboxWebsiteLogin expected, SandboxWebsiteLogin updated) {
        return websiteLogins.replace(expected.uuid(), expected, updated);
    }

    /** A website login by the uuid of its QR code, in whatever state (expired ones are dropped after some minutes). */
    public Optional<SandboxWebsiteLogin> websiteLogin(String uuid) {
        return Optional.ofNullable(uuid == null ? null : websiteLogins.get(uuid));
    }

    /** The website logins (qrconnect pages) a person can still confirm, newest first. */
    public List<SandboxWebsiteLogin> pendingWebsiteLogins() {
        Instant now = now();
        List<SandboxWebsiteLogin> out = new ArrayList<>(websiteLogins.values().stream().filter(l -> l.pendingAt(now)).toList());
        out.sort(Comparator.comparing(SandboxWebsiteLogin::createdAt).reversed());
        return out;
    }

    // --- Mini Program codes --------------------------------------------------------------------------

    /**
     * What {@code wx.login()} gives the Mini Program when this person opens it: a code for {@code sns/jscode2session},
     * single use, valid {@link #MINI_PROGRAM_CODE_LIFETIME} (5 minutes of the sandbox clock).
     *
     * @throws NoSuchElementException   for an unknown app or person
     * @throws IllegalArgumentException when the app is not a Mini Program
     */
    public String mintMiniProgramLoginCode(String appId, String userId) {
        SandboxApp app = miniProgram(appId);
        SandboxUser user = user(userId).orElseThrow(() -> new NoSuchElementException("unknown user " + userId));
        purgeMiniProgramCodes();
        String code = ids.code(32);
        miniProgramLoginCodes.put(code, new MiniProgramCode(code, app.appId(), user.id(), null,
                now().plus(MINI_PROGRAM_CODE_LIFETIME), new AtomicBoolean()));
        addChat(user.id(), app.appId(), "user", "打开了小程序「" + app.name() + "」(wx.login) / Opened the Mini Program");
        return code;
    }

    /**
     * What the getPhoneNumber button ({@code <button open-type="getPhoneNumber">}) gives the Mini Program when this
     * person allows it: a code for {@code wxa/business/getuserphonenumber} carrying the person's phone number, single
     * use, valid {@link #MINI_PROGRAM_CODE_LIFETIME}.
     *
     * @throws NoSuchElementException   for an unknown app or person
     * @throws IllegalArgumentException when the app is not a Mini Program or the person has no phone number
     */
    public String mintMiniProgramPhoneCode(String appId, String userId) {
        SandboxApp app = miniProgram(appId);
        SandboxUser user = user(userId).orElseThrow(() -> new NoSuchElementException("unknown user " + userId));
        if (!user.hasPhone()) {
            throw new IllegalArgumentException(user.id() + " has no phone number bound to WeChat, so the getPhoneNumber "
                    + "button gives no code (set one with PUT /sandbox/api/users/" + user.id() + " {\"phone\":\"+86 …\"})");
        }
        purgeMiniProgramCodes();
        String code = ids.phoneCode();
        miniProgramPhoneCodes.put(code, new MiniProgramCode(code, app.appId(), user.id(), user.phone(),
                now().plus(MINI_PROGRAM_CODE_LIFETIME), new AtomicBoolean()));
        addChat(user.id(), app.appId(), "user", "允许小程序「" + app.name() + "」获取手机号 " + user.phone()
                + " / Shared the phone number");
        return code;
    }

    /** A wx.login() code by its value, used or not, expired or not (forgotten some minutes after expiry). */
    Optional<MiniProgramCode> miniProgramLoginCode(String code) {
        return Optional.ofNullable(code == null ? null : miniProgramLoginCodes.get(code));
    }

    /** A getPhoneNumber code by its value, used or not, expired or not (forgotten some minutes after expiry). */
    Optional<MiniProgramCode> miniProgramPhoneCode(String code) {
        return Optional.ofNullable(code == null ? null : miniProgramPhoneCodes.get(code));
    }

    /**
     * The session_key {@code jscode2session} last answered for this Mini Program and person, if any. Session keys
     * are secrets: no sandbox page or control API shows them; this is for tests that check nobody leaks them.
     */
    public Optional<String> sessionKeyOf(String appId, String userId) {
        return Optional.ofNullable(sessionKeys.get(key(userId, appId)));
    }

    /** Every session_key {@code jscode2session} answered so far (oldest first; the latest 10,000). Java only, as above. */
    public List<String> issuedSessionKeys() {
        synchronized (issuedSessionKeys) {
            return List.copyOf(issuedSessionKeys);
        }
    }

    void recordSessionKey(String appId, String userId, String sessionKey) {
        sessionKeys.put(key(userId, appId), sessionKey);
        synchronized (issuedSessionKeys) {
            issuedSessionKeys.addLast(sessionKey);
            while (issuedSessionKeys.size() > SESSION_KEY_LIMIT) {
                issuedSessionKeys.removeFirst();
            }
        }
    }

    private SandboxApp miniProgram(String appId) {
        SandboxApp app = app(appId).orElseThrow(() -> new NoSuchElementException("unknown app " + appId));
        if (!app.miniProgramApp()) {
            throw new IllegalArgumentException(appId + " is " + SandboxApp.kindLabel(app.kind())
                    + ", not a Mini Program: only Mini Programs have wx.login() and getPhoneNumber codes");
        }
        return app;
    }

    private void purgeMiniProgramCodes() {
        Instant cutoff = now().minus(QR_RETENTION);
        miniProgramLoginCodes.values().removeIf(c -> c.expiresAt().isBefore(cutoff));
        miniProgramPhoneCodes.values().removeIf(c -> c.expiresAt().isBefore(cutoff));
    }

    // --- counters ------------------------------------------------------------------------------------

    /** How many times a WeChat API was called since the last reset, e.g. {@code calls("stable_token")}. */
    public int calls(String apiName) {
        AtomicInteger counter = counters.get(apiName);
        return counter == null ? 0 : counter.get();
    }

    /** All non-zero counters, sorted by API name. */
    public Map<String, Integer> callCounts() {
        Map<String, Integer> out = new TreeMap<>();
        counters.forEach((name, count) -> {
            if (count.get() > 0) {
                out.put(name, count.get());
            }
        });
        return out;
    }

    public void resetCounters() {
        counters.clear();
    }

    int countCall(String apiName) {
        return counters.computeIfAbsent(apiName, k -> new AtomicInteger()).incrementAndGet();
    }

    // --- chat ----------------------------------------------------------------------------------------

    void addChat(String userId, String appId, String from, String text) {
        synchronized (chat) {
            chat.addLast(new ChatMessage(now(), userId, appId, from, text));
            while (chat.size() > CHAT_LIMIT) {
                chat.removeFirst();
            }
        }
    }

    /** The most recent chat lines of all people (oldest first). */
    public List<ChatMessage> chat() {
        synchronized (chat) {
            return List.copyOf(chat);
        }
    }
}
