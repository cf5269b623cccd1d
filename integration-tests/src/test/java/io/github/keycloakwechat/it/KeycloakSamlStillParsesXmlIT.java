package io.github.keycloakwechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.Html;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak reads and writes SAML with the StAX parser of its flat classpath. A provider JAR that registers a
 * {@code javax.xml.stream.*} service would replace that parser for the whole server; this test proves that with our
 * JAR installed, a SAML service provider can still sign users in, and broken SAML still gets the normal error page.
 */
@KeycloakTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakSamlStillParsesXmlIT {

    private static final String SP_ENTITY_ID = "urn:test:sp";
    private static final String ACS_URL = "http://127.0.0.1:1/saml";
    private static final String USERNAME = "saml-user";
    private static final String PASSWORD = "saml-password-" + UUID.randomUUID();

    private final KeycloakServer server;
    private final AdminClient admin;
    private final String realm = "saml-xml-" + UUID.randomUUID().toString().substring(0, 8);

    KeycloakSamlStillParsesXmlIT(KeycloakServer server, AdminClient admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void createRealmWithSamlClient() {
        admin.createRealm(admin.object().put("realm", realm).put("enabled", true));
        ObjectNode client = admin.object()
                .put("clientId", SP_ENTITY_ID)
                .put("protocol", "saml")
                .put("enabled", true)
                .put("frontchannelLogout", true);
        client.putArray("redirectUris").add(ACS_URL);
        client.putObject("attributes")
                .put("saml.client.signature", "false")
                .put("saml.authnstatement", "true")
                .put("saml_assertion_consumer_url_post", ACS_URL);
        admin.createClient(realm, client);
        admin.createUserWithPassword(realm, USERNAME, PASSWORD);
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(realm);
    }

    @Test
    void theServerRunsWithTheExtensionLoaded() {
        if (server.isManaged()) {
            assertTrue(server.installedProviderJars().stream()
                            .anyMatch(p -> p.getFileName().toString().startsWith("keycloak-wechat-providers")),
                    "the providers JAR is not in the distribution's providers/: " + server.installedProviderJars());
        }
        JsonNode providers = admin.get("/admin/serverinfo").expect(200).body()
                .path("providers").path("realm-restapi-extension").path("providers");
        assertTrue(providers.has("wechat"),
                "Keycloak did not load the extension's realm resource 'wechat'; realm-restapi-extension providers: "
                        + fieldNames(providers));
    }

    @Test
    void anAuthnRequestGetsTheLoginPageAndSigningInAnswersIt() throws Exception {
        String requestId = "_" + UUID.randomUUID();
        String relayState = "relay-" + UUID.randomUUID();
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page login = browser.followRedirects(browser.get(samlRedirectUrl(
                deflateAndEncode(authnRequest(requestId)), relayState)));

        assertEquals(200, login.status(), () -> "login page expected, got " + login + "\n" + Html.abbreviate(login.body()));
        Html.Form form = login.form("#kc-form-login");
        assertTrue(Html.has(login, "#kc-form-login input[name=username]"), "no username field on the login page");
        assertTrue(Html.has(login, "#kc-form-login input[name=password]"), "no password field on the login page");

        HttpBrowser.Page answer = browser.followRedirects(
                browser.submit(form, Map.of("username", USERNAME, "password", PASSWORD)));

        assertEquals(200, answer.status(), () -> "SAML POST binding page expected, got " + answer + "\n"
                + Html.abbreviate(answer.body()));
        Html.Form post = answer.form("form:has(input[name=SAMLResponse])");
        assertEquals(URI.create(ACS_URL), post.action(), "the response must go to the SP's ACS URL");
        assertEquals(relayState, post.field("RelayState").orElse(null), "RelayState must come back unchanged");

        Element response = parseSecurely(new String(
                Base64.getMimeDecoder().decode(post.field("SAMLResponse").orElseThrow()), StandardCharsets.UTF_8));
        assertEquals("Response", response.getLocalName());
        assertEquals(requestId, response.getAttribute("InResponseTo"),
                "Keycloak must have read the request's ID out of the AuthnRequest XML");
        assertEquals("urn:oasis:names:tc:SAML:2.0:status:Success", response
                .getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "StatusCode").item(0)
                .getAttributes().getNamedItem("Value").getNodeValue());
        assertEquals(USERNAME, response.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")
                .item(0).getTextContent().trim());
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("not base64", "%%% not base64 %%%"),
                Arguments.of("base64, but not deflated",
                        Base64.getEncoder().encodeToString("plain bytes, never deflated".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("deflated, but not XML", deflateAndEncode("<<< this is not XML")),
                Arguments.of("XML, but not SAML", deflateAndEncode("<hello xmlns=\"urn:example:not-saml\">hi</hello>")),
                Arguments.of("truncated AuthnRequest", deflateAndEncode(authnRequestFor("_truncated").substring(0, 120))),
                Arguments.of("DOCTYPE with an external entity", deflateAndEncode(
                        "<?xml version=\"1.0\"?><!DOCTYPE samlp:AuthnRequest [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                                + authnRequestFor("_xxe").replace("<saml:Issuer>" + SP_ENTITY_ID, "<saml:Issuer>&xxe;"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void aMalformedRequestGetsTheNormalErrorPage(String description, String samlRequest) {
        int mark = server.hasLog() ? server.logMark() : 0;
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page page = browser.followRedirects(browser.get(samlRedirectUrl(samlRequest, "relay")));

        assertEquals(400, page.status(), () -> description + ": Keycloak's error page (400) expected, got " + page
                + "\n" + Html.abbreviate(page.body()));
        assertTrue(Html.has(page, "#kc-error-message"), () -> description + ": not Keycloak's error page:\n"
                + Html.abbreviate(page.body()));
        assertFalse(page.body().contains("root:x:0:0"), "the external entity was resolved");
        if (server.hasLog()) {
            String logged = server.logSince(mark);
            assertFalse(logged.contains("Uncaught server error"), () -> description + " caused a server error:\n" + logged);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private String authnRequest(String id) {
        return authnRequestFor(id).replace("DESTINATION", server.realmUrl(realm) + "/protocol/saml");
    }

    private static String authnRequestFor(String id) {
        return "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                + " ID=\"" + id + "\" Version=\"2.0\" IssueInstant=\"" + Instant.now() + "\""
                + " Destination=\"DESTINATION\" AssertionConsumerServiceURL=\"" + ACS_URL + "\""
                + " ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">"
                + "<saml:Issuer>" + SP_ENTITY_ID + "</saml:Issuer>"
                + "<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\" AllowCreate=\"true\"/>"
                + "</samlp:AuthnRequest>";
    }

    private String samlRedirectUrl(String samlRequest, String relayState) {
        return server.realmUrl(realm) + "/protocol/saml?SAMLRequest=" + URLEncoder.encode(samlRequest, StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
    }

    /** The HTTP-Redirect binding's encoding: raw DEFLATE, then base64 (URL-encoding happens in the URL). */
    private static String deflateAndEncode(String xml) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static Element parseSecurely(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        return document.getDocumentElement();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
