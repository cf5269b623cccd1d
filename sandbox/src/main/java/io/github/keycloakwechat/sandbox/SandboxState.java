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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory world the sandbox simulates: apps, people, who follows what, issued QR codes, website logins
 * waiting on their qrconnect page, API call counters, what each person saw in their chat, and a clock that tests
 * can move forward. Thread-safe.
 */
public final class SandboxState {

    /** How a person came to follow an app, as {@code cgi-bin/user/info} reports it. */
    public record Subscription(Instant subscribedAt, String subscribeScene, long qrScene, String qrSceneStr) {
    }

    /** One line in a person's chat with an app, as the phone page shows it. */
    public record ChatMessage(Instant at, String userId, String appId, String from, String text) {
    }

    private static final int CHAT_LIMIT = 200;
    /** Expired QR codes stay listed this long (so a late scan answers "expired", then they are dropped). */
    private static final Duration QR_RETENTION = Duration.ofMinutes(10);

    private final Map<String, SandboxApp> apps = new LinkedHashMap<>();
    private final Map<String, SandboxUser> users = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SandboxQrCode> qrByTicket = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> ticketByQrId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SandboxWebsiteLogin> websiteLogins = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Deque<ChatMessage> chat = new ArrayDeque<>();
    private final AtomicLong clockOffsetMillis = new AtomicLong();

    public SandboxState(Collection<SandboxApp> initialApps, Collection<SandboxUser> initialUsers) {
        initialApps.forEach(this::putApp);
        initialUsers.forEach(this::putUser);
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

    /** Adds or replaces an app (keyed by appId), of any kind. */
    public synchronized void putApp(SandboxApp app) {
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

    private static String digest(String input) {
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
