package dev.orderly.payment;

import dev.orderly.order.TimelineEventType;
import dev.orderly.order.SystemActor;
import dev.orderly.common.Jdbc;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.Timeline;
import dev.orderly.timer.DueWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unpaid orders at their deadline that still have an attempt awaiting the provider: never closed
 * blindly. The provider is asked first; a payment that succeeded wins; a pending one is closed at
 * the provider (which may answer that it was just paid); only then is the order cancelled. If the
 * provider does not answer, the check is retried until {@code orderly.payment.deadline-grace}
 * after the deadline, then the order is cancelled and late money is refunded when it comes.
 * When the attempt's method is degraded, the deadline is extended instead (bounded), as the
 * platform, not the buyer, is at fault.
 *
 * <p>An order is leased to one instance while it asks ({@code deadline_check_until}), so a crash
 * mid-check lets another instance take over once the lease runs out.
 */
@Component
class PendingPaymentDeadlines implements DueWork {
  private static final Logger log = LoggerFactory.getLogger(PendingPaymentDeadlines.class);
  private static final int BATCH = 20;
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final String ACTOR = SystemActor.PAYMENT_DEADLINE.label();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PaymentService payments;
  private final PaymentProviders providers;
  private final OrderService orders;
  private final Timeline timeline;
  private final Clock clock;
  private final Duration grace;
  private final MethodHealth health;
  private final Duration outageExtension;
  private final Duration maxOutageExtension;

  PendingPaymentDeadlines(JdbcClient jdbc, TransactionTemplate transactions, PaymentService payments,
      PaymentProviders providers, OrderService orders, Timeline timeline, Clock clock, MethodHealth health,
      @Value("${orderly.payment.deadline-grace:PT5M}") Duration grace,
      @Value("${orderly.payment.health.outage-extension:PT30M}") Duration outageExtension,
      @Value("${orderly.payment.health.max-outage-extension:PT2H}") Duration maxOutageExtension) {
    this.health = health;
    this.outageExtension = outageExtension;
    this.maxOutageExtension = maxOutageExtension;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.payments = payments;
    this.providers = providers;
    this.orders = orders;
    this.timeline = timeline;
    this.clock = clock;
    this.grace = grace;
  }

  @Override
  public String name() {
    return "pending-payment-deadline";
  }

  @Override
  public int batchSize() {
    return BATCH;
  }

  @Override
  public int runBatch(Instant now) {
    List<UUID> claimed = transactions.execute(tx -> {
      List<UUID> ids = jdbc.sql("""
              SELECT id FROM orders
              WHERE status = 'AWAITING_PAYMENT' AND payment_pending = TRUE AND payment_deadline <= ?
                AND (deadline_check_until IS NULL OR deadline_check_until <= ?)
              ORDER BY payment_deadline LIMIT ? FOR UPDATE SKIP LOCKED""")
          .params(Jdbc.ts(now), Jdbc.ts(now), BATCH)
          .query((rs, n) -> rs.getObject(1, UUID.class)).list();
      lease(ids, now.plus(LEASE));
      return ids;
    });
    for (UUID id : Objects.requireNonNull(claimed)) {
      try {
        settle(id);
      } catch (RuntimeException e) {
        log.warn("deadline check of order {} failed; retrying in {}", id, RETRY, e);
        transactions.executeWithoutResult(tx -> lease(List.of(id), clock.instant().plus(RETRY)));
      }
    }
    return claimed.size();
  }

