package dev.orderly.notification.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What became of one claimed delivery: the delivery after its transition, recorded with the rest
 * of its batch, and the webhook attempt for the delivery log (null for an email or a discard).
 */
record Outcome(ClaimedDelivery claimed, @Nullable Attempt logged) {

  /** One webhook attempt: when, the answer's status code (if any), the error (if any), how long in ms. */
  record Attempt(Instant at, @Nullable Integer statusCode, @Nullable String error, int millis) {}

  Delivery delivery() {
    return claimed.delivery();
  }
}
