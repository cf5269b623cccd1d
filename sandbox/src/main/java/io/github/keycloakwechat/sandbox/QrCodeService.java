package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/** Parametric QR codes: {@code cgi-bin/qrcode/create}, the {@code showqrcode} image and the {@code /q/{id}} landing page. */
final class QrCodeService {

    private static final System.Logger LOG = System.getLogger(QrCodeService.class.getName());

    static final long DEFAULT_EXPIRE_SECONDS = 60;
    static final long MAX_EXPIRE_SECONDS = 2_592_000;
    static final long MAX_PERMANENT_SCENE_ID = 100_000;
    static final long MAX_SCENE_ID = 0xFFFF_FFFFL;
    static final int MAX_SCENE_STR = 64;
    private static final Set<String> ACTIONS = Set.of("QR_SCENE", "QR_STR_SCENE", "QR_LIMIT_SCENE", "QR_LIMIT_STR_SCENE");
    /** WeChat's showqrcode images are 430 × 430. */
    private static final int IMAGE_SIZE = 430;

    private final SandboxState state;
    private final TokenService tokens;
    private final Json json;
    private final Ids ids;
    private final Supplier<String> baseUrl;

    QrCodeService(SandboxState state, TokenService tokens, Json json, Ids ids, Supplier<String> baseUrl) {
        this.state = state;
        this.tokens = tokens;
        this.json = json;
        this.ids = ids;
        this.baseUrl = baseUrl;
    }

    /** POST /cgi-bin/qrcode/create?access_token= */
    ObjectNode create(Request request) throws IOException, ApiError {
        String appId = tokens.appIdOf(request.param("access_token"));
        if (!state.app(appId).map(SandboxApp::serviceAccount).orElse(false)) {
            throw new ApiError(48001, "api unauthorized", "only Service Accounts have parametric QR codes");
        }
        ObjectNode body;
        try {
            body = json.parseObject(request.body());
        } catch (Json.BadJsonException e) {
            throw ApiError.dataFormat();
        }
        String action = body.path("action_name").isTextual() ? body.get("action_name").asText() : null;
        if (action == null || !ACTIONS.contains(action)) {
            throw new ApiError(40052, "invalid action name");
        }
        boolean permanent = action.startsWith("QR_LIMIT_");
        boolean stringScene = action.endsWith("_STR_SCENE");
        JsonNode actionInfo = body.get("action_info");
        if (actionInfo == null || !actionInfo.isObject()) {
            throw actionInfoError("action_info must be an object");
        }
        String scene = stringScene ? sceneStr(actionInfo) : sceneId(actionInfo, permanent);

        Instant now = state.now();
        Long expireSeconds = permanent ? null : expireSeconds(body);
        String id = ids.alnum(22);
        SandboxQrCode qr = new SandboxQrCode(ids.ticket(), baseUrl.get() + "/q/" + id, id, scene, stringScene, appId,
                now, permanent ? null : now.plusSeconds(expireSeconds), permanent);
        state.addQrCode(qr);

        ObjectNode out = json.object();
        out.put("ticket", qr.ticket());
        if (!permanent) {
            out.put("expire_seconds", expireSeconds);
        }
        out.put("url", qr.url());
        return out;
    }

    /** GET /cgi-bin/showqrcode?ticket=URL-ENCODED: a JPEG while the code is valid, else 404. */
    Response showQrCode(Request request) {
        Optional<SandboxQrCode> qr = state.validQrByTicket(request.param("ticket"));
        if (qr.isEmpty()) {
            return Response.html(404, "<html><body><h1>404 Not Found</h1></body></html>");
        }
        return Response.of(200, "image/jpeg", jpeg(qr.get().url()));
    }

