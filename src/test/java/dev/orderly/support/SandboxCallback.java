package dev.orderly.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A callback the way the sandbox provider signs it (docs/sandbox.md): {@code Sandbox-Timestamp}
 * and {@code Sandbox-Signature: v1=<hex HMAC-SHA256 of "timestamp.body">} keyed with the shared
 * secret. Sent through {@link Api}, so the answer is validated against the API document.
 */
public final class SandboxCallback {
  private SandboxCallback() {}

  /** Posts {@code body} to {@code /provider-callbacks/sandbox}, signed with {@code secret} at {@code timestamp}. */
  public static Api.Response send(Api api, String body, String secret, Long timestamp) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (timestamp != null) {
      headers.put("Sandbox-Timestamp", timestamp.toString());
      if (secret != null) {
        headers.put("Sandbox-Signature", "v1=" + sign(secret, timestamp, body));
      }
    }
    return api.send("POST", "/provider-callbacks/sandbox", null, body, headers);
  }

  /** The provider's word that a payment succeeded. */
  public static String succeeded(String providerReference) {
    return "{\"reference\":\"" + providerReference + "\",\"status\":\"SUCCEEDED\"}";
  }

  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
