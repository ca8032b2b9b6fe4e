package dev.orderly.notification.internal;

import dev.orderly.notification.WebhookStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What the relay needs to send to a subscription: its URL and encrypted secret, its owner (null: the admin). */
record WebhookTarget(UUID id, @Nullable UUID ownerId, String url, String encryptedSecret, WebhookStatus status) {

  boolean isActive() {
    return status == WebhookStatus.ACTIVE;
  }
}
