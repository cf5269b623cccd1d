package io.github.keycloakwechat.resource;

import io.github.keycloakwechat.broker.WeChatProviders;
import io.github.keycloakwechat.confirm.PhoneConfirmation;
import io.github.keycloakwechat.push.BoundedBody;
import io.github.keycloakwechat.push.PushDeliveryLog;
import io.github.keycloakwechat.push.PushEnvelope;
import io.github.keycloakwechat.push.PushQuery;
import io.github.keycloakwechat.push.PushReceivingFactory;
import io.github.keycloakwechat.push.PushResponses;
import io.github.keycloakwechat.push.PushTarget;
import io.github.keycloakwechat.push.SessionPushTransaction;
import io.github.keycloakwechat.qr.QrRenewal;
import io.github.keycloakwechat.scan.ScanConfirmLink;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.ScanStatus;
import io.github.keycloakwechat.scan.ScanWakeup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Routes of {@code /realms/{realm}/wechat}. Each route delegates to a class that does one thing. */
public class WeChatResource {

    private final KeycloakSession session;
    private final ScanStatusPoller poller;
    private final ScanWakeup wakeup;

    WeChatResource(KeycloakSession session, ScanStatusPoller poller, ScanWakeup wakeup) {
        this.session = session;
        this.poller = poller;
        this.wakeup = wakeup;
    }

    /**
     * The status of a login QR: pending, scanned, expired (and with confirmation on the phone: confirming or
     * denied), nothing else. With {@code known}, waits up to
     * {@code wait} seconds (at most 25) for the status to differ from it.
     */
    @GET
    @Path("scan/{scene}")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> status(@PathParam("scene") String sceneId, @QueryParam("known") String known,
                                            @QueryParam("wait") Integer waitSeconds) {
        ScanStatus current = new ScanSessionStore(session).status(sceneId);
        ScanStatus knownStatus = ScanStatus.fromWire(known);
        if (knownStatus == null || current != knownStatus || current.isFinal()) {
            return CompletableFuture.completedFuture(statusResponse(current));
        }
        Duration wait = waitSeconds == null ? ScanStatusPoller.MAX_WAIT
                : Duration.ofSeconds(Math.max(0, Math.min(waitSeconds, ScanStatusPoller.MAX_WAIT.toSeconds())));
        // The answer may come on another thread: the request's session must not outlive this method (see there).
        RequestSessionEnd.beforeAnsweringAsynchronously(session);
        return poller.awaitChange(sceneId, knownStatus, wait).thenApply(WeChatResource::statusResponse);
    }

    /** A fresh QR for the page whose code expired; only the browser holding that auth session may ask. */
    @POST
    @Path("scan/{scene}/renew")
    @Produces(MediaType.APPLICATION_JSON)
    public Response renew(@PathParam("scene") String sceneId, @HeaderParam("X-Requested-With") String requestedWith) {
        return new QrRenewal(session, realm()).renew(sceneId, requestedWith);
    }

    /** "Confirm on the phone": the link in WeChat's reply to a scan, opened in WeChat's browser. */
    @GET
    @Path(ScanConfirmLink.PATH + "/{scene}")
    @Produces(MediaType.TEXT_HTML)
    public Response openConfirmation(@PathParam("scene") String sceneId,
                                     @QueryParam(ScanConfirmLink.TOKEN_PARAM) String linkToken) {
        return new PhoneConfirmation(session, realm(), wakeup).open(sceneId, linkToken);
    }

    /** Back from WeChat's web OAuth on the phone: shows what is being signed in to, if the scanner is holding it. */
    @GET
    @Path(PhoneConfirmation.RETURN_PATH)
    @Produces(MediaType.TEXT_HTML)
    public Response returnFromConfirmationOAuth(@QueryParam("code") String code, @QueryParam("state") String state,
                                                @CookieParam(PhoneConfirmation.STATE_COOKIE) String stateCookie) {
        return new PhoneConfirmation(session, realm(), wakeup).returned(code, state, stateCookie);
    }

    /** The scanner's Confirm or Deny. */
    @POST
    @Path(PhoneConfirmation.ANSWER_PATH)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response answerConfirmation(@FormParam("token") String answerToken, @FormParam("answer") String answer) {
        return new PhoneConfirmation(session, realm(), wakeup).answer(answerToken, answer);
    }

    /** WeChat's server URL verification (服务器配置): echo {@code echostr} when the signature is ours. */
    @GET
    @Path("push/{alias}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response verifyPushUrl(@PathParam("alias") String alias, @QueryParam("signature") String signature,
                                  @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
                                  @QueryParam("echostr") String echostr) {
        PushEnvelope envelope = envelope(alias);
        return envelope == null ? PushResponses.unknownProvider() : envelope.verifyUrl(signature, timestamp, nonce, echostr);
    }

    @POST
    @Path("push/{alias}")
    public Response receivePush(@PathParam("alias") String alias, @QueryParam("signature") String signature,
                                @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
                                @QueryParam("encrypt_type") String encryptType,
                                @QueryParam("msg_signature") String msgSignature, InputStream body) throws IOException {
        PushEnvelope envelope = envelope(alias);
        if (envelope == null) {
            return PushResponses.unknownProvider();
        }
        byte[] bytes = BoundedBody.read(body, PushEnvelope.MAX_BODY_BYTES);
        if (bytes == null) {
            return PushResponses.tooLarge();
        }
        return envelope.receive(new PushQuery(signature, timestamp, nonce, encryptType, msgSignature), bytes);
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }

    /** The envelope for pushes to the enabled provider with this alias, or null when none receives pushes. */
    private PushEnvelope envelope(String alias) {
        IdentityProviderModel model = alias == null ? null : session.identityProviders().getByAlias(alias);
        if (model == null || !model.isEnabled()) {
            return null;
        }
        RealmModel realm = realm();
        return WeChatProviders.factoryWith(session, model, PushReceivingFactory.class)
                .map(factory -> new PushEnvelope(new PushTarget(realm.getId(), realm.getName(), alias),
                        factory.pushEndpoint(session, model, wakeup), new PushDeliveryLog(session.singleUseObjects()),
                        new SessionPushTransaction(session), Clock.systemUTC()))
                .orElse(null);
    }

    private static Response statusResponse(ScanStatus status) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(Map.of("status", status.wireValue())).cacheControl(noStore).build();
    }
}
