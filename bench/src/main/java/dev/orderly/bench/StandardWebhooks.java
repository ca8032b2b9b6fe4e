package dev.orderly.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a Standard Webhooks receiver checks a delivery: {@code webhook-signature} holds
 * {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">} under the {@code whsec_} secret, and
 * the timestamp is within five minutes. Written apart from Orderly's own signer on purpose, so the
 * bench's receiver checks the contract rather than the code. A copy of the tests' checker
 * ({@code src/test/java/dev/orderly/support/StandardWebhooks}): the bench is built without them.
 */
final class StandardWebhooks {
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });

  private StandardWebhooks() {}

  /** True when one of the space-separated signatures matches and the timestamp is recent. */
  static boolean verifies(String secret, String id, String timestamp, String signatures, String body) {
    if (secret == null || !secret.startsWith("whsec_") || id == null || timestamp == null || signatures == null) {
      return false;
    }
    try {
      long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp));
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      String expected = "v1," + Base64.getEncoder().encodeToString(
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
      return age < 300 && List.of(signatures.split(" ")).contains(expected);
    } catch (RuntimeException | GeneralSecurityException e) {
      return false;
    }
  }
}
