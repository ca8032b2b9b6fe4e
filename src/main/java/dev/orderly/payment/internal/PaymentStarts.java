package dev.orderly.payment.internal;

import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.SelfAddress;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentOptions;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A buyer starts paying: older pending attempts are closed at the provider first, then the new
 * attempt is opened at the provider of the chosen method and stored, with the order locked so that
 * the deadline sweep cannot close it meanwhile. A slower method's longer window moves the deadline.
 */
@Component
public class PaymentStarts {

  private final PaymentAttemptRepository attempts;
  private final OrderService orders;
  private final Timeline timeline;
  private final PaymentProviders providers;
  private final PaymentOptions options;
  private final ProviderCloses closes;
  private final CloseRequests closeRequests;
  private final MethodHealth health;
  private final PaymentMetrics metrics;
  private final DueWorkRunner timers;
  private final SelfAddress self;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final Duration reconcileAfter;

  PaymentStarts(PaymentAttemptRepository attempts, OrderService orders, Timeline timeline, PaymentProviders providers,
      PaymentOptions options, ProviderCloses closes, CloseRequests closeRequests, MethodHealth health,
      PaymentMetrics metrics, DueWorkRunner timers, SelfAddress self, Clock clock,
      PlatformTransactionManager transactions,
      @Value("${orderly.payment.reconcile-after:PT2M}") Duration reconcileAfter) {
    this.attempts = attempts;
    this.orders = orders;
    this.timeline = timeline;
    this.providers = providers;
    this.options = options;
    this.closes = closes;
    this.closeRequests = closeRequests;
    this.health = health;
    this.metrics = metrics;
    this.timers = timers;
    this.self = self;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.reconcileAfter = reconcileAfter;
  }

  /**
   * Starts an attempt. Older pending attempts are closed at the provider first: one may turn out
   * to be paid already, and then the order is paid and no new attempt is made. An older attempt the
   * provider cannot close now is closed by reconciliation later.
   */
  public PaymentAttempt start(Actor buyer, UUID orderId, PaymentMethod method) {
    Order current = orders.get(buyer, orderId);
    if (current.whyNotPayable(clock.instant()).isEmpty()) {
      // a refused method must not cost the buyer the attempt already open
      refuseUnusable(current, method);
      closes.closePending(orderId, PaymentFailureCode.SUPERSEDED, buyer.label());
    }
    return Objects.requireNonNull(transaction.execute(tx -> create(buyer, orderId, method)));
  }

  private PaymentAttempt create(Actor buyer, UUID orderId, PaymentMethod method) {
    Order order = orders.lockForPayment(buyer, orderId);
    refuseUnusable(order, method);
    Instant now = clock.instant();
    PaymentAttempt attempt = openAtProvider(buyer, order, method, now);
    attempts.insert(attempt, now.plus(reconcileAfter));
    // older attempts the provider could not close just now: reconciliation keeps trying
    closeRequests.closeOthersLater(orderId, attempt.id(), PaymentFailureCode.SUPERSEDED);
    orders.paymentPending(orderId, true);
    timeline.record(orderId, now, TimelineEventType.PAYMENT_ATTEMPT_STARTED, buyer.label(), Map.of(
        "paymentId", attempt.id().toString(), "method", method.name(), "amount", attempt.amount().toString(),
        "providerReference", attempt.providerReference()));
    extendForMethodWindow(buyer, order, method);
    metrics.started(method);
    AfterCommit.run(() -> timers.dueAt(PaymentReconciler.NAME, now));
    return attempts.find(attempt.id()).orElseThrow();
  }

  /**
   * Opens the payment at the provider, to expire at the deadline the order has with this method;
   * one that does not answer is refused naming the methods that work.
   */
  private PaymentAttempt openAtProvider(Actor buyer, Order order, PaymentMethod method, Instant now) {
    UUID id = Ids.next();
    Money amount = order.total();
    // refuseUnusable refused a method whose provider is not configured or does not take the currency
    PaymentGateway gateway = providers.forMethod(method, amount.currency()).orElseThrow();
    try {
      PaymentGateway.Created created = gateway.create(new PaymentGateway.PaymentRequest(id, order.id(), order.number(),
          method, amount, options.deadlineWith(order, method), self.baseUrl() + "/provider-callbacks/" + gateway.name(),
          self.baseUrl() + "/console/orders/" + order.id()));
      return PaymentAttempt.start(id, order.id(), buyer.id(), method, amount, gateway.name(), created.reference(),
          created.redirectUrl(), now);
    } catch (ProviderUnavailableException e) {
      health.record(method, MethodHealth.Outcome.UNREACHABLE, null);
      throw new OrderlyException(ErrorCode.PROVIDER_UNAVAILABLE, e.getMessage(), Map.of("method", method,
          "workingMethods", options.forOrder(order).stream()
              .filter(o -> o.usable() && o.status() == PaymentOptions.Status.AVAILABLE && o.method() != method)
              .map(PaymentOptions.Option::method).toList()));
    }
  }

  private void extendForMethodWindow(Actor buyer, Order order, PaymentMethod method) {
    Instant deadline = options.deadlineWith(order, method);
    if (deadline.isAfter(order.paymentDeadline())) {
      orders.extendPaymentDeadline(order.id(), deadline, false, buyer.label(),
          Map.of("cause", "METHOD_WINDOW", "method", method.name()));
    }
  }

  private void refuseUnusable(Order order, PaymentMethod method) {
    try {
      options.requireUsable(order, method);
    } catch (OrderlyException e) {
      metrics.refused(method, e.code());
      throw e;
    }
  }
}
