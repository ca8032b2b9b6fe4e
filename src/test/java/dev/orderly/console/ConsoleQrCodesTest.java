package dev.orderly.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The QR codes a buyer scans to pay with Alipay or WeChat: what the SVG draws decodes (with ZXing's
 * reader, as a phone would) to exactly the provider's address.
 */
class ConsoleQrCodesTest {

  private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

  @ParameterizedTest
  @ValueSource(strings = {"https://qr.alipay.com/bax03431ljhokirwl38f00a7", "weixin://wxpay/bizpayurl?pr=6tzmc2Lzz"})
  void theDrawnCodeReadsBackAsTheProvidersAddress(String address) throws Exception {
    String svg = ConsoleQrCodes.svg(address, "QR code to pay with <Alipay>");
    assertThat(svg).startsWith("<svg").contains("aria-label=\"QR code to pay with &lt;Alipay&gt;\"").doesNotContain(address);
    BitMatrix size = ConsoleQrCodes.matrix(address);

    // rasterise the path the SVG draws, 4 pixels a module, and read it as a phone's camera would
    int scale = 4;
    int width = size.getWidth() * scale;
    int height = size.getHeight() * scale;
    int[] pixels = new int[width * height];
    java.util.Arrays.fill(pixels, 0xFFFFFFFF);
    Matcher m = MODULE.matcher(svg);
    int modules = 0;
    while (m.find()) {
      int x = Integer.parseInt(m.group(1));
      int y = Integer.parseInt(m.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          pixels[(y * scale + dy) * width + x * scale + dx] = 0xFF000000;
        }
      }
      modules++;
    }
    assertThat(modules).isPositive();
    String read = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
        new RGBLuminanceSource(width, height, pixels)))).getText();
    assertThat(read).isEqualTo(address);
  }
}
