package io.github.keycloakwechat.confirm;

import io.github.keycloakwechat.api.WeChatApiException;
import java.net.URI;
import java.util.Optional;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * A provider factory whose QR scans can be confirmed on the phone. The confirmation page finds the provider by this
 * capability and asks it, through WeChat's web OAuth, who is holding the phone.
 */
public interface PhoneConfirmingFactory {

    /** The provider's web OAuth for confirmation pages; empty when the provider does not confirm scans. */
    Optional<PhoneIdentity> phoneIdentity(KeycloakSession session, IdentityProviderModel model);

    /** Who opened a page inside WeChat's browser, as WeChat vouches for it. */
    interface PhoneIdentity {

        /** WeChat's silent ({@code snsapi_base}) authorize URL, which returns to {@code redirectUri} with a code. */
        URI authorizeUrl(String redirectUri, String state);

        /** The openid of the person WeChat issued {@code code} to. */
        String openid(String code) throws WeChatApiException;
    }
}
