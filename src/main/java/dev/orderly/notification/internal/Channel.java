package dev.orderly.notification.internal;

/**
 * How a delivery reaches its receiver. The delivery's {@code target} is, per channel: the
 * recipient's email address, or the webhook subscription's id.
 */
public enum Channel {
  EMAIL, WEBHOOK
}
