package dev.orderly.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A webhook subscription as listed: {@code ownerId} is the seller (null for the admin's own),
 * {@code types} the notification types sent to {@code url}; {@code disabledAt} and
 * {@code disabledReason} are null while it is active.
 */
@Schema(name = "Subscription")
public record WebhookSubscription(UUID id, @Nullable UUID ownerId, String url, List<NotificationType> types,
    WebhookStatus status, Instant createdAt, @Schema(nullable = true) @Nullable Instant disabledAt,
    @Schema(nullable = true) @Nullable String disabledReason) {}
