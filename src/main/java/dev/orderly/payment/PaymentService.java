package dev.orderly.payment;

import org.jspecify.annotations.Nullable;
import dev.orderly.access.Actor;
import dev.orderly.common.ErrorCode;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.internal.BuyerChecks;
import dev.orderly.payment.internal.CloseRequests;
import dev.orderly.payment.internal.PaymentAttemptRepository;
import dev.orderly.payment.internal.PaymentStarts;
import dev.orderly.payment.internal.ProviderCloses;
import dev.orderly.payment.internal.ProviderNews;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The payment module's API: payment attempts and what the provider says about them. Whatever the
 * source of the provider's word (callback, "I have paid" check, reconciliation, deadline check, a
 * close), it is applied in its own transaction, once: at most one attempt pays an order, and any
 * other money is handed to refunds as {@link MoneyToReturn}. Each job is its own class in
 * {@code payment.internal}; this one says what other modules and the web layer may ask.
 */
@Service
public class PaymentService {

  private final PaymentStarts starts;
  private final BuyerChecks checks;
  private final ProviderNews news;
  private final ProviderCloses closes;
  private final CloseRequests closeRequests;
  private final PaymentAttemptRepository attempts;
  private final PaymentOptions options;
  private final OrderService orders;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  PaymentService(PaymentStarts starts, BuyerChecks checks, ProviderNews news, ProviderCloses closes,
      CloseRequests closeRequests, PaymentAttemptRepository attempts, PaymentOptions options, OrderService orders,
      Clock clock, ApplicationEventPublisher events) {
    this.events = events;
    this.starts = starts;
    this.checks = checks;
    this.news = news;
    this.closes = closes;
    this.closeRequests = closeRequests;
    this.attempts = attempts;
    this.options = options;
    this.orders = orders;
    this.clock = clock;
  }

  /**
   * A buyer starts paying, with the same method as before or another one. Older pending attempts
   * are closed at the provider first: one may turn out to be paid already, and then the order is
   * paid and no new attempt is made. An older attempt the provider cannot close now is closed by
   * reconciliation later; if its money still comes, it is refunded as a duplicate. Refuses with
   * {@code ORDER_NOT_FOUND}, {@code ORDER_NOT_AWAITING_PAYMENT}, {@code PAYMENT_DEADLINE_PASSED},
   * {@code PAYMENT_LIMIT_EXCEEDED}, {@code PAYMENT_METHOD_NOT_AVAILABLE} or {@code PROVIDER_UNAVAILABLE}.
   */
  public PaymentAttempt start(Actor buyer, UUID orderId, PaymentMethod method) {
    return starts.start(buyer, orderId, method);
  }

  /** An order's attempts, oldest first, for an actor who may see the order ({@code ORDER_NOT_FOUND} otherwise). */
  public List<PaymentAttempt> list(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return attempts.ofOrder(orderId);
  }

  /** An order and what each method would mean for it; {@code notPayable} when nothing can pay it. */
  public record OrderOptions(Order order, Optional<ErrorCode> notPayable, List<PaymentOptions.Option> methods) {}

  /** The payment options of an order the actor may see, and why it cannot be paid at all, if so. */
  public OrderOptions options(Actor actor, UUID orderId) {
    Order order = orders.get(actor, orderId);
    return new OrderOptions(order, order.whyNotPayable(clock.instant()), options.forOrder(order));
  }

  /**
   * "I have paid": asks the provider now and applies its answer like a callback. Limited per
   * attempt and window so that an impatient button cannot hammer the provider. Refuses with
   * {@code ORDER_NOT_FOUND}, {@code PAYMENT_NOT_FOUND}, {@code RATE_LIMITED} or {@code PROVIDER_UNAVAILABLE}.
   */
  public PaymentAttempt check(Actor buyer, UUID orderId, UUID paymentId) {
    return checks.check(buyer, orderId, paymentId);
  }

  /** Support's re-check of an attempt, with a note: see {@code BuyerChecks#checkBySupport}. */
  public PaymentAttempt checkBySupport(Actor support, UUID orderId, UUID paymentId, String note,
      @Nullable UUID caseId) {
    return checks.checkBySupport(support, orderId, paymentId, note, caseId);
  }

  /**
   * Applies the provider's word, in its own transaction (callers must not hold the order's lock);
   * repeated or out-of-order news changes nothing but the timeline. {@code PAYMENT_NOT_FOUND} for a
   * reference no attempt has.
   */
  public void apply(PaymentGateway.ProviderResult result, String actor, TimelineEventType eventType) {
    news.apply(result, actor, eventType, true);
  }

  /**
   * The provider says a refund it had accepted failed: handed to refunds ({@link ProviderRefundFailed})
   * in one transaction with what they make of it. Repeated news changes nothing more.
   */
  @Transactional
  public void refundFailed(String provider, PaymentGateway.RefundFailed failed) {
    events.publishEvent(new ProviderRefundFailed(failed.refundId(), provider, failed.reason()));
  }

  /**
   * Closes an order's pending attempts at the provider before the order is cancelled; one may turn
   * out to be paid, which the caller sees on the order. Callers must not hold the order's lock.
   */
  public void closePending(UUID orderId, PaymentFailureCode reason, String actor) {
    closes.closePending(orderId, reason, actor);
  }

  /**
   * Marks an order's pending attempts to be closed at the provider by reconciliation, now, in the
   * caller's transaction (which holds the order's lock): what a granted cancellation asks for the
   * attempts it could not close itself. Their money, if it still comes, goes back as late.
   */
  public void closeLater(UUID orderId, PaymentFailureCode reason) {
    closeRequests.closeLater(orderId, reason);
  }

  /** The attempt whose money paid the order, if it was paid. */
  public Optional<PaymentAttempt> payingAttempt(UUID orderId) {
    return attempts.paying(orderId);
  }
}
