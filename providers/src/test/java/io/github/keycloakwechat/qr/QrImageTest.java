package io.github.keycloakwechat.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrImageTest {

    private static final String PREFIX = "data:image/png;base64,";

    @Test
    void drawsTheSamePngAsSettingEachPixel() throws Exception {
        for (String content : new String[] {"http://127.0.0.1:8090/q/AbCdEfGhIjKlMnOpQrStUv",
                "http://weixin.qq.com/q/02abcDEF-ghiJKL_mno0123456789", "x"}) {
            String uri = QrImage.pngDataUri(content);
            assertTrue(uri.startsWith(PREFIX), uri);
            assertEquals(perPixelReference(content), uri.substring(PREFIX.length()), content);
        }
    }

    @Test
    void isA240PixelBlackAndWhiteImageOfTheCode() throws Exception {
        String uri = QrImage.pngDataUri("http://127.0.0.1:8090/q/AbCdEfGhIjKlMnOpQrStUv");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(PREFIX.length()))));
        assertEquals(240, image.getWidth());
        assertEquals(240, image.getHeight());
        BitMatrix matrix = matrix("http://127.0.0.1:8090/q/AbCdEfGhIjKlMnOpQrStUv");
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 240; x++) {
                assertEquals(matrix.get(x, y) ? 0xFF000000 : 0xFFFFFFFF, image.getRGB(x, y), x + "," + y);
            }
        }
    }

    /** How the image was drawn before: setRGB for every pixel. */
    private static String perPixelReference(String content) throws Exception {
        BitMatrix matrix = matrix(content);
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static BitMatrix matrix(String content) throws Exception {
        return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 240, 240,
                Map.of(EncodeHintType.MARGIN, 1, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                        EncodeHintType.CHARACTER_SET, "UTF-8"));
    }
}
