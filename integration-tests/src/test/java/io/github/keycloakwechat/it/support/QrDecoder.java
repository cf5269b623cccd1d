package io.github.keycloakwechat.it.support;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Reads the text of a QR code the way a phone camera would: from PNG/JPEG bytes or an {@code data:} URI. */
public final class QrDecoder {

    private static final Map<DecodeHintType, Object> HINTS = Map.of(
            DecodeHintType.TRY_HARDER, Boolean.TRUE,
            DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE),
            DecodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
    /** For a rendered image (no camera): the detector occasionally misses finder patterns that pure mode reads. */
    private static final Map<DecodeHintType, Object> PURE_HINTS = Map.of(
            DecodeHintType.PURE_BARCODE, Boolean.TRUE,
            DecodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    private QrDecoder() {
    }

    /** The text in a PNG or JPEG image; an {@link AssertionError} if it holds no readable QR code. */
    public static String decode(byte[] image) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable image", e);
        }
        if (img == null) {
            throw new AssertionError("not a PNG/JPEG image (" + image.length + " bytes)");
        }
        return decode(img);
    }

    /** The text in a {@code data:image/...;base64,...} URI, as an {@code <img src>} on the login page may carry. */
    public static String decodeDataUri(String dataUri) {
        if (!dataUri.startsWith("data:")) {
            throw new IllegalArgumentException("not a data: URI: " + abbreviate(dataUri));
        }
        int comma = dataUri.indexOf(',');
        if (comma < 0 || !dataUri.substring(0, comma).endsWith(";base64")) {
            throw new IllegalArgumentException("not a base64 data: URI: " + abbreviate(dataUri));
        }
        return decode(Base64.getMimeDecoder().decode(dataUri.substring(comma + 1)));
    }

    public static String decode(BufferedImage image) {
        // A tightly cropped element screenshot may lack the quiet zone around the code; a white border restores it.
        for (BufferedImage candidate : List.of(image, withWhiteBorder(image))) {
            LuminanceSource source = new BufferedImageLuminanceSource(candidate);
            for (BinaryBitmap bitmap : List.of(new BinaryBitmap(new HybridBinarizer(source)),
                    new BinaryBitmap(new GlobalHistogramBinarizer(source)))) {
                try {
                    Result result = new QRCodeReader().decode(bitmap, HINTS);
                    return result.getText();
                } catch (ReaderException tryNext) {
                    // next binarizer / bordered image
                }
            }
        }
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
                    image))), PURE_HINTS).getText();
        } catch (ReaderException notEvenPure) {
            // reported below
        }
        throw new AssertionError("no readable QR code in a " + image.getWidth() + "x" + image.getHeight() + " image",
                NotFoundException.getNotFoundInstance());
    }

    private static BufferedImage withWhiteBorder(BufferedImage image) {
        int border = Math.max(16, Math.max(image.getWidth(), image.getHeight()) / 8);
        BufferedImage bordered = new BufferedImage(image.getWidth() + 2 * border, image.getHeight() + 2 * border,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = bordered.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, bordered.getWidth(), bordered.getHeight());
            g.drawImage(image, border, border, null);
        } finally {
            g.dispose();
        }
        return bordered;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
