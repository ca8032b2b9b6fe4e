package dev.orderly.payment.provider.wechatpay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.UnsafeConfigurationException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** WeChat Pay's keys are read at start: one that cannot be read stops it, naming the setting. */
class WechatPayKeysTest {

  private static WechatPayGateway gateway(String privateKey, String apiV3Key) {
    return new WechatPayGateway(Clock.systemUTC(), "1900000001", "wx0000000000000000", "5157F09EFDC096DE15EBE81A47057A72",
        privateKey, apiV3Key, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "PUB_KEY_ID_0000",
        "http://127.0.0.1:9", Duration.ofSeconds(1));
  }

  @Test
  void aMalformedPemOrAShortApiV3KeyIsRefusedAtStartNamingTheSetting() {
    assertThatThrownBy(() -> gateway("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n",
        "0123456789abcdef0123456789abcdef"))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("orderly.payment.providers.wechatpay.private-key");
    assertThatThrownBy(() -> gateway("x", "too-short"))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("orderly.payment.providers.wechatpay.api-v3-key");
  }
}
