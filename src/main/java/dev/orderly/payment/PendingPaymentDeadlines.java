package dev.orderly.payment;

import dev.orderly.common.Jdbc;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
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

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PaymentService payments;
  private final PaymentGateway gateway;
  private final OrderService orders;
  private final Timeline timeline;
  private final Clock clock;
  private final Duration grace;

  PendingPaymentDeadlines(JdbcClient jdbc, TransactionTemplate transactions, PaymentService payments,
      PaymentGateway gateway, OrderService orders, Timeline timeline, Clock clock,
      @Value("${orderly.payment.deadline-grace:PT5M}") Duration grace) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.payments = payments;
    this.gateway = gateway;
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
    for (PaymentAttempt attempt : payments.pendingAttempts(orderId)) {
      try {
        PaymentGateway.ProviderResult result = gateway.query(attempt.providerReference());
        if (result.status() == AttemptStatus.PENDING) {
          PaymentGateway.CloseResult closed = gateway.close(attempt.providerReference());
          result = new PaymentGateway.ProviderResult(attempt.providerReference(), switch (closed) {
            case CLOSED -> AttemptStatus.CLOSED;
            case ALREADY_PAID -> AttemptStatus.SUCCEEDED;
            case ALREADY_FAILED -> gateway.query(attempt.providerReference()).status();
          });
        }
        payments.apply(result, "system:payment-deadline", "PAYMENT_STATUS_CHECKED");
        if (result.status() == AttemptStatus.SUCCEEDED) {
          return;
        }
      } catch (ProviderUnavailableException e) {
        Instant now = clock.instant();
        if (now.isBefore(order.paymentDeadline().plus(grace))) {
          transactions.executeWithoutResult(tx -> {
            timeline.record(orderId, now, "PROVIDER_UNREACHABLE_AT_DEADLINE", "system:payment-deadline",
                Map.of("paymentId", attempt.id().toString(), "retryAt", now.plus(RETRY).toString(),
                    "graceEnds", order.paymentDeadline().plus(grace).toString()));
            lease(List.of(orderId), now.plus(RETRY));
          });
          return;
        }
        // grace over: cancel; money that arrives later is refunded as a late payment
      }
    }
    orders.expire(orderId, "system:payment-deadline", Map.of("checkedWithProvider", true));
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
