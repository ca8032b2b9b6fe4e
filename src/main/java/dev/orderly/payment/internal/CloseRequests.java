package dev.orderly.payment.internal;

import dev.orderly.common.AfterCommit;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Pending attempts Orderly wants closed at the provider without calling it now: each gets its
 * {@code closeReason} and falls due for reconciliation at once, which closes it (and keeps trying
 * while the provider does not answer). Runs in the caller's transaction, which holds the order's lock.
 */
@Component
public class CloseRequests {

  private final PaymentAttemptRepository attempts;
  private final DueWorkRunner timers;
  private final Clock clock;

  CloseRequests(PaymentAttemptRepository attempts, DueWorkRunner timers, Clock clock) {
    this.attempts = attempts;
    this.timers = timers;
    this.clock = clock;
  }

  /** Every pending attempt of the order. */
  public void closeLater(UUID orderId, PaymentFailureCode reason) {
    closeLater(orderId, reason, null);
  }

  /** Every pending attempt of the order but {@code keep} (the one just started, or the one that paid). */
  public void closeOthersLater(UUID orderId, UUID keep, PaymentFailureCode reason) {
    closeLater(orderId, reason, keep);
  }

  private void closeLater(UUID orderId, PaymentFailureCode reason, @Nullable UUID keep) {
    Instant now = clock.instant();
    for (PaymentAttempt attempt : attempts.pendingOfOrder(orderId)) {
      if (!attempt.id().equals(keep)) {
        attempt.requestClose(reason);
        // no row: it was resolved meanwhile, and there is nothing left to close
        attempts.saveCloseRequest(attempt, now);
      }
    }
    AfterCommit.run(() -> timers.dueAt(PaymentReconciler.NAME, now));
  }
}