    /** GET /q/{id}: what a phone's camera app would open; the sandbox phone is what can "scan" it. */
    Response landingPage(Request request) {
        String id = request.path().substring("/q/".length());
        Optional<SandboxQrCode> qr = state.validQrById(id);
        if (qr.isEmpty()) {
            return Response.html(404, Html.page("二维码已过期 / QR code expired", "<main><div class=\"card\">"
                    + "<h1>二维码已过期或不存在 / This QR code has expired or does not exist</h1>"
                    + "<p><a href=\"/sandbox/phone\">打开沙箱手机 / Open the sandbox phone</a></p></div></main>"));
        }
        String phone = "/sandbox/phone?qr=" + URLEncoder.encode(qr.get().url(), StandardCharsets.UTF_8);
        return Response.html(200, Html.page("请用微信扫一扫 / Scan with WeChat", "<main><div class=\"card\">"
                + "<h1>请使用微信扫描此二维码 / Open this QR with the sandbox phone</h1>"
                + "<p>这是微信沙箱的二维码。真实手机上它由微信“扫一扫”打开；在这里请用沙箱手机扫描。</p>"
                + "<p>This is a WeChat sandbox QR code. On a real phone WeChat's scanner would open it; here, "
                + "scan it with the sandbox phone.</p>"
                + "<p><a class=\"btn\" id=\"q-open-phone\" href=\"" + Html.esc(phone) + "\">打开沙箱手机 / Open the sandbox phone</a></p>"
                + "</div></main>"));
    }

    /** The QR image of a payload as JPEG, as WeChat serves it. */
    static byte[] jpeg(String payload) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, IMAGE_SIZE, IMAGE_SIZE,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer in this JRE");
            }
            return out.toByteArray();
        } catch (WriterException | IOException e) {
            throw new IllegalStateException("cannot render QR code", e);
        }
    }

    private static String sceneStr(JsonNode actionInfo) throws ApiError {
        JsonNode value = actionInfo.path("scene").path("scene_str");
        if (!value.isTextual()) {
            throw actionInfoError("scene_str (a string of 1.." + MAX_SCENE_STR + " characters) must be inside action_info.scene");
        }
        String scene = value.asText();
        int length = scene.codePointCount(0, scene.length());
        if (length < 1 || length > MAX_SCENE_STR) {
            throw actionInfoError("scene_str must be 1.." + MAX_SCENE_STR + " characters");
        }
        if (scene.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw actionInfoError("scene_str must not contain control characters");
        }
        return scene;
    }

    private static String sceneId(JsonNode actionInfo, boolean permanent) throws ApiError {
        JsonNode scene = actionInfo.get("scene");
        if (scene == null) {
            // WeChat accepts a scene_id outside "scene" and then reports scene 0 in every event (a known pitfall).
            LOG.log(Level.WARNING, "qrcode/create without action_info.scene: events will carry scene 0, as on WeChat");
            return "0";
        }
        JsonNode value = scene.path("scene_id");
        long max = permanent ? MAX_PERMANENT_SCENE_ID : MAX_SCENE_ID;
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > max) {
            throw actionInfoError(permanent ? "scene_id must be 1.." + MAX_PERMANENT_SCENE_ID + " for QR_LIMIT_SCENE"
                    : "scene_id must be a non-zero 32-bit integer");
        }
        return Long.toString(value.asLong());
    }

    private static long expireSeconds(JsonNode body) throws ApiError {
        JsonNode value = body.get("expire_seconds");
        if (value == null || value.isNull()) {
            return DEFAULT_EXPIRE_SECONDS;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1 || value.asLong() > MAX_EXPIRE_SECONDS) {
            throw new ApiError(40097, "invalid args", "invalid expire time: expire_seconds must be 1.." + MAX_EXPIRE_SECONDS);
        }
        return value.asLong();
    }

    private static ApiError actionInfoError(String hint) {
        return new ApiError(40053, "invalid action info, please check document", hint);
    }

    /** Seconds a QR code still has, for status pages. */
    static long remainingSeconds(SandboxQrCode qr, Instant now) {
        return qr.expiresAt() == null ? -1 : Math.max(0, Duration.between(now, qr.expiresAt()).toSeconds());
    }
}
