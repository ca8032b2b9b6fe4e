package dev.orderly.notification.internal;

import static dev.orderly.notification.DeliveryStatus.DELIVERED;
import static dev.orderly.notification.DeliveryStatus.DISCARDED;
import static dev.orderly.notification.DeliveryStatus.GAVE_UP;
import static dev.orderly.notification.DeliveryStatus.PENDING;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.notification.DeliveryStatus;
import dev.orderly.timer.FailureText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One delivery of a notification by one {@link Channel} (a row of {@code notification_deliveries}):
 * the outbox item the relay sends. A new delivery is {@link DeliveryStatus#PENDING} and due at
 * once; an attempt that succeeds makes it {@code DELIVERED}, one that fails leaves it pending with
 * its next attempt's time or, when the retries are spent, makes it {@code GAVE_UP}; a webhook
 * delivery whose subscription went away is {@code DISCARDED}. Every transition leaves
 * {@code PENDING} and refuses any other status with {@link ErrorCode#ILLEGAL_DELIVERY_TRANSITION}
 * (409), changing nothing. No Spring, no clock of its own.
 */
public final class Delivery {

  private final UUID id;
  private final UUID notificationId;
  private final Channel channel;
  private final String target;
  private final Instant createdAt;
  private DeliveryStatus status;
  private int attempts;
  /** When the next attempt is due; while claimed, the end of the claim's lease; null once final. */
  private @Nullable Instant nextAttemptAt;
  private @Nullable Instant deliveredAt;
  private @Nullable String lastError;
  private @Nullable Integer lastStatusCode;

  private Delivery(UUID id, UUID notificationId, Channel channel, String target, Instant createdAt,
      DeliveryStatus status, int attempts, @Nullable Instant nextAttemptAt) {
    this.id = id;
    this.notificationId = notificationId;
    this.channel = channel;
    this.target = target;
    this.createdAt = createdAt;
    this.status = status;
    this.attempts = attempts;
    this.nextAttemptAt = nextAttemptAt;
  }

  /**
   * A new delivery, pending and due at {@code now}. {@code target}: the email address, or the
   * webhook subscription's id.
   */
  public static Delivery create(UUID id, UUID notificationId, Channel channel, String target, Instant now) {
    return new Delivery(id, notificationId, channel, target, now, PENDING, 0, now);
  }

  /** Rebuilds a delivery as stored; only the repository calls this. */
  static Delivery restore(UUID id, UUID notificationId, Channel channel, String target, Instant createdAt,
      DeliveryStatus status, int attempts, @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt,
      @Nullable String lastError, @Nullable Integer lastStatusCode) {
    Delivery d = new Delivery(id, notificationId, channel, target, createdAt, status, attempts, nextAttemptAt);
    d.deliveredAt = deliveredAt;
    d.lastError = lastError;
    d.lastStatusCode = lastStatusCode;
    return d;
  }

  /**
   * The attempt made at {@code now} succeeded: {@code statusCode} is the webhook receiver's 2xx
   * answer (null for an email). Refused unless pending.
   */
  public void delivered(@Nullable Integer statusCode, Instant now) {
    require("record a successful attempt of");
    status = DELIVERED;
    attempts++;
    deliveredAt = now;
    nextAttemptAt = null;
    lastError = null;
    lastStatusCode = statusCode;
  }

  /**
   * The attempt made at {@code now} failed with {@code error} (clipped to 300 characters) and the
   * receiver's answer {@code statusCode}, if there was one: tried again at {@code retryAt}, or given
   * up when it is empty. Refused unless pending, and when {@code retryAt} is before {@code now}.
   */
  public void failed(String error, @Nullable Integer statusCode, Optional<Instant> retryAt, Instant now) {
    require("record a failed attempt of");
    if (retryAt.isPresent() && retryAt.get().isBefore(now)) {
      throw new OrderlyException(ErrorCode.ILLEGAL_DELIVERY_TRANSITION, "delivery " + id + " cannot be retried at "
          + retryAt.get() + ", before its failed attempt at " + now, Map.of("deliveryStatus", status));
    }
    status = retryAt.isPresent() ? PENDING : GAVE_UP;
    attempts++;
    nextAttemptAt = retryAt.orElse(null);
    lastError = FailureText.of(error);
    lastStatusCode = statusCode;
  }

  /**
   * Not to be sent (its webhook subscription was deleted or disabled): no attempt is counted.
   * Refused unless pending.
   */
  public void discarded() {
    require("discard");
    status = DISCARDED;
    nextAttemptAt = null;
  }

  private void require(String action) {
    if (status != PENDING) {
      throw new OrderlyException(ErrorCode.ILLEGAL_DELIVERY_TRANSITION,
          "cannot " + action + " delivery " + id + ": it is " + status,
          Map.of("deliveryStatus", status, "expectedStatus", List.of(PENDING)));
    }
  }

  public UUID id() { return id; }
  public UUID notificationId() { return notificationId; }
  public Channel channel() { return channel; }
  /** The email address, or the webhook subscription's id. */
  public String target() { return target; }
  public Instant createdAt() { return createdAt; }
  public DeliveryStatus status() { return status; }
  /** Attempts made, successful or not. */
  public int attempts() { return attempts; }
  public @Nullable Instant nextAttemptAt() { return nextAttemptAt; }
  public @Nullable Instant deliveredAt() { return deliveredAt; }
  public @Nullable String lastError() { return lastError; }
  public @Nullable Integer lastStatusCode() { return lastStatusCode; }
}
