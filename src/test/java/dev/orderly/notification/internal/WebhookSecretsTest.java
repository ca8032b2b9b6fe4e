package dev.orderly.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Secrets are stored encrypted (AES-GCM, bound to the subscription) and sign the Standard Webhooks way. */
class WebhookSecretsTest {

  private final WebhookSecrets secrets = WebhookSecrets.withKey(new byte[32]);

  @Test
  void aSecretIsStoredEncryptedAndReadBackOnlyForItsSubscriptionUnderItsKey() {
    String secret = WebhookSecrets.newSecret();
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
    UUID id = UUID.randomUUID();
    String stored = secrets.encrypt(id, secret);
    assertThat(stored).doesNotContain(secret).doesNotContain(secret.substring(6));
    assertThat(secrets.encrypt(id, secret)).isNotEqualTo(stored); // a fresh nonce each time
    assertThat(secrets.decrypt(id, stored)).isEqualTo(secret);
    assertThatThrownBy(() -> secrets.decrypt(UUID.randomUUID(), stored)).isInstanceOf(IllegalStateException.class);
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    assertThatThrownBy(() -> WebhookSecrets.withKey(otherKey).decrypt(id, stored))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void signaturesMatchTheStandardWebhooksReferenceVector() {
    // from the Standard Webhooks specification's test suite
    assertThat(WebhookSecrets.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }
}
