package dev.orderly.notification;

/**
 * A webhook subscription's status. An {@link #ACTIVE} one receives deliveries; it becomes
 * {@link #DISABLED} when a delivery to it kept failing for {@code orderly.notifications.retry-for}
 * (its owner is told), and {@link #DELETED} when its owner or the admin deletes it (deleted ones are
 * neither listed nor found).
 */
public enum WebhookStatus {
  ACTIVE, DISABLED, DELETED
}
