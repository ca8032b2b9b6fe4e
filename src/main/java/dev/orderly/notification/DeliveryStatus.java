package dev.orderly.notification;

/**
 * Where one delivery of a notification (by email, or to one webhook subscription) stands: the
 * {@code status} of a webhook's delivery log. Only a {@link #PENDING} delivery moves, to exactly
 * one of the three others, which are final.
 */
public enum DeliveryStatus {
  /** Waiting for its first or next attempt, or being sent (claimed under a lease). */
  PENDING,
  /** The receiver answered 2xx, or the mail server took the email. */
  DELIVERED,
  /** Failed for the whole {@code orderly.notifications.retry-for}: no further attempt. */
  GAVE_UP,
  /** Not sent: its webhook subscription was deleted or disabled first. */
  DISCARDED;

  /** True for the three statuses a delivery never leaves. */
  public boolean isFinal() {
    return this != PENDING;
  }
}
