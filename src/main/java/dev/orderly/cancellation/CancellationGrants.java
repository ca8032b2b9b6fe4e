package dev.orderly.cancellation;

import dev.orderly.cancellation.internal.CancellationRepository;
import dev.orderly.common.Money;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentService;
import dev.orderly.refund.RefundCause;
import dev.orderly.refund.RefundService;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a granted cancellation does, inside the caller's transaction and under the order's lock:
 * the order is cancelled (its stock goes back), attempts still pending at the provider are closed,
 * what was paid comes back as a refund, and a request gets its confirmation.
 */
@Component
class CancellationGrants {

  private final CancellationRepository requests;
  private final OrderService orders;
  private final PaymentService payments;
  private final RefundService refunds;
  private final CancellationTimeline timeline;
  private final Clock clock;

  CancellationGrants(CancellationRepository requests, OrderService orders, PaymentService payments,
      RefundService refunds, CancellationTimeline timeline, Clock clock) {
    this.requests = requests;
    this.orders = orders;
    this.payments = payments;
    this.refunds = refunds;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** A granted request cancels the order and refunds what was paid minus the disclosed fee. */
  void grant(CancellationRequest r, Order order, CancelReason reason, String actor) {
    Instant now = clock.instant();
    cancelAndRefund(order, reason, RefundCause.BUYER_CANCELLED, r.refundAmount(), actor,
        Map.of("cancellationId", r.id().toString(), "fee", r.fee().toString()));
    confirm(r, order, now);
    requests.update(r, r.status());
    timeline.record(r, TimelineEventType.CANCELLATION_CONFIRMED, actor, now);
  }

  /** Cancels the order and refunds {@code refund} of what was paid (nothing when unpaid or zero). */
  Order cancelAndRefund(Order order, CancelReason reason, RefundCause cause, Money refund, String actor,
      Map<String, Object> detail) {
    Order cancelled = orders.cancel(order.id(), reason, actor, detail);
    // an attempt the provider could not close yet is closed later; its money, if any comes, goes back as late
    payments.closeLater(order.id(), PaymentFailureCode.ORDER_CANCELLED);
    if (cancelled.paidAt() != null && refund.amount().signum() > 0) {
      PaymentAttempt paying = payments.payingAttempt(order.id()).orElseThrow(
          () -> new IllegalStateException("paid order " + order.id() + " has no paying attempt"));
      refunds.request(order.id(), paying.id(), paying.providerReference(), paying.method(), refund, cause, actor);
    }
    return cancelled;
  }

  /** Once granted: the number and time the buyer can show later. */
  static void confirm(CancellationRequest r, Order order, Instant now) {
    // one granted cancellation per order, so the order number makes the confirmation unique
    r.confirm("CX-" + order.number(), now);
  }
}
