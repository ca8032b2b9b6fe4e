package dev.orderly.payment.internal;

import dev.orderly.order.Timeline;
import dev.orderly.supportcase.SupportCases;
import org.jspecify.annotations.Nullable;
import dev.orderly.access.Actor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.OrderService;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
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
 * "I have paid": the provider is asked now and its answer applied like a callback. At most
 * {@code orderly.payment.check-limit} checks per attempt in a fixed window of
 * {@code orderly.payment.check-limit-window}, so that an impatient button cannot hammer the provider.
 */
@Component
public class BuyerChecks {

  private final PaymentAttemptRepository attempts;
  private final OrderService orders;
  private final ProviderQueries provider;
  private final ProviderNews news;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final Timeline timeline;
  private final SupportCases cases;
  private final int limit;
  private final Duration window;

  BuyerChecks(PaymentAttemptRepository attempts, OrderService orders, ProviderQueries provider, ProviderNews news,
      Clock clock, PlatformTransactionManager transactions, Timeline timeline, SupportCases cases,
      @Value("${orderly.payment.check-limit:5}") int limit,
      @Value("${orderly.payment.check-limit-window:PT1M}") Duration window) {
    this.attempts = attempts;
    this.timeline = timeline;
    this.cases = cases;
    this.orders = orders;
    this.provider = provider;
    this.news = news;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.limit = limit;
    this.window = window;
  }

  /**
   * Asks the provider about an attempt of an order the buyer may see, unless it already succeeded.
   * Refuses with {@code ORDER_NOT_FOUND}, {@code PAYMENT_NOT_FOUND}, {@code RATE_LIMITED} (with
   * {@code retryAfter} seconds) or {@code PROVIDER_UNAVAILABLE}.
   */
  public PaymentAttempt check(Actor buyer, UUID orderId, UUID paymentId) {
    PaymentAttempt attempt = visibleAttempt(buyer, orderId, paymentId);
    count(paymentId);
    return ask(attempt, buyer);
  }

  /**
   * Support asks the provider about an attempt (a buyer's "I paid" on the phone), without the buyer's
   * per-attempt limit, with a note: on the order's timeline ({@code SUPPORT_ACTION}) and on the case
   * {@code caseId} when given. The case is checked before the provider is asked.
   */
  public PaymentAttempt checkBySupport(Actor support, UUID orderId, UUID paymentId, String note, @Nullable UUID caseId) {
    PaymentAttempt attempt = visibleAttempt(support, orderId, paymentId);
    cases.checkCase(caseId, orderId);
    PaymentAttempt now = ask(attempt, support);
    transaction.executeWithoutResult(tx -> {
      Map<String, Object> detail = new java.util.LinkedHashMap<>();
      detail.put("action", TimelineEventType.PAYMENT_STATUS_CHECKED.name());
      detail.put("paymentId", paymentId.toString());
      detail.put("paymentStatus", now.status().name());
      detail.put("note", note);
      if (caseId != null) {
        detail.put("caseId", caseId.toString());
      }
      timeline.record(orderId, clock.instant(), TimelineEventType.SUPPORT_ACTION, support.label(), detail);
      cases.recordAction(caseId, support, orderId, TimelineEventType.PAYMENT_STATUS_CHECKED, note);
    });
    return now;
  }

  /** An attempt of an order the actor may see; {@code ORDER_NOT_FOUND} or {@code PAYMENT_NOT_FOUND} otherwise. */
  private PaymentAttempt visibleAttempt(Actor actor, UUID orderId, UUID paymentId) {
    orders.get(actor, orderId);
    return attempts.find(paymentId).filter(a -> a.orderId().equals(orderId))
        .orElseThrow(() -> new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND, "no payment " + paymentId));
  }

  /** Asks the provider unless the attempt already succeeded, applies its answer, and reads the attempt again. */
  private PaymentAttempt ask(PaymentAttempt attempt, Actor actor) {
    if (attempt.status() != AttemptStatus.SUCCEEDED) {
      news.apply(provider.query(attempt), actor.label(), TimelineEventType.PAYMENT_STATUS_CHECKED, true);
    }
    return attempts.find(attempt.id()).orElseThrow();
  }

  private void count(UUID paymentId) {
    Instant now = clock.instant();
    PaymentAttemptRepository.BuyerChecks count = Objects.requireNonNull(
        transaction.execute(tx -> attempts.countBuyerCheck(paymentId, now, now.minus(window))));
    if (count.checks() > limit) {
      Instant retryAt = count.since().plus(window);
      long seconds = Math.max(1, (Duration.between(now, retryAt).toMillis() + 999) / 1000);
      throw new OrderlyException(ErrorCode.RATE_LIMITED, "at most " + limit + " checks per payment every "
          + window, Map.of("retryAfter", seconds, "limit", limit));
    }
  }
}