  private void settle(UUID orderId) {
    Order order = orders.find(orderId).orElseThrow();
    if (order.status() != OrderStatus.AWAITING_PAYMENT) {
      return;
    }
    for (PaymentAttempt attempt : payments.pendingAttempts(orderId)) {
      Optional<PaymentGateway.ProviderResult> answer = ask(attempt);
      if (answer.isPresent() && answer.get().status() != AttemptStatus.PENDING) {
        payments.apply(answer.get(), ACTOR, TimelineEventType.PAYMENT_STATUS_CHECKED);
      } else if (extendForOutage(order, attempt)) {
        return;
      } else if (answer.isEmpty() || !payments.closeAtProvider(attempt, PaymentFailureCode.DEADLINE_PASSED, ACTOR)) {
        Instant now = clock.instant();
        Instant graceEnds = order.paymentDeadline().plus(grace);
        if (now.isBefore(graceEnds)) {
          Instant retryAt = now.plus(backoff(order.paymentDeadline(), now, graceEnds));
          transactions.executeWithoutResult(tx -> {
            timeline.record(orderId, now, TimelineEventType.PROVIDER_UNREACHABLE_AT_DEADLINE, ACTOR,
                Map.of("paymentId", attempt.id().toString(), "retryAt", retryAt.toString(),
                    "graceEnds", graceEnds.toString()));
            lease(List.of(orderId), retryAt);
          });
          return;
        }
        // grace over: cancel; reconciliation keeps closing the attempt, and late money is refunded
        continue;
      }
      if (payments.find(attempt.id()).orElseThrow().status() == AttemptStatus.SUCCEEDED) {
        return;
      }
    }
    transactions.executeWithoutResult(tx -> {
      if (orders.expire(orderId, ACTOR, Map.of("checkedWithProvider", true))) {
        payments.closeLater(orderId, PaymentFailureCode.DEADLINE_PASSED);
      }
    });
  }

  /** The provider's answer about an attempt, or empty when it cannot be reached. */
  private Optional<PaymentGateway.ProviderResult> ask(PaymentAttempt attempt) {
    try {
      return Optional.of(providers.of(attempt).query(attempt.providerReference()));
    } catch (ProviderUnavailableException e) {
      health.record(attempt.method(), MethodHealth.Outcome.UNREACHABLE, attempt.id());
      return Optional.empty();
    }
  }

  /**
   * The buyer's method is degraded: the platform's fault, so the deadline moves later instead of
   * the order being cancelled, by {@code outage-extension} at a time and at most
   * {@code max-outage-extension} in all.
   */
  private boolean extendForOutage(Order order, PaymentAttempt attempt) {
    if (!health.degraded(attempt.method())) {
      return false;
    }
    Duration left = maxOutageExtension.minus(order.outageExtension());
    if (left.isNegative() || left.isZero()) {
      return false;
    }
    Duration step = outageExtension.compareTo(left) < 0 ? outageExtension : left;
    Instant now = clock.instant();
    Instant from = order.paymentDeadline().isAfter(now) ? order.paymentDeadline() : now;
    Boolean extended = transactions.execute(tx -> {
      boolean done = orders.extendPaymentDeadline(order.id(), from.plus(step), true, SystemActor.METHOD_HEALTH.label(),
          Map.of("cause", "METHOD_DEGRADED", "method", attempt.method().name(), "paymentId", attempt.id().toString()));
      if (done) {
        jdbc.sql("UPDATE orders SET deadline_check_until = NULL WHERE id = ?").param(order.id()).update();
      }
      return done;
    });
    return Boolean.TRUE.equals(extended);
  }

  /** Retries at growing pauses (the time since the deadline, 1 s to 1 min), never past the grace. */
  private static Duration backoff(Instant deadline, Instant now, Instant graceEnds) {
    Duration pause = Duration.between(deadline, now);
    if (pause.compareTo(Duration.ofSeconds(1)) < 0) {
      pause = Duration.ofSeconds(1);
    }
    if (pause.compareTo(Duration.ofMinutes(1)) > 0) {
      pause = Duration.ofMinutes(1);
    }
    Duration untilGraceEnds = Duration.between(now, graceEnds);
    return pause.compareTo(untilGraceEnds) > 0 ? untilGraceEnds : pause;
  }

  private void lease(List<UUID> ids, Instant until) {
    if (ids.isEmpty()) {
      return;
    }
    List<Object> params = new ArrayList<>();
    params.add(Jdbc.ts(until));
    params.addAll(ids);
    jdbc.sql("UPDATE orders SET deadline_check_until = ? WHERE id IN (" + Jdbc.placeholders(ids) + ")")
        .params(params).update();
  }

  @Override
  public Optional<Instant> nextDue() {
    return jdbc.sql("""
            SELECT MIN(CASE WHEN deadline_check_until IS NOT NULL AND deadline_check_until > payment_deadline
                            THEN deadline_check_until ELSE payment_deadline END)
            FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = TRUE""")
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .list().stream().filter(Objects::nonNull).findFirst();
  }
}
