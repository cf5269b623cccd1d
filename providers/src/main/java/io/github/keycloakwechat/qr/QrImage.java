package io.github.keycloakwechat.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws the QR locally from the {@code url} that {@code qrcode/create} returns, so the login page never loads an
 * image from WeChat's servers (no third-party request from the browser, no ticket in an image URL).
 */
public final class QrImage {

    private static final int SIZE = 240;
    private static final int BLACK = 0;
    private static final int WHITE = 1;

    private QrImage() {
    }

    public static String pngDataUri(String content) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, SIZE, SIZE,
                    Map.of(EncodeHintType.MARGIN, 1, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
            int width = matrix.getWidth();
            int height = matrix.getHeight();
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
            // The image's two-colour palette has black at index 0 and white at 1. Writing those indexes a row at a
            // time draws the same image as setRGB per pixel, without a colour lookup for each of its 57,600 pixels.
            WritableRaster raster = image.getRaster();
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    row[x] = matrix.get(x, y) ? BLACK : WHITE;
                }
                raster.setSamples(0, y, width, 1, 0, row);
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            // In memory: given a plain OutputStream, ImageIO buffers through a temporary file for every image.
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(png)) {
                ImageIO.write(image, "png", out);
            }
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException e) {
            throw new IllegalArgumentException("QR content cannot be encoded", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
