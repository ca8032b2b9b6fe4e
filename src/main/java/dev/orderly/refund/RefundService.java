package dev.orderly.refund;

import dev.orderly.order.TimelineEventType;
import dev.orderly.order.SystemActor;
import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.OrderService;
import dev.orderly.order.Timeline;
import dev.orderly.payment.MoneyToReturn;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentMethodSettings;
import dev.orderly.timer.DueWorkRunner;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds: created in the transaction of the change that owes the money (so none is forgotten),
 * executed at the provider by {@link RefundExecutor}, one per payment and cause.
 */
@Service
public class RefundService {

  private final JdbcClient jdbc;
  private final OrderService orders;
  private final Timeline timeline;
  private final PaymentMethodSettings methods;
  private final DueWorkRunner timers;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  RefundService(JdbcClient jdbc, OrderService orders, Timeline timeline, PaymentMethodSettings methods,
      DueWorkRunner timers, Clock clock, ApplicationEventPublisher events) {
    this.events = events;
    this.jdbc = jdbc;
    this.orders = orders;
    this.timeline = timeline;
    this.methods = methods;
    this.timers = timers;
    this.clock = clock;
  }

  /** Money that came late or twice goes back, in the same transaction that recorded it. */
  @EventListener
  void on(MoneyToReturn money) {
    request(money.orderId(), money.paymentId(), money.providerReference(), money.method(), money.amount(),
        RefundCause.valueOf(money.cause().name()), SystemActor.REFUNDS.label());
  }

  /**
   * Owes the buyer {@code amount} of a payment, for a cause. Asking again for the same payment and
   * cause changes nothing and returns the refund already owed.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Refund request(UUID orderId, UUID paymentId, String paymentReference, PaymentMethod method, Money amount,
      RefundCause cause, String actor) {
    Optional<Refund> existing = find(paymentId, cause);
    if (existing.isPresent()) {
      return existing.get();
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    Instant expectedBy = now.plus(methods.refundTime(method));
    jdbc.sql("""
            INSERT INTO refunds (id, order_id, payment_id, payment_reference, method, cause, amount, currency, status,
              attempts, next_attempt_at, expected_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)""")
        .params(id, orderId, paymentId, paymentReference, method.name(), cause.name(), amount.amount(),
            amount.currency(), Jdbc.ts(now), Jdbc.ts(expectedBy), Jdbc.ts(now))
        .update();
    timeline.record(orderId, now, TimelineEventType.REFUND_CREATED, actor, Map.of("refundId", id.toString(),
        "paymentId", paymentId.toString(), "cause", cause.name(), "amount", amount.toString(),
        "expectedBy", expectedBy.toString()));
    events.publishEvent(new RefundEvent(id, orderId, cause, RefundStatus.PENDING, amount, expectedBy, now));
    AfterCommit.run(() -> timers.dueAt(RefundExecutor.NAME, now));
    return get(id);
  }

  public List<Refund> ofOrder(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return jdbc.sql("SELECT * FROM refunds WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(RefundService::map).list();
  }

  /** A refund the actor may see (through its order). */
  public Refund get(Actor actor, UUID id) {
    Refund refund = find(id).orElseThrow(() -> notFound(id));
    try {
      orders.get(actor, refund.orderId());
    } catch (OrderlyException e) {
      throw notFound(id);
    }
    return refund;
  }

  /** Support sends a refund that needs attention (or is waiting for its retry) to the provider again now. */
  @Transactional
  public Refund retry(Actor support, UUID id) {
    Refund refund = get(support, id);
    Instant now = clock.instant();
    int changed = jdbc.sql("""
            UPDATE refunds SET status = 'PENDING', attempts = 0, next_attempt_at = ?
            WHERE id = ? AND status IN ('NEEDS_ATTENTION', 'FAILED')""")
        .params(Jdbc.ts(now), id).update();
    if (changed == 0) {
      throw new OrderlyException(ErrorCode.ILLEGAL_REFUND_TRANSITION,
          "refund " + id + " is " + refund.status() + "; only a failed refund can be retried",
          Map.of("refundStatus", refund.status()));
    }
    timeline.record(refund.orderId(), now, TimelineEventType.REFUND_RETRY_REQUESTED, support.label(),
        Map.of("refundId", id.toString(), "previousStatus", refund.status().name()));
    AfterCommit.run(() -> timers.dueAt(RefundExecutor.NAME, now));
    return get(id);
  }

  /** Support's queue: refunds whose retries are used up, oldest first. */
  public List<Refund> needingAttention(int limit) {
    return jdbc.sql("SELECT * FROM refunds WHERE status = 'NEEDS_ATTENTION' ORDER BY created_at, id LIMIT ?")
        .param(limit).query(RefundService::map).list();
  }

  Optional<Refund> find(UUID id) {
    return jdbc.sql("SELECT * FROM refunds WHERE id = ?").param(id).query(RefundService::map).optional();
  }

  private Refund get(UUID id) {
    return find(id).orElseThrow();
  }

  private Optional<Refund> find(UUID paymentId, RefundCause cause) {
    return jdbc.sql("SELECT * FROM refunds WHERE payment_id = ? AND cause = ?").params(paymentId, cause.name())
        .query(RefundService::map).optional();
  }

  private static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.REFUND_NOT_FOUND, "no refund " + id);
  }

  static Refund map(ResultSet rs, int n) throws SQLException {
    return new Refund(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
        rs.getObject("payment_id", UUID.class), rs.getString("method"),
        new Money(rs.getBigDecimal("amount"), rs.getString("currency")), RefundCause.valueOf(rs.getString("cause")),
        RefundStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
        Jdbc.instant(rs, "next_attempt_at"), Jdbc.instant(rs, "expected_by"), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "completed_at"));
  }
}
