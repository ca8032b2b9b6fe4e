package dev.orderly.payment.provider.alipay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.UnsafeConfigurationException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A key Alipay's adapter cannot read stops the start, naming the setting, instead of failing each payment. */
class AlipayKeysTest {

  @Test
  void aMalformedKeyIsRefusedAtStartNamingTheSetting() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String privateKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded());
    String publicKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
    assertThatThrownBy(() -> new AlipayGateway(Clock.systemUTC(), "2021000000000000", "not-a-key", publicKey,
        "http://127.0.0.1:9/gateway.do", Duration.ofSeconds(1)))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("orderly.payment.providers.alipay.private-key");
    assertThatThrownBy(() -> new AlipayGateway(Clock.systemUTC(), "2021000000000000", privateKey, privateKey,
        "http://127.0.0.1:9/gateway.do", Duration.ofSeconds(1)))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("orderly.payment.providers.alipay.alipay-public-key");
  }
}
