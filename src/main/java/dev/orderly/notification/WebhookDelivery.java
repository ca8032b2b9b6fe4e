package dev.orderly.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A delivery to a webhook subscription, as its delivery log shows it: null members are what has
 * not happened (yet); {@code log} has every attempt, oldest first.
 */
@Schema(name = "Delivery")
public record WebhookDelivery(UUID id, UUID notificationId, NotificationType type, DeliveryStatus status,
    int attempts, @Schema(nullable = true) @Nullable Integer lastStatusCode,
    @Schema(nullable = true) @Nullable String lastError, @Schema(nullable = true) @Nullable Instant nextAttemptAt,
    Instant createdAt, @Schema(nullable = true) @Nullable Instant deliveredAt, List<Attempt> log) {

  /**
   * One try of a delivery (1 for the first): the receiver's status code, or the error when there
   * was no 2xx answer (null when none); {@code durationMs} in milliseconds.
   */
  public record Attempt(int attempt, Instant at, @Schema(nullable = true) @Nullable Integer statusCode,
      @Schema(nullable = true) @Nullable String error, int durationMs) {}
}
