package dev.orderly.notification.internal;

import dev.orderly.common.DemoSecrets;
import dev.orderly.common.OrderlyMode;
import dev.orderly.common.UnsafeConfigurationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Webhook signing secrets: generated ({@code whsec_} + base64 of 24 random bytes), shown once,
 * stored encrypted with AES-256-GCM (random 12-byte nonce, the subscription id as associated data,
 * so a ciphertext cannot be moved to another row) and decrypted only to sign a delivery.
 *
 * <p>The key is {@code orderly.webhooks.secret-key} (base64 of 32 bytes). When it is not set: in
 * demo mode it is the documented demo key (so demo webhooks survive a restart; production refuses
 * that key), in production it is derived from {@code orderly.admin-token} (SHA-256 with a label;
 * rotating the admin token then makes stored secrets unreadable, and deliveries fail until the
 * subscriptions are recreated), with a warning.
 */
@Component
public class WebhookSecrets {
  private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);
  static final String PREFIX = "whsec_";
  private static final String VERSION = "v1:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  @Autowired
  WebhookSecrets(@Value("${orderly.webhooks.secret-key:}") String configured,
      @Value("${orderly.admin-token:}") String adminToken, Environment environment) {
    this(configured, adminToken, OrderlyMode.of(environment));
  }

  private WebhookSecrets(String configured, String adminToken, OrderlyMode mode) {
    this.key = new SecretKeySpec(keyBytes(configured, adminToken, mode), "AES");
  }

  /** For unit tests: a cipher under a given 32-byte key. */
  static WebhookSecrets withKey(byte[] key) {
    return new WebhookSecrets(Base64.getEncoder().encodeToString(key), "", OrderlyMode.PRODUCTION);
  }

  private static byte[] keyBytes(String configured, String adminToken, OrderlyMode mode) {
    if (configured != null && !configured.isBlank()) {
      return decode(configured);
    }
    if (mode == OrderlyMode.DEMO) {
      log.info("Demo mode: webhook secrets are stored under the built-in demo key (set orderly.webhooks.secret-key "
          + "for a key of your own)");
      return decode(DemoSecrets.WEBHOOK_SECRET_KEY);
    }
    log.warn("No orderly.webhooks.secret-key set; webhook secrets are encrypted under a key derived from the "
        + "admin token (set the key to rotate the admin token freely)");
    return sha256("orderly-webhook-secret-key:" + adminToken);
  }

  private static byte[] decode(String base64) {
    try {
      byte[] k = Base64.getDecoder().decode(base64.strip());
      if (k.length == 32) {
        return k;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new UnsafeConfigurationException("orderly.webhooks.secret-key", "is not the base64 of 32 bytes",
        "Set it to base64 of 32 random bytes, e.g. `openssl rand -base64 32`.");
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new signing secret: {@code whsec_} + base64 of 24 random bytes. */
  public static String newSecret() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getEncoder().encodeToString(b);
  }

  /** The secret as stored for this subscription: {@code v1:} + base64 of nonce and ciphertext. */
  public String encrypt(UUID subscription, String secret) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(aad(subscription));
      byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce)
          .put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a webhook secret", e);
    }
  }

  /** The clear secret, to sign with; IllegalStateException when it cannot be read under this key. */
  String decrypt(UUID subscription, String stored) {
    if (!stored.startsWith(VERSION)) {
      throw new IllegalStateException("unknown webhook secret format");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
      c.updateAAD(aad(subscription));
      return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt the webhook secret (was orderly.webhooks.secret-key changed?)");
    }
  }

  private static byte[] aad(UUID id) {
    return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
  }

  /** Standard Webhooks: {@code v1,} + base64 HMAC-SHA256 of "{id}.{timestamp}.{body}", keyed with the decoded secret. */
  /** Looking up the algorithm costs more than signing a small body: one Mac per thread, keyed per use. */
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });

  static String sign(String secret, String id, long timestamp, String body) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
      byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
