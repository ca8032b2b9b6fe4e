package dev.orderly.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The target URL check with orderly.webhooks.allow-private-targets=false (production). */
class WebhookUrlsTest {

  private static InetAddress[] fakeDns(String host) throws UnknownHostException {
    return switch (host) {
      case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
      case "rebind.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"),
          InetAddress.getByName("10.1.2.3")};
      case "internal.example.com" -> new InetAddress[] {InetAddress.getByName("192.168.1.20")};
      default -> {
        if (host.chars().anyMatch(Character::isLetter) && !host.contains(":")) {
          throw new UnknownHostException(host);
        }
        yield InetAddress.getAllByName(host); // IP literals only: no DNS lookup
      }
    };
  }

  private final WebhookUrls strict = new WebhookUrls(false, WebhookUrlsTest::fakeDns);
  private final WebhookUrls lenient = new WebhookUrls(true, WebhookUrlsTest::fakeDns);

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook", "https://10.0.0.5/x",
      "http://172.16.3.4/", "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/",
      "http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/", "http://[::1]/", "http://[::]/",
      "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://[ff02::1]/",
      "https://internal.example.com/hook", "https://rebind.example.com/hook", "https://nowhere.invalid/hook"})
  void nonPublicTargetsAreRefusedWhenPrivateTargetsAreNotAllowed(String url) {
    assertThatThrownBy(() -> strict.check(url)).isInstanceOfSatisfying(OrderlyException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.WEBHOOK_URL_NOT_ALLOWED));
  }

  @Test
  void publicTargetsAreAccepted() {
    assertThat(strict.check("https://hooks.example.com/orderly?x=1").getHost()).isEqualTo("hooks.example.com");
    assertThat(strict.check("http://93.184.216.34:8080/hook")).isNotNull();
    assertThat(strict.check("http://[2606:4700::1111]/hook")).isNotNull();
  }

  @Test
  void privateTargetsAreAcceptedWhenAllowed() {
    assertThat(lenient.check("http://127.0.0.1:8080/hook")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not a url", "ftp://hooks.example.com/x", "file:///etc/passwd", "/relative/path",
      "http:///nohost", "https://user:pass@hooks.example.com/", "javascript:alert(1)"})
  void malformedOrNonHttpUrlsAreValidationErrors(String url) {
    for (WebhookUrls urls : new WebhookUrls[] {strict, lenient}) {
      assertThatThrownBy(() -> urls.check(url)).isInstanceOfSatisfying(OrderlyException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
  }
}
