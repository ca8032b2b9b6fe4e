package dev.orderly.payment.internal;

import dev.orderly.common.AfterCommit;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.OrderService;
import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.AppliedAs;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.MoneyToReturn;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway.ProviderResult;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the provider's word on an attempt, whatever its source (callback, "I have paid" check,
 * reconciliation, deadline check, the answer to a close), once: at most one attempt pays an order,
 * and any other money is handed to refunds as {@link MoneyToReturn}. Repeated or out-of-order news
 * changes only the order's timeline ({@link PaymentAttempt#isNews}). Locks are taken order first,
 * then attempt.
 */
@Component
public class ProviderNews {

  private final PaymentAttemptRepository attempts;
  private final OrderService orders;
  private final Timeline timeline;
  private final CloseRequests closeRequests;
  private final MethodHealth health;
  private final PaymentMetrics metrics;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final TransactionTemplate ownTransaction;

  ProviderNews(PaymentAttemptRepository attempts, OrderService orders, Timeline timeline, CloseRequests closeRequests,
      MethodHealth health, PaymentMetrics metrics, ApplicationEventPublisher events, Clock clock,
      PlatformTransactionManager transactions) {
    this.attempts = attempts;
    this.orders = orders;
    this.timeline = timeline;
    this.closeRequests = closeRequests;
    this.health = health;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Applies the provider's word in its own transaction: it is a fact about money, kept whatever
   * happens to the caller's work. Callers must not hold the order's lock. {@code recordWithoutNews}
   * false leaves repeated news off the timeline (reconciliation asks often). Refuses a reference it
   * does not know with {@code PAYMENT_NOT_FOUND}.
   */
  public void apply(ProviderResult result, String actor, TimelineEventType eventType, boolean recordWithoutNews) {
    ownTransaction.executeWithoutResult(tx -> applyLocked(result, actor, eventType, recordWithoutNews));
  }

  private void applyLocked(ProviderResult result, String actor, TimelineEventType eventType,
      boolean recordWithoutNews) {
    PaymentAttempt attempt = lock(result.reference());
    Instant now = clock.instant();
    boolean news = attempt.isNews(result.status());
    if (news || recordWithoutNews) {
      recordWord(attempt, result, actor, eventType, news, now);
    }
    if (!news) {
      return;
    }
    AttemptStatus from = attempt.status();
    switch (result.status()) {
      case SUCCEEDED -> succeeded(attempt, now);
      case FAILED, CLOSED -> ended(attempt, result, now);
      case PENDING -> throw new IllegalStateException("PENDING is never news");
    }
    if (!attempts.saveOutcome(attempt, from)) {
      // the row is locked by this transaction: roll back rather than record over what happened
      throw new IllegalStateException("payment " + attempt.id() + " is no longer " + from);
    }
    orders.paymentPending(attempt.orderId(), attempts.hasPending(attempt.orderId()));
    AfterCommit.run(() -> metrics.resolved(attempt.method(), attempt.status(), attempt.appliedAs()));
  }

  private PaymentAttempt lock(String reference) {
    PaymentAttempt found = attempts.findByReference(reference).orElseThrow(
        () -> new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND, "no payment with reference " + reference));
    orders.lock(found.orderId());
    return attempts.lock(found.id());
  }

  /** The provider's word on the timeline, news or not ({@code duplicate}). */
  private void recordWord(PaymentAttempt attempt, ProviderResult result, String actor, TimelineEventType eventType,
      boolean news, Instant now) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("paymentId", attempt.id().toString());
    detail.put("providerReference", attempt.providerReference());
    detail.put("providerStatus", result.status().name());
    if (result.failureCode() != null) {
      detail.put("failureCode", result.failureCode().name());
    }
    detail.put("duplicate", !news);
    timeline.record(attempt.orderId(), now, eventType, actor, detail);
  }

  /** Money: it pays the order, or it goes back (the order was cancelled, or paid by another attempt). */
  private void succeeded(PaymentAttempt attempt, Instant now) {
    Map<String, Object> paid = Map.of("paymentId", attempt.id().toString(), "method", attempt.method().name(),
        "amount", attempt.amount().toString());
    String provider = providerActor(attempt);
    OrderService.PaymentOutcome outcome = orders.recordPayment(attempt.orderId(), provider, paid);
    attempt.succeed(switch (outcome) {
      case PAID -> AppliedAs.PAID;
      case ORDER_CANCELLED -> AppliedAs.LATE;
      case ALREADY_PAID -> AppliedAs.DUPLICATE;
    }, now);
    if (outcome == OrderService.PaymentOutcome.PAID) {
      // the order is paid: any other attempt still pending must not take money too
      closeRequests.closeOthersLater(attempt.orderId(), attempt.id(), PaymentFailureCode.ORDER_ALREADY_PAID);
    } else {
      returnMoney(attempt, outcome == OrderService.PaymentOutcome.ORDER_CANCELLED
          ? MoneyToReturn.Cause.LATE_PAYMENT : MoneyToReturn.Cause.DUPLICATE_PAYMENT, paid, now);
    }
    AfterCommit.run(() -> health.record(attempt.method(), MethodHealth.Outcome.SUCCEEDED, attempt.id()));
  }

  private void returnMoney(PaymentAttempt attempt, MoneyToReturn.Cause cause, Map<String, Object> paid, Instant now) {
    timeline.record(attempt.orderId(), now, cause == MoneyToReturn.Cause.LATE_PAYMENT
        ? TimelineEventType.LATE_PAYMENT_RECEIVED : TimelineEventType.DUPLICATE_PAYMENT_RECEIVED,
        providerActor(attempt), paid);
    events.publishEvent(new MoneyToReturn(attempt.orderId(), attempt.id(), attempt.providerReference(),
        attempt.method(), attempt.amount(), cause));
  }

  /** No money: failed or closed at the provider. A provider error counts against the method's health. */
  private void ended(PaymentAttempt attempt, ProviderResult result, Instant now) {
    if (result.status() == AttemptStatus.FAILED) {
      attempt.fail(result.failureCode(), now);
    } else {
      attempt.close(result.failureCode(), now);
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("paymentId", attempt.id().toString());
    if (result.failureCode() != null) {
      detail.put("failureCode", result.failureCode().name());
    }
    timeline.record(attempt.orderId(), now, result.status() == AttemptStatus.FAILED
        ? TimelineEventType.PAYMENT_FAILED : TimelineEventType.PAYMENT_ATTEMPT_CLOSED, providerActor(attempt), detail);
    if (result.failureCode() == PaymentFailureCode.PROVIDER_ERROR) {
      AfterCommit.run(() -> health.record(attempt.method(), MethodHealth.Outcome.PROVIDER_ERROR, attempt.id()));
    }
  }

  private static String providerActor(PaymentAttempt attempt) {
    return "provider:" + attempt.provider();
  }
}
