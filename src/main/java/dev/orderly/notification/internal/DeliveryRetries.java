package dev.orderly.notification.internal;

import dev.orderly.timer.Backoff;
import dev.orderly.timer.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When a failed delivery is tried again: after pauses doubling from
 * {@code orderly.notifications.retry-backoff} (10 s by default, at most an hour apart), for as long
 * as {@code orderly.notifications.retry-for} (a day by default) from its creation; an attempt that
 * fails after that gives the delivery up.
 */
@Component
class DeliveryRetries {
  private static final Duration MAX_PAUSE = Duration.ofHours(1);

  private final RetryPolicy policy;
  private final Duration retryFor;

  DeliveryRetries(@Value("${orderly.notifications.retry-backoff:PT10S}") Duration firstPause,
      @Value("${orderly.notifications.retry-for:P1D}") Duration retryFor) {
    // the number of tries is not limited: the time is; a first pause above the longest is the longest
    this.policy = RetryPolicy.unlimited(new Backoff(firstPause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : firstPause,
        MAX_PAUSE));
    this.retryFor = retryFor;
  }

  /** When to try again after the attempt that failed at {@code now}; empty when the delivery is given up. */
  Optional<Instant> retryAt(Delivery delivery, Instant now) {
    boolean tooLate = now.isAfter(delivery.createdAt().plus(retryFor));
    return policy.retryAt(delivery.attempts() + 1, now, tooLate);
  }

  /** How long a delivery is retried, for the words that tell why a webhook was disabled. */
  Duration retryFor() {
    return retryFor;
  }
}
