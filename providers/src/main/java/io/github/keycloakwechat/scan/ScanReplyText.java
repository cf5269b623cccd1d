package io.github.keycloakwechat.scan;

import io.github.keycloakwechat.scan.ScanSessionStore.ScanOutcome;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

/**
 * The text WeChat shows the person after a scan. We cannot know the phone's language, so the defaults come from
 * the message bundles in both zh-CN and en; realm localization overrides them, and the admin's text wins.
 */
public final class ScanReplyText {

    private static final Logger LOG = Logger.getLogger(ScanReplyText.class);
    private static final Locale[] LOCALES = {Locale.forLanguageTag("zh-CN"), Locale.ENGLISH};

    private ScanReplyText() {
    }

    /** The realm's display name, else its name: what the person is told they are signing in to. */
    public static String siteName(RealmModel realm) {
        String displayName = realm.getDisplayName();
        return displayName == null || displayName.isBlank() ? realm.getName() : displayName;
    }

    /**
     * @param customText the admin's text for a successful scan, or null for the bilingual default
     * @param confirmUrl the link that confirms the scan on the phone, for {@link ScanOutcome#AWAITING_CONFIRMATION}
     */
    public static String forOutcome(KeycloakSession session, RealmModel realm, String customText, ScanOutcome outcome,
                                    String confirmUrl) {
        if (outcome == ScanOutcome.SCANNED && customText != null) {
            return customText;
        }
        String key = switch (outcome) {
            case SCANNED -> "wechatScanReplyScanned";
            case AWAITING_CONFIRMATION -> "wechatScanReplyConfirm";
            case ALREADY_USED -> "wechatScanReplyUsed";
            case UNKNOWN_OR_EXPIRED -> "wechatScanReplyExpired";
        };
        StringBuilder text = new StringBuilder();
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            for (Locale locale : LOCALES) {
                Properties messages = theme.getEnhancedMessages(realm, locale);
                String pattern = messages.getProperty(key);
                // Naming the site lets the person notice a QR relayed from a page they did not open.
                String line = pattern == null ? null
                        : new MessageFormat(pattern, locale).format(new Object[] {siteName(realm), confirmUrl});
                if (line != null && text.indexOf(line) < 0) {
                    text.append(text.length() == 0 ? "" : "\n").append(line);
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not read the login theme's messages for the WeChat scan reply: %s", e.getMessage());
        }
        return text.length() == 0 ? key : text.toString();
    }
}
