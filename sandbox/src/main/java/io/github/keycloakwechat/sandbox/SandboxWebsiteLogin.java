package io.github.keycloakwechat.sandbox;

import java.time.Instant;

/**
 * A website login (网站应用微信登录) waiting on its {@code connect/qrconnect} page: WeChat's "uuid" behind the QR code.
 * It ends when a person confirms (a code is issued) or refuses, on the page or on the sandbox phone, or when it
 * expires.
 *
 * @param uuid         the id of the page's QR code (random, single use)
 * @param appId        the website app
 * @param redirectUri  where the browser goes back to
 * @param oauthState   the {@code state} to echo back, or null if none was given
 * @param lang         "cn" or "en"
 * @param jssdk        whether the page runs inside wxLogin.js's iframe ({@code login_type=jssdk})
 * @param selfRedirect wxLogin.js's {@code self_redirect}: "true", "false", "default" (or null outside the iframe)
 * @param createdAt    when the page was shown
 * @param expiresAt    when the QR code stops working
 * @param outcome      null while waiting, then {@link #CONFIRMED} or {@link #DENIED}
 * @param userId       who confirmed or refused, once somebody did
 * @param redirectTo   where the browser is sent ({@code redirect_uri?code=…&state=…}), once somebody did
 */
public record SandboxWebsiteLogin(String uuid, String appId, String redirectUri, String oauthState, String lang,
                                  boolean jssdk, String selfRedirect, Instant createdAt, Instant expiresAt,
                                  String outcome, String userId, String redirectTo) {

    public static final String CONFIRMED = "confirmed";
    public static final String DENIED = "denied";

    /** Whether the QR code can still be scanned at {@code now}: not expired, nobody has answered yet. */
    public boolean pendingAt(Instant now) {
        return outcome == null && now.isBefore(expiresAt);
    }

    /**
     * Whether the final navigation must move the top window: inside wxLogin.js's iframe unless
     * {@code self_redirect=true}, as WeChat does.
     */
    public boolean navigatesTop() {
        return jssdk && !"true".equals(selfRedirect);
    }

    SandboxWebsiteLogin answered(String newOutcome, String byUser, String target) {
        return new SandboxWebsiteLogin(uuid, appId, redirectUri, oauthState, lang, jssdk, selfRedirect, createdAt, expiresAt,
                newOutcome, byUser, target);
    }
}
