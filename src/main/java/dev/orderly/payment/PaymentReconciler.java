package dev.orderly.payment;

import dev.orderly.order.TimelineEventType;
import dev.orderly.order.SystemActor;
import dev.orderly.common.Jdbc;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.timer.DueRows;
import dev.orderly.timer.DueWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * Pending attempts Orderly has not heard about in a while, in case a callback never comes: the
 * provider is asked, with growing pauses ({@code orderly.payment.reconcile-after}, doubling, at
 * most {@link #MAX_PAUSE}). Attempts that must be closed (superseded by a newer one, or their
 * order paid or closed) are closed at the provider here too, until the provider confirms.
 */
@Component
class PaymentReconciler implements DueWork {
  static final String NAME = "payment-reconciliation";
  private static final Logger log = LoggerFactory.getLogger(PaymentReconciler.class);
  private static final int BATCH = 50;
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration MAX_PAUSE = Duration.ofMinutes(10);
  private static final String ACTOR = SystemActor.RECONCILIATION.label();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PaymentService payments;
  private final PaymentProviders providers;
  private final MethodHealth health;
  private final OrderService orders;
  private final Clock clock;
  private final Duration firstPause;

  PaymentReconciler(JdbcClient jdbc, TransactionTemplate transactions, PaymentService payments, PaymentProviders providers,
      MethodHealth health, OrderService orders, Clock clock,
      @Value("${orderly.payment.reconcile-after:PT2M}") Duration firstPause) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.payments = payments;
    this.providers = providers;
    this.health = health;
    this.orders = orders;
    this.clock = clock;
    this.firstPause = firstPause;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize() {
    return BATCH;
  }

  @Override
  public int runBatch(Instant now) {
    List<UUID> claimed = Objects.requireNonNull(transactions.execute(tx ->
        DueRows.claim(jdbc, "payment_attempts", "next_check_at", "TRUE", now, BATCH, now.plus(LEASE))));
    for (UUID id : claimed) {
      try {
        reconcile(id);
      } catch (RuntimeException e) {
        log.warn("reconciling payment {} failed; retrying later", id, e);
        later(id);
      }
    }
    return claimed.size();
  }

  private void reconcile(UUID id) {
    PaymentAttempt attempt = payments.find(id).orElseThrow();
    if (attempt.status() != AttemptStatus.PENDING) {
      jdbc.sql("UPDATE payment_attempts SET next_check_at = NULL WHERE id = ?").param(id).update();
      return;
    }
    PaymentFailureCode closeReason = closeReason(attempt);
    if (closeReason != null) {
      if (!payments.closeAtProvider(attempt, closeReason, ACTOR)) {
        later(id);
      }
      return;
    }
    PaymentGateway.ProviderResult result;
    try {
      result = providers.of(attempt).query(attempt.providerReference());
    } catch (ProviderUnavailableException e) {
      health.record(attempt.method(), MethodHealth.Outcome.UNREACHABLE, attempt.id());
      later(id);
      return;
    }
    payments.apply(result, ACTOR, TimelineEventType.PAYMENT_RECONCILED, false);
    if (result.status() == AttemptStatus.PENDING) {
      later(id);
    }
  }

  /** Why a pending attempt must be closed rather than just asked about, if it must. */
  private PaymentFailureCode closeReason(PaymentAttempt attempt) {
    if (attempt.closeReason() != null) {
      return PaymentFailureCode.valueOf(attempt.closeReason());
    }
    Order order = orders.find(attempt.orderId()).orElseThrow();
    if (order.status() == OrderStatus.CANCELLED) {
      return PaymentFailureCode.ORDER_CANCELLED;
    }
    return order.status() == OrderStatus.AWAITING_PAYMENT ? null : PaymentFailureCode.ORDER_ALREADY_PAID;
  }

  /** The next look, after a pause that doubles with every look. */
  private void later(UUID id) {
    int checks = jdbc.sql("SELECT checks FROM payment_attempts WHERE id = ?").param(id).query(Integer.class).single();
    long factor = 1L << Math.min(checks, 20);
    Duration pause = firstPause.multipliedBy(factor);
    if (pause.compareTo(MAX_PAUSE) > 0) {
      pause = MAX_PAUSE;
    }
    jdbc.sql("UPDATE payment_attempts SET checks = checks + 1, next_check_at = ? WHERE id = ? AND status = 'PENDING'")
        .params(Jdbc.ts(clock.instant().plus(pause)), id).update();
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, "payment_attempts", "next_check_at", "TRUE");
  }
}
