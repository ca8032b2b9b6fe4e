package dev.orderly.notification.internal;

import dev.orderly.notification.NotificationType;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code notifications}: the recipient's inbox item. {@code data} is the JSON object the
 * texts are rendered from (at read or send time, in the reader's language).
 */
public record StoredNotification(UUID id, UUID recipientId, NotificationType type, @Nullable UUID orderId,
    String data, Instant createdAt, @Nullable Instant readAt) {}
