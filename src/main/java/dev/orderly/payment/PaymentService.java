package dev.orderly.payment;

import dev.orderly.order.TimelineEventType;
import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.Timeline;
import dev.orderly.timer.DueWorkRunner;
import dev.orderly.common.SelfAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment attempts and what the provider says about them. Whatever the source of the provider's
 * word (callback, "I have paid" check, reconciliation, deadline check, a close), it is applied by
 * {@link #apply}, in its own transaction, once: at most one attempt pays an order, and any other
 * money is handed to refunds as {@link MoneyToReturn}. Locks are taken order first, then attempt.
 */
@Service
public class PaymentService {

  private final JdbcClient jdbc;
  private final OrderService orders;
  private final Timeline timeline;
  private final PaymentProviders providers;
  private final SelfAddress self;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final TransactionTemplate ownTransaction;
  private final PaymentOptions options;
  private final MethodHealth health;
  private final PaymentMetrics metrics;
  private final ApplicationEventPublisher events;
  private final DueWorkRunner timers;
  private final Duration reconcileAfter;
  private final int checkLimit;
  private final Duration checkWindow;

  PaymentService(JdbcClient jdbc, OrderService orders, Timeline timeline, PaymentProviders providers, SelfAddress self,
      Clock clock, PlatformTransactionManager transactions, PaymentOptions options, MethodHealth health,
      PaymentMetrics metrics, ApplicationEventPublisher events, DueWorkRunner timers,
      @Value("${orderly.payment.reconcile-after:PT2M}") Duration reconcileAfter,
      @Value("${orderly.payment.check-limit:5}") int checkLimit,
      @Value("${orderly.payment.check-limit-window:PT1M}") Duration checkWindow) {
    this.jdbc = jdbc;
    this.orders = orders;
    this.timeline = timeline;
    this.providers = providers;
    this.self = self;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.options = options;
    this.health = health;
    this.metrics = metrics;
    this.events = events;
    this.timers = timers;
    this.reconcileAfter = reconcileAfter;
    this.checkLimit = checkLimit;
    this.checkWindow = checkWindow;
  }

  /**
   * A buyer starts paying, with the same method as before or another one. Older pending attempts
   * are closed at the provider first: one may turn out to be paid already, and then the order is
   * paid and no new attempt is made. An older attempt the provider cannot close now is closed by
   * reconciliation later; if its money still comes, it is refunded as a duplicate.
   */
  public PaymentAttempt start(Actor buyer, UUID orderId, PaymentMethod method) {
    Order current = orders.get(buyer, orderId);
    if (current.whyNotPayable(clock.instant()).isEmpty()) {
      // a refused method must not cost the buyer the attempt already open
      refuseUnusable(current, method);
      for (PaymentAttempt older : pendingAttempts(orderId)) {
        closeAtProvider(older, PaymentFailureCode.SUPERSEDED, buyer.label());
      }
    }
    return transaction.execute(tx -> create(buyer, orderId, method));
  }

  private PaymentAttempt create(Actor buyer, UUID orderId, PaymentMethod method) {
    Order order = orders.lockForPayment(buyer, orderId);
    refuseUnusable(order, method);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    Money amount = order.total();
    // requireUsable refused a method whose provider is not configured
    PaymentGateway gateway = providers.forMethod(method).orElseThrow();
    PaymentGateway.Created created;
    try {
      created = gateway.create(id, method, amount, self.baseUrl() + "/provider-callbacks/" + gateway.name());
    } catch (ProviderUnavailableException e) {
      health.record(method, MethodHealth.Outcome.UNREACHABLE, null);
      throw new OrderlyException(ErrorCode.PROVIDER_UNAVAILABLE, e.getMessage(), Map.of("method", method,
          "workingMethods", options.forOrder(order).stream()
              .filter(o -> o.usable() && o.status() == PaymentOptions.Status.AVAILABLE && o.method() != method)
              .map(PaymentOptions.Option::method).toList()));
    }
    jdbc.sql("""
            INSERT INTO payment_attempts (id, order_id, buyer_id, method, amount, currency, status, provider,
              provider_reference, redirect_url, created_at, next_check_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)""")
        .params(id, orderId, buyer.id(), method.name(), amount.amount(), amount.currency(), gateway.name(),
            created.reference(), created.redirectUrl(), Jdbc.ts(now), Jdbc.ts(now.plus(reconcileAfter)))
        .update();
    // older attempts the provider could not close just now: reconciliation keeps trying
    jdbc.sql("""
            UPDATE payment_attempts SET close_reason = 'SUPERSEDED', next_check_at = ?
            WHERE order_id = ? AND status = 'PENDING' AND id <> ?""")
        .params(Jdbc.ts(now), orderId, id).update();
    orders.paymentPending(orderId, true);
    timeline.record(orderId, now, TimelineEventType.PAYMENT_ATTEMPT_STARTED, buyer.label(), Map.of(
        "paymentId", id.toString(), "method", method.name(), "amount", amount.toString(),
        "providerReference", created.reference()));
    Instant deadline = options.deadlineWith(order, method);
    if (deadline.isAfter(order.paymentDeadline())) {
      orders.extendPaymentDeadline(orderId, deadline, false, buyer.label(),
          Map.of("cause", "METHOD_WINDOW", "method", method.name()));
    }
    metrics.started(method);
    AfterCommit.run(() -> timers.dueAt(PaymentReconciler.NAME, now));
    return find(id).orElseThrow();
  }

  private void refuseUnusable(Order order, PaymentMethod method) {
    try {
      options.requireUsable(order, method);
    } catch (OrderlyException e) {
      metrics.refused(method, e.code().name());
      throw e;
    }
  }

  public List<PaymentAttempt> list(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(PaymentService::map).list();
  }

  /** An order and what each method would mean for it. */
  public record OrderOptions(Order order, Optional<ErrorCode> notPayable, List<PaymentOptions.Option> methods) {}

  /** The payment options of an order the actor may see, and why it cannot be paid at all, if so. */
  public OrderOptions options(Actor actor, UUID orderId) {
    Order order = orders.get(actor, orderId);
    return new OrderOptions(order, order.whyNotPayable(clock.instant()), options.forOrder(order));
  }

  /**
   * "I have paid": asks the provider now and applies its answer like a callback. Limited per
   * attempt and window so that an impatient button cannot hammer the provider.
   */
  public PaymentAttempt check(Actor buyer, UUID orderId, UUID paymentId) {
    orders.get(buyer, orderId);
    PaymentAttempt attempt = find(paymentId).filter(a -> a.orderId().equals(orderId))
        .orElseThrow(() -> new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND, "no payment " + paymentId));
    countCheck(paymentId);
    if (attempt.status() != AttemptStatus.SUCCEEDED) {
      PaymentGateway.ProviderResult result;
      try {
        result = providers.of(attempt).query(attempt.providerReference());
      } catch (ProviderUnavailableException e) {
        health.record(attempt.method(), MethodHealth.Outcome.UNREACHABLE, attempt.id());
        throw e;
      }
      apply(result, buyer.label(), TimelineEventType.PAYMENT_STATUS_CHECKED, true);
    }
    return find(paymentId).orElseThrow();
  }

  private void countCheck(UUID paymentId) {
    Instant now = clock.instant();
    Instant windowStart = now.minus(checkWindow);
    record Count(int checks, Instant since) {}
    Count count = transaction.execute(tx -> {
      jdbc.sql("""
              UPDATE payment_attempts SET
                buyer_checks = CASE WHEN buyer_checks_since IS NULL OR buyer_checks_since <= ? THEN 1 ELSE buyer_checks + 1 END,
                buyer_checks_since = CASE WHEN buyer_checks_since IS NULL OR buyer_checks_since <= ? THEN ? ELSE buyer_checks_since END
              WHERE id = ?""")
          .params(Jdbc.ts(windowStart), Jdbc.ts(windowStart), Jdbc.ts(now), paymentId).update();
      return jdbc.sql("SELECT buyer_checks, buyer_checks_since FROM payment_attempts WHERE id = ?").param(paymentId)
          .query((rs, n) -> new Count(rs.getInt(1), Jdbc.instant(rs, 2))).single();
    });
    if (count.checks() > checkLimit) {
      Instant retryAt = count.since().plus(checkWindow);
      long seconds = Math.max(1, (Duration.between(now, retryAt).toMillis() + 999) / 1000);
      throw new OrderlyException(ErrorCode.RATE_LIMITED, "at most " + checkLimit + " checks per payment every "
          + checkWindow, Map.of("retryAfter", seconds, "limit", checkLimit));
    }
  }

  /**
   * Closes a pending attempt at the provider and applies the answer: closed, or paid after all.
   * Returns false when the provider could not be reached; the attempt is then left for
   * reconciliation to close later.
   */
  boolean closeAtProvider(PaymentAttempt attempt, PaymentFailureCode reason, String actor) {
    PaymentGateway.ProviderResult result;
    try {
      PaymentGateway gateway = providers.of(attempt);
      result = switch (gateway.close(attempt.providerReference())) {
        case CLOSED -> new PaymentGateway.ProviderResult(attempt.providerReference(), AttemptStatus.CLOSED, reason.name());
        case ALREADY_PAID -> new PaymentGateway.ProviderResult(attempt.providerReference(), AttemptStatus.SUCCEEDED);
        case ALREADY_FAILED -> gateway.query(attempt.providerReference());
      };
    } catch (ProviderUnavailableException e) {
      health.record(attempt.method(), MethodHealth.Outcome.UNREACHABLE, attempt.id());
      ownTransaction.executeWithoutResult(tx -> jdbc.sql("""
              UPDATE payment_attempts SET close_reason = ? WHERE id = ? AND status = 'PENDING'""")
          .params(reason.name(), attempt.id()).update());
      return false;
    }
    apply(result, actor, TimelineEventType.PAYMENT_CLOSE_ANSWERED, true);
    return true;
  }

  /** Applies the provider's word; repeated or out-of-order news changes nothing but the timeline. */
  public void apply(PaymentGateway.ProviderResult result, String actor, TimelineEventType eventType) {
    apply(result, actor, eventType, true);
  }

  /**
   * Applies the provider's word in its own transaction: it is a fact about money, kept whatever
   * happens to the caller's work. Callers must not hold the order's lock.
   */
  void apply(PaymentGateway.ProviderResult result, String actor, TimelineEventType eventType, boolean recordWithoutNews) {
    ownTransaction.executeWithoutResult(tx -> applyInTransaction(result, actor, eventType, recordWithoutNews));
  }

  private void applyInTransaction(PaymentGateway.ProviderResult result, String actor, TimelineEventType eventType,
      boolean recordWithoutNews) {
    Optional<PaymentAttempt> found = findByReference(result.reference());
    if (found.isEmpty()) {
      throw new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND, "no payment with reference " + result.reference());
    }
    UUID orderId = found.get().orderId();
    orders.lock(orderId);
    PaymentAttempt attempt = lockAttempt(found.get().id());
    Instant now = clock.instant();
    boolean news = attempt.status() != result.status()
        && (attempt.status() == AttemptStatus.PENDING || result.status() == AttemptStatus.SUCCEEDED);
    if (news || recordWithoutNews) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("paymentId", attempt.id().toString());
      detail.put("providerReference", attempt.providerReference());
      detail.put("providerStatus", result.status().name());
      if (result.failureCode() != null) {
        detail.put("failureCode", result.failureCode());
      }
      detail.put("duplicate", !news);
      timeline.record(orderId, now, eventType, actor, detail);
    }
    if (!news || result.status() == AttemptStatus.PENDING) {
      return;
    }
    String provider = "provider:" + attempt.provider();
    String appliedAs = null;
    if (result.status() == AttemptStatus.SUCCEEDED) {
      Map<String, Object> paid = Map.of("paymentId", attempt.id().toString(), "method", attempt.method().name(),
          "amount", attempt.amount().toString());
      OrderService.PaymentOutcome outcome = orders.recordPayment(orderId, provider, paid);
      appliedAs = switch (outcome) {
        case PAID -> "PAID";
        case ORDER_CANCELLED -> "LATE";
        case ALREADY_PAID -> "DUPLICATE";
      };
      if (outcome == OrderService.PaymentOutcome.PAID) {
        // the order is paid: any other attempt still pending must not take money too
        jdbc.sql("""
                UPDATE payment_attempts SET close_reason = 'ORDER_ALREADY_PAID', next_check_at = ?
                WHERE order_id = ? AND status = 'PENDING' AND id <> ?""")
            .params(Jdbc.ts(now), orderId, attempt.id()).update();
        AfterCommit.run(() -> timers.dueAt(PaymentReconciler.NAME, now));
      } else {
        MoneyToReturn.Cause cause = outcome == OrderService.PaymentOutcome.ORDER_CANCELLED
            ? MoneyToReturn.Cause.LATE_PAYMENT : MoneyToReturn.Cause.DUPLICATE_PAYMENT;
        timeline.record(orderId, now, cause == MoneyToReturn.Cause.LATE_PAYMENT ? TimelineEventType.LATE_PAYMENT_RECEIVED
            : TimelineEventType.DUPLICATE_PAYMENT_RECEIVED, provider, paid);
        events.publishEvent(new MoneyToReturn(orderId, attempt.id(), attempt.providerReference(), attempt.method(),
            attempt.amount(), cause));
      }
      AfterCommit.run(() -> health.record(attempt.method(), MethodHealth.Outcome.SUCCEEDED, attempt.id()));
    } else {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("paymentId", attempt.id().toString());
      if (result.failureCode() != null) {
        detail.put("failureCode", result.failureCode());
      }
      timeline.record(orderId, now, result.status() == AttemptStatus.FAILED ? TimelineEventType.PAYMENT_FAILED : TimelineEventType.PAYMENT_ATTEMPT_CLOSED,
          provider, detail);
      if (PaymentFailureCode.PROVIDER_ERROR.name().equals(result.failureCode())) {
        AfterCommit.run(() -> health.record(attempt.method(), MethodHealth.Outcome.PROVIDER_ERROR, attempt.id()));
      }
    }
    jdbc.sql("""
            UPDATE payment_attempts SET status = ?, failure_code = ?, applied_as = ?, resolved_at = ?, next_check_at = NULL
            WHERE id = ?""")
        .params(result.status().name(), result.failureCode(), appliedAs, Jdbc.ts(now), attempt.id()).update();
    orders.paymentPending(orderId, hasPending(orderId));
    AttemptStatus status = result.status();
    String applied = appliedAs;
    AfterCommit.run(() -> metrics.resolved(attempt.method(), status, applied));
  }

  List<PaymentAttempt> pendingAttempts(UUID orderId) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? AND status = 'PENDING' ORDER BY created_at")
        .param(orderId).query(PaymentService::map).list();
  }

  /**
   * Closes an order's pending attempts at the provider before the order is cancelled; one may turn
   * out to be paid, which the caller sees on the order. Callers must not hold the order's lock.
   */
  public void closePending(UUID orderId, PaymentFailureCode reason, String actor) {
    for (PaymentAttempt attempt : pendingAttempts(orderId)) {
      closeAtProvider(attempt, reason, actor);
    }
  }

  /** The attempt whose money paid the order, if it was paid. */
  public Optional<PaymentAttempt> payingAttempt(UUID orderId) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? AND applied_as = 'PAID'").param(orderId)
        .query(PaymentService::map).optional();
  }

  /** Marks an order's pending attempts to be closed at the provider by reconciliation, now. */
  public void closeLater(UUID orderId, PaymentFailureCode reason) {
    Instant now = clock.instant();
    jdbc.sql("UPDATE payment_attempts SET close_reason = ?, next_check_at = ? WHERE order_id = ? AND status = 'PENDING'")
        .params(reason.name(), Jdbc.ts(now), orderId).update();
    AfterCommit.run(() -> timers.dueAt(PaymentReconciler.NAME, now));
  }

  private boolean hasPending(UUID orderId) {
    return jdbc.sql("SELECT COUNT(*) FROM payment_attempts WHERE order_id = ? AND status = 'PENDING'")
        .param(orderId).query(Long.class).single() > 0;
  }

  Optional<PaymentAttempt> find(UUID id) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE id = ?").param(id).query(PaymentService::map).optional();
  }

  private Optional<PaymentAttempt> findByReference(String reference) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE provider_reference = ?").param(reference)
        .query(PaymentService::map).optional();
  }

  private PaymentAttempt lockAttempt(UUID id) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE id = ? FOR UPDATE").param(id)
        .query(PaymentService::map).single();
  }

  static PaymentAttempt map(ResultSet rs, int n) throws SQLException {
    return new PaymentAttempt(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
        PaymentMethod.valueOf(rs.getString("method")), new Money(rs.getBigDecimal("amount"), rs.getString("currency")),
        AttemptStatus.valueOf(rs.getString("status")), rs.getString("provider"), rs.getString("provider_reference"),
        rs.getString("redirect_url"), rs.getString("failure_code"), rs.getString("applied_as"),
        rs.getString("close_reason"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "resolved_at"));
  }
}
