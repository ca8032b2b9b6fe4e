package dev.orderly.notification.internal;

import dev.orderly.notification.NotificationType;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An active webhook subscription, as the notifications written are matched against it: a seller's
 * ({@code ownerId}) receives every notification of its types about the seller's orders, whoever it
 * is addressed to; the admin's ({@code ownerId} null) every notification of its types.
 */
public record WebhookSubscriber(UUID id, @Nullable UUID ownerId, Set<NotificationType> types) {

  /** Whether a notification of this type, about an order of {@code sellerId} (null: no order), goes here. */
  public boolean receives(NotificationType type, @Nullable UUID sellerId) {
    return types.contains(type) && (ownerId == null || ownerId.equals(sellerId));
  }
}
