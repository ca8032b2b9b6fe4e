package dev.orderly.notification.internal;

import dev.orderly.timer.Lease;
import org.jspecify.annotations.Nullable;

/**
 * A delivery the relay claimed, with what it sends: the notification and its recipient's
 * language ({@code locale}, a BCP 47 tag; null when the recipient has none). Its outcome is
 * recorded only while {@code lease} holds.
 */
record ClaimedDelivery(Lease lease, Delivery delivery, StoredNotification notification, @Nullable String locale) {

  boolean isWebhook() {
    return delivery.channel() == Channel.WEBHOOK;
  }
}
