package dev.orderly.console;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as inline SVG (ZXing's encoder): the code a buyer scans with Alipay or WeChat to pay.
 * One path of unit squares, black on white with the standard four-module quiet zone, sized by the
 * page; nothing in it comes from the text but the modules.
 */
final class ConsoleQrCodes {

  private ConsoleQrCodes() {}

  /** The code's modules, quiet zone included; throws {@link IllegalArgumentException} for text a QR code cannot hold. */
  static BitMatrix matrix(String text) {
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
              EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalArgumentException("no QR code holds this text", e);
    }
  }

  /** The code as an SVG element whose accessible name is {@code label} (escaped here). */
  static String svg(String text, String label) {
    BitMatrix m = matrix(text);
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"" + escape(label)
        + "\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight() + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
