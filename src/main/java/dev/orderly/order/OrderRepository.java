package dev.orderly.order;

import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrderRepository {

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  OrderRepository(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  void insert(Order o) {
    SellerPolicy p = o.policy();
    jdbc.sql("""
            INSERT INTO orders (id, number, buyer_id, seller_id, status, total_amount, currency, digital, placed_at,
              payment_deadline, payment_reminder_at, payment_pending, policy_payment_window_ms, policy_free_cancel_window_ms,
              policy_cancellation_window_ms, policy_seller_response_window_ms, policy_auto_complete_window_ms,
              policy_cancellation_fee_percent, policy_digital_cancellable, policy_payment_reminder_before_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(o.id(), o.number(), o.buyerId(), o.sellerId(), o.status().name(), o.total().amount(),
            o.total().currency(), o.digital(), Jdbc.ts(o.placedAt()), Jdbc.ts(o.paymentDeadline()),
            Jdbc.ts(o.paymentReminderAt()), o.paymentPending(),
            p.paymentWindow().toMillis(), p.freeCancelWindow().toMillis(), p.cancellationWindow().toMillis(),
            p.sellerResponseWindow().toMillis(), p.autoCompleteWindow().toMillis(), p.cancellationFeePercent(),
            p.digitalCancellable(), p.paymentReminderBefore().toMillis())
        .update();
    List<Object[]> lines = new ArrayList<>();
    for (int i = 0; i < o.lines().size(); i++) {
      OrderLine l = o.lines().get(i);
      lines.add(new Object[] {o.id(), i + 1, l.productId(), l.quantity(), l.unitPrice().amount()});
    }
    template.batchUpdate("INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_amount) "
        + "VALUES (?, ?, ?, ?, ?)", lines);
  }

  /** Everything a transition may change; the caller holds the row lock. */
  void update(Order o) {
    jdbc.sql("""
            UPDATE orders SET status = ?, cancel_reason = ?, payment_deadline = ?, paid_at = ?, processing_at = ?,
              shipped_at = ?, delivered_at = ?, completed_at = ?, cancelled_at = ?, auto_complete_at = ?, carrier = ?,
              tracking_number = ?, payment_pending = ?, outage_extension_ms = ?, payment_reminder_at = ?
            WHERE id = ?""")
        .params(o.status().name(), o.cancelReason() == null ? null : o.cancelReason().name(),
            Jdbc.ts(o.paymentDeadline()), Jdbc.ts(o.paidAt()), Jdbc.ts(o.processingAt()), Jdbc.ts(o.shippedAt()),
            Jdbc.ts(o.deliveredAt()), Jdbc.ts(o.completedAt()), Jdbc.ts(o.cancelledAt()), Jdbc.ts(o.autoCompleteAt()),
            o.carrier(), o.trackingNumber(), o.paymentPending(), o.outageExtension().toMillis(),
            Jdbc.ts(o.paymentReminderAt()), o.id())
        .update();
  }

  Optional<Order> find(UUID id) {
    return one("SELECT * FROM orders WHERE id = ?", id);
  }

  List<Order> findAll(java.util.Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<UUID> list = List.copyOf(ids);
    List<Order> heads = jdbc.sql("SELECT * FROM orders WHERE id IN (" + Jdbc.placeholders(list) + ")")
        .params(List.<Object>copyOf(list)).query(OrderRepository::head).list();
    return withLines(heads);
  }

  /** Reads the order and locks its row until the transaction ends: commands on one order queue up. */
  Optional<Order> lock(UUID id) {
    return one("SELECT * FROM orders WHERE id = ? FOR UPDATE", id);
  }

  void setPaymentPending(UUID id, boolean pending) {
    jdbc.sql("UPDATE orders SET payment_pending = ? WHERE id = ?").params(pending, id).update();
  }

  boolean lockRow(UUID id) {
    return !jdbc.sql("SELECT id FROM orders WHERE id = ? FOR UPDATE").param(id).query((rs, n) -> 1).list().isEmpty();
  }

  /** Pending-payment deadline checks: see {@link OrderService#claimPendingPaymentDeadlines}. */
  List<dev.orderly.timer.Lease> claimPendingPaymentDeadlines(java.time.Instant now, int limit, java.time.Instant until) {
    List<UUID> ids = jdbc.sql("""
            SELECT id FROM orders
            WHERE status = 'AWAITING_PAYMENT' AND payment_pending = TRUE AND payment_deadline <= ?
              AND (deadline_check_until IS NULL OR deadline_check_until <= ?)
            ORDER BY payment_deadline LIMIT ? FOR UPDATE SKIP LOCKED""")
        .params(Jdbc.ts(now), Jdbc.ts(now), limit)
        .query((rs, n) -> rs.getObject(1, UUID.class)).list();
    if (!ids.isEmpty()) {
      List<Object> params = new ArrayList<>();
      params.add(Jdbc.ts(until));
      params.addAll(ids);
      jdbc.sql("UPDATE orders SET deadline_check_until = ? WHERE id IN (" + Jdbc.placeholders(ids) + ")")
          .params(params).update();
    }
    return ids.stream().map(id -> new dev.orderly.timer.Lease(id, until)).toList();
  }

  boolean moveDeadlineCheck(dev.orderly.timer.Lease lease, java.time.Instant until) {
    return jdbc.sql("UPDATE orders SET deadline_check_until = ? WHERE id = ? AND deadline_check_until = ?")
        .params(Jdbc.ts(until), lease.id(), Jdbc.ts(lease.until())).update() == 1;
  }

  Optional<java.time.Instant> nextPendingPaymentDeadline() {
    return jdbc.sql("""
            SELECT MIN(CASE WHEN deadline_check_until IS NOT NULL AND deadline_check_until > payment_deadline
                            THEN deadline_check_until ELSE payment_deadline END)
            FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = TRUE""")
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .list().stream().filter(java.util.Objects::nonNull).findFirst();
  }

  List<Order> list(String whereColumn, UUID whereValue, OrderStatus status, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (whereColumn != null) {
      sql.append(" AND ").append(whereColumn).append(" = ?");
      params.add(whereValue);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      params.add(status.name());
    }
    sql.append(" ORDER BY placed_at DESC, id LIMIT ?");
    params.add(limit);
    List<Order> heads = jdbc.sql(sql.toString()).params(params).query(OrderRepository::head).list();
    return withLines(heads);
  }

  private Optional<Order> one(String sql, UUID id) {
    List<Order> found = jdbc.sql(sql).param(id).query(OrderRepository::head).list();
    return withLines(found).stream().findFirst();
  }

  private List<Order> withLines(List<Order> heads) {
    if (heads.isEmpty()) {
      return heads;
    }
    Map<UUID, Order> byId = new HashMap<>();
    heads.forEach(o -> byId.put(o.id(), o));
    Map<UUID, List<OrderLine>> lines = new HashMap<>();
    jdbc.sql("SELECT order_id, product_id, quantity, unit_price_amount FROM order_items WHERE order_id IN ("
            + Jdbc.placeholders(heads) + ") ORDER BY order_id, line_no")
        .params(heads.stream().map(Order::id).toList())
        .query(rs -> {
          UUID orderId = rs.getObject("order_id", UUID.class);
          lines.computeIfAbsent(orderId, k -> new ArrayList<>()).add(new OrderLine(rs.getObject("product_id", UUID.class),
              rs.getInt("quantity"), new Money(rs.getBigDecimal("unit_price_amount"), byId.get(orderId).total().currency())));
        });
    return heads.stream().map(o -> o.withLines(lines.getOrDefault(o.id(), List.of()))).toList();
  }

  private static Order head(ResultSet rs, int n) throws SQLException {
    SellerPolicy policy = SellerPolicyService.read(rs, "policy_");
    String reason = rs.getString("cancel_reason");
    return Order.restore(rs.getObject("id", UUID.class), rs.getString("number"), rs.getObject("buyer_id", UUID.class),
        rs.getObject("seller_id", UUID.class), List.of(),
        new Money(rs.getBigDecimal("total_amount"), rs.getString("currency")), rs.getBoolean("digital"), policy,
        Jdbc.instant(rs, "placed_at"), Jdbc.instant(rs, "payment_deadline"), OrderStatus.valueOf(rs.getString("status")),
        reason == null ? null : CancelReason.valueOf(reason), Jdbc.instant(rs, "paid_at"),
        Jdbc.instant(rs, "processing_at"), Jdbc.instant(rs, "shipped_at"), Jdbc.instant(rs, "delivered_at"),
        Jdbc.instant(rs, "completed_at"), Jdbc.instant(rs, "cancelled_at"), Jdbc.instant(rs, "auto_complete_at"),
        rs.getString("carrier"), rs.getString("tracking_number"), rs.getBoolean("payment_pending"),
        java.time.Duration.ofMillis(rs.getLong("outage_extension_ms")), Jdbc.instant(rs, "payment_reminder_at"));
  }
}
