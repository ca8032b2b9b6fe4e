package dev.orderly.sandbox.web;

import dev.orderly.common.ConditionalOnSandbox;
import dev.orderly.common.DemoSecrets;
import dev.orderly.sandbox.SandboxError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The shared secret a merchant presents in {@code X-Sandbox-Key}; the same one signs callbacks. */
@Component
@ConditionalOnSandbox
class MerchantKey {
  static final String HEADER = SandboxError.MERCHANT_KEY_HEADER;

  private final byte[] secret;

  MerchantKey(@Value("${orderly.payment.sandbox.secret:" + DemoSecrets.SANDBOX_SECRET + "}") String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  void check(String presented) {
    if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret)) {
      throw SandboxError.of(HttpStatus.UNAUTHORIZED, "INVALID_MERCHANT_KEY");
    }
  }
}
