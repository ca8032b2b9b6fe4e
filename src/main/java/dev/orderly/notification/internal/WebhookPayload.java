package dev.orderly.notification.internal;

/**
 * The body of a webhook: {@code {"type", "occurredAt", "data": {...the notification's data,
 * "notificationId", "orderId", "recipientId"}}}. The stored data is a JSON object written by
 * Jackson: the ids are appended to it as text rather than parsing and writing it again for every
 * send.
 */
final class WebhookPayload {
  private WebhookPayload() {}

  /** The body for this notification; IllegalStateException when its stored data is not a JSON object. */
  static String of(StoredNotification n) {
    String data = n.data().strip();
    if (!data.startsWith("{") || !data.endsWith("}")) {
      throw new IllegalStateException("notification data is not a JSON object");
    }
    String fields = data.substring(1, data.length() - 1).strip();
    StringBuilder body = new StringBuilder(data.length() + 220)
        .append("{\"type\":\"").append(n.type().name())
        .append("\",\"occurredAt\":\"").append(n.createdAt())
        .append("\",\"data\":{").append(fields).append(fields.isEmpty() ? "" : ",")
        .append("\"notificationId\":\"").append(n.id())
        .append("\",\"orderId\":").append(n.orderId() == null ? "null" : "\"" + n.orderId() + "\"")
        .append(",\"recipientId\":\"").append(n.recipientId())
        .append("\"}}");
    return body.toString();
  }
}
