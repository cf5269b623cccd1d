package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodeApiTest extends SandboxTestSupport {

    @Test
    void ticketsLookLikeWeChatsAndShowQrCodeNeedsUrlEncoding() throws Exception {
        String token = stableToken();
        for (int i = 0; i < 5; i++) {
            JsonNode qr = createQr(token, "login-" + i, 600);
            String ticket = qr.get("ticket").asText();
            assertTrue(ticket.contains("+") && ticket.contains("/") && ticket.endsWith("="), ticket);
            assertEquals(600, qr.get("expire_seconds").asInt());
            assertTrue(qr.get("url").asText().startsWith(sandbox.baseUrl() + "/q/"), qr.toString());

            HttpResponse<byte[]> image = getBytes("/cgi-bin/showqrcode?ticket=" + enc(ticket));
            assertEquals(200, image.statusCode());
            assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(""));
            var decoded = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(image.body()))))));
            assertEquals(qr.get("url").asText(), decoded.getText());

            // '+' unencoded in a query string means a space: WeChat answers 404, so does the sandbox.
            String unencoded = ticket.replace("/", "%2F").replace("=", "%3D");
            assertEquals(404, getBytes("/cgi-bin/showqrcode?ticket=" + unencoded).statusCode());
        }
        assertEquals(5, sandbox.state().calls("qrcode/create"));
        assertEquals(5, sandbox.state().pendingQrCodes().size());
    }

    @Test
    void expiredQrCodeIsGoneFromShowQrCodeAndCannotBeScanned() throws Exception {
        JsonNode qr = postJson("/cgi-bin/qrcode/create?access_token=" + enc(stableToken()),
                "{\"action_name\":\"QR_SCENE\",\"action_info\":{\"scene\":{\"scene_id\":123}}}");
        assertEquals(60, qr.get("expire_seconds").asInt(), "default lifetime");
        String ticket = qr.get("ticket").asText();
        assertEquals(200, getBytes("/cgi-bin/showqrcode?ticket=" + enc(ticket)).statusCode());

        sandbox.state().advanceClock(Duration.ofSeconds(61));
        assertEquals(404, getBytes("/cgi-bin/showqrcode?ticket=" + enc(ticket)).statusCode());
        HttpResponse<String> scan = send("POST", "/sandbox/api/scan", "application/json",
                "{\"user\":\"alice\",\"qrUrl\":\"" + qr.get("url").asText() + "\"}");
        assertEquals(404, scan.statusCode());
        assertFalse(sandbox.state().follows("alice", APP_ID), "no follow, no push for an expired code");
        assertEquals(404, get("/q/" + qr.get("url").asText().substring(qr.get("url").asText().lastIndexOf('/') + 1)).statusCode());
    }

    @Test
    void permanentCodesHaveNoExpiry() throws Exception {
        String token = stableToken();
        JsonNode qr = postJson("/cgi-bin/qrcode/create?access_token=" + enc(token),
                "{\"action_name\":\"QR_LIMIT_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"shop-7\"}}}");
        assertFalse(qr.has("expire_seconds"), qr.toString());
        sandbox.state().advanceClock(Duration.ofDays(40));
        assertEquals(200, getBytes("/cgi-bin/showqrcode?ticket=" + enc(qr.get("ticket").asText())).statusCode());
    }

    @Test
    void invalidRequestsGetWeChatErrors() throws Exception {
        String path = "/cgi-bin/qrcode/create?access_token=" + enc(stableToken());
        assertEquals(40097, postJson(path, "{\"expire_seconds\":2592001,\"action_name\":\"QR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_id\":1}}}").get("errcode").asInt());
        assertEquals(40053, postJson(path, "{\"action_name\":\"QR_LIMIT_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_id\":100001}}}").get("errcode").asInt());
        assertEquals(40053, postJson(path, "{\"action_name\":\"QR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_id\":0}}}").get("errcode").asInt());
        assertEquals(40053, postJson(path, "{\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\""
                + "x".repeat(65) + "\"}}}").get("errcode").asInt());
        assertEquals(40052, postJson(path, "{\"action_name\":\"QR_FOO\",\"action_info\":{}}").get("errcode").asInt());
        assertEquals(47001, postJson(path, "not json").get("errcode").asInt());
        assertEquals(41001, postJson("/cgi-bin/qrcode/create", "{}").get("errcode").asInt());
        assertEquals(40001, postJson("/cgi-bin/qrcode/create?access_token=nope", "{}").get("errcode").asInt());
    }

    @Test
    void sceneIdOutsideSceneIsAcceptedAndReportedAsSceneZeroLikeWeChat() throws Exception {
        JsonNode qr = postJson("/cgi-bin/qrcode/create?access_token=" + enc(stableToken()),
                "{\"expire_seconds\":300,\"action_name\":\"QR_SCENE\",\"action_info\":{\"scene_id\":42}}");
        assertEquals("0", sandbox.state().validQrByTicket(qr.get("ticket").asText()).orElseThrow().scene());
    }

    @Test
    void qrUrlOpensALandingPageThatPointsToThePhone() throws Exception {
        JsonNode qr = createQr(stableToken(), "abc", 300);
        String url = qr.get("url").asText();
        HttpResponse<String> page = get(url.substring(sandbox.baseUrl().length()));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/sandbox/phone"), page.body());
    }
}
