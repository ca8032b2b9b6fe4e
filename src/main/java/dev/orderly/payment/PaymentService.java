package dev.orderly.payment;

import dev.orderly.access.Actor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.Timeline;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment attempts and what the provider says about them. Whatever the source of the provider's
 * word (callback, "I have paid" check, deadline check), it is applied by {@link #apply}, once.
 * Locks are taken order first, then attempt, everywhere.
 */
@Service
public class PaymentService {

  private final JdbcClient jdbc;
  private final OrderService orders;
  private final Timeline timeline;
  private final PaymentGateway gateway;
  private final SelfAddress self;
  private final Clock clock;
  private final TransactionTemplate transactions;

  PaymentService(JdbcClient jdbc, OrderService orders, Timeline timeline, PaymentGateway gateway, SelfAddress self,
      Clock clock, TransactionTemplate transactions) {
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.orders = orders;
    this.timeline = timeline;
    this.gateway = gateway;
    this.self = self;
    this.clock = clock;
  }

  /** A buyer starts paying: the attempt is created at the provider and the buyer sent to its page. */
  @Transactional
  public PaymentAttempt start(Actor buyer, UUID orderId, PaymentMethod method) {
    Order order = orders.lockForPayment(buyer, orderId);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    Money amount = order.total();
    PaymentGateway.Created created = gateway.create(id, method, amount,
        self.baseUrl() + "/provider-callbacks/" + gateway.name());
    jdbc.sql("""
            INSERT INTO payment_attempts (id, order_id, method, amount, currency, status, provider, provider_reference,
              redirect_url, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""")
        .params(id, orderId, method.name(), amount.amount(), amount.currency(), gateway.name(), created.reference(),
            created.redirectUrl(), Jdbc.ts(now))
        .update();
    orders.paymentPending(orderId, true);
    timeline.record(orderId, now, "PAYMENT_ATTEMPT_STARTED", buyer.label(), Map.of(
        "paymentId", id.toString(), "method", method.name(), "amount", amount.toString(),
        "providerReference", created.reference()));
    return find(id).orElseThrow();
  }

  public List<PaymentAttempt> list(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(PaymentService::map).list();
  }

  /** "I have paid": asks the provider now and applies its answer like a callback. */
  public PaymentAttempt check(Actor buyer, UUID orderId, UUID paymentId) {
    orders.get(buyer, orderId);
    PaymentAttempt attempt = find(paymentId).filter(a -> a.orderId().equals(orderId))
        .orElseThrow(() -> new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND, "no payment " + paymentId));
    if (attempt.status() == AttemptStatus.PENDING) {
      PaymentGateway.ProviderResult result = gateway.query(attempt.providerReference());
      apply(result, buyer.label(), "PAYMENT_STATUS_CHECKED");
    }
    return find(paymentId).orElseThrow();
  }

  /**
   * Applies the provider's word on an attempt. Repeated or out-of-order news changes nothing but
   * the timeline; money for an order already paid or cancelled is recorded for refund.
   */
  public void apply(PaymentGateway.ProviderResult result, String actor, String eventType) {
    // a template rather than @Transactional: check() calls this from inside the same bean
    transactions.executeWithoutResult(tx -> applyInTransaction(result, actor, eventType));
  }

  private void applyInTransaction(PaymentGateway.ProviderResult result, String actor, String eventType) {
    Optional<PaymentAttempt> found = findByReference(result.reference());
    if (found.isEmpty()) {
      throw new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND, "no payment with reference " + result.reference());
    }
    UUID orderId = found.get().orderId();
    orders.lock(orderId);
    PaymentAttempt attempt = lockAttempt(found.get().id());
    Instant now = clock.instant();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("paymentId", attempt.id().toString());
    detail.put("providerReference", attempt.providerReference());
    detail.put("providerStatus", result.status().name());
    boolean news = attempt.status() != result.status()
        && (attempt.status() == AttemptStatus.PENDING || result.status() == AttemptStatus.SUCCEEDED);
    detail.put("duplicate", !news);
    timeline.record(orderId, now, eventType, actor, detail);
    if (!news || result.status() == AttemptStatus.PENDING) {
      return;
    }
    jdbc.sql("UPDATE payment_attempts SET status = ?, resolved_at = ? WHERE id = ?")
        .params(result.status().name(), Jdbc.ts(now), attempt.id()).update();
    if (result.status() == AttemptStatus.SUCCEEDED) {
      Map<String, Object> paid = Map.of("paymentId", attempt.id().toString(), "method", attempt.method().name(),
          "amount", attempt.amount().toString());
      OrderService.PaymentOutcome outcome = orders.recordPayment(orderId, "provider:" + attempt.provider(), paid);
      if (outcome != OrderService.PaymentOutcome.PAID) {
        String type = outcome == OrderService.PaymentOutcome.ORDER_CANCELLED ? "LATE_PAYMENT_RECEIVED"
            : "DUPLICATE_PAYMENT_RECEIVED";
        timeline.record(orderId, now, type, "provider:" + attempt.provider(), paid);
      }
    } else {
      timeline.record(orderId, now, result.status() == AttemptStatus.FAILED ? "PAYMENT_FAILED" : "PAYMENT_ATTEMPT_CLOSED",
          "provider:" + attempt.provider(), Map.of("paymentId", attempt.id().toString()));
    }
    orders.paymentPending(orderId, hasPending(orderId));
  }

  List<PaymentAttempt> pendingAttempts(UUID orderId) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? AND status = 'PENDING' ORDER BY created_at")
        .param(orderId).query(PaymentService::map).list();
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

  private static PaymentAttempt map(ResultSet rs, int n) throws SQLException {
    return new PaymentAttempt(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
        PaymentMethod.valueOf(rs.getString("method")), new Money(rs.getBigDecimal("amount"), rs.getString("currency")),
        AttemptStatus.valueOf(rs.getString("status")), rs.getString("provider"), rs.getString("provider_reference"),
        rs.getString("redirect_url"), rs.getString("failure_code"), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "resolved_at"));
  }
}
