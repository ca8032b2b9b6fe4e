package dev.orderly.order.internal;

import dev.orderly.order.BuyerOrderHistory;
import java.util.Objects;
import dev.orderly.timer.Lease;
import dev.orderly.common.Cursor;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.order.OrderSearch;
import dev.orderly.common.Money;
import dev.orderly.order.CancelReason;
import dev.orderly.order.ListScope;
import dev.orderly.order.Order;
import dev.orderly.order.OrderLine;
import dev.orderly.order.OrderStatus;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code orders} with their {@code order_items}: the order aggregate as stored, one order at a time or listed. */
@Repository
public class OrderRepository {

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  OrderRepository(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  public void insert(Order o) {
    List<Object> params = new ArrayList<>(List.of(o.id(), o.number(), o.buyerId(), o.sellerId(), o.status().name(),
        o.total().amount(), o.total().currency(), o.digital(), Jdbc.ts(o.placedAt()), Jdbc.ts(o.paymentDeadline())));
    params.add(Jdbc.ts(o.paymentReminderAt())); // may be null, which List.of refuses
    params.add(o.paymentPending());
    params.addAll(Arrays.asList(SellerPolicyColumns.values(o.policy())));
    jdbc.sql("""
            INSERT INTO orders (id, number, buyer_id, seller_id, status, total_amount, currency, digital, placed_at,
              payment_deadline, payment_reminder_at, payment_pending, policy_payment_window_ms, policy_free_cancel_window_ms,
              policy_cancellation_window_ms, policy_seller_response_window_ms, policy_auto_complete_window_ms,
              policy_cancellation_fee_percent, policy_digital_cancellable, policy_payment_reminder_before_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(params)
        .update();
    List<Object[]> lines = new ArrayList<>();
    for (int i = 0; i < o.lines().size(); i++) {
      OrderLine l = o.lines().get(i);
      lines.add(new Object[] {o.id(), i + 1, l.productId(), l.quantity(), l.unitPrice().amount()});
    }
    template.batchUpdate("INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_amount) "
        + "VALUES (?, ?, ?, ?, ?)", lines);
  }

  /**
   * Everything a transition may change, only if the order is still in status {@code from}. Callers
   * hold the row lock, so a mismatch means the lock was not taken: refused, nothing is overwritten.
   */
  public void update(Order o, OrderStatus from) {
    int updated = jdbc.sql("""
            UPDATE orders SET status = ?, cancel_reason = ?, payment_deadline = ?, paid_at = ?, processing_at = ?,
              shipped_at = ?, delivered_at = ?, completed_at = ?, cancelled_at = ?, auto_complete_at = ?, carrier = ?,
              tracking_number = ?, payment_pending = ?, outage_extension_ms = ?, payment_reminder_at = ?,
              support_extension_ms = ?
            WHERE id = ? AND status = ?""")
        .params(o.status().name(), o.cancelReason() == null ? null : o.cancelReason().name(),
            Jdbc.ts(o.paymentDeadline()), Jdbc.ts(o.paidAt()), Jdbc.ts(o.processingAt()), Jdbc.ts(o.shippedAt()),
            Jdbc.ts(o.deliveredAt()), Jdbc.ts(o.completedAt()), Jdbc.ts(o.cancelledAt()), Jdbc.ts(o.autoCompleteAt()),
            o.carrier(), o.trackingNumber(), o.paymentPending(), o.outageExtension().toMillis(),
            Jdbc.ts(o.paymentReminderAt()), o.supportExtension().toMillis(), o.id(), from.name())
        .update();
    if (updated != 1) {
      throw new IllegalStateException("order " + o.id() + " is no longer " + from + ": changed without its row lock");
    }
  }

  public Optional<Order> find(UUID id) {
    return one("SELECT * FROM orders WHERE id = ?", id);
  }

  /** The orders of these ids that exist, in no particular order. */
  public List<Order> findAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<UUID> list = List.copyOf(ids);
    return withLines(jdbc.sql("SELECT * FROM orders WHERE id IN (" + Jdbc.placeholders(list) + ")")
        .params(List.<Object>copyOf(list)).query(OrderRepository::head).list());
  }

  /** Reads the order and locks its row until the transaction ends: commands on one order queue up. */
  public Optional<Order> lock(UUID id) {
    return one("SELECT * FROM orders WHERE id = ? FOR UPDATE", id);
  }

  /** Locks the order's row until the transaction ends; false when there is no such order. */
  public boolean lockRow(UUID id) {
    return !jdbc.sql("SELECT id FROM orders WHERE id = ? FOR UPDATE").param(id).query((rs, n) -> 1).list().isEmpty();
  }

  /** The caller holds the row lock. */
  public void setPaymentPending(UUID id, boolean pending) {
    jdbc.sql("UPDATE orders SET payment_pending = ? WHERE id = ?").params(pending, id).update();
  }

  /**
   * One page of the orders in scope that match {@code search}, newest first (placement time, then
   * id), after {@code after}: a backward scan from the cursor of an index ending in
   * {@code (placed_at, id)}: {@code orders_buyer}, {@code orders_seller}, {@code orders_seller_status},
   * {@code orders_placed}, or for support's list by status {@code orders_status_placed} on
   * {@code list_status} (a copy of the status no timer names, db/vendor/{h2,postgresql}/V14_1); a number is one row
   * of its unique index.
   */
  public Page<Order> list(ListScope scope, OrderSearch search, @Nullable Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    scope.restrict(sql, params);
    if (search.number() != null) {
      sql.append(" AND number = ?");
      params.add(search.number());
    }
    if (search.buyerId() != null) {
      sql.append(" AND buyer_id = ?");
      params.add(search.buyerId());
    }
    if (search.status() != null) {
      // support's list by status has an index of its own, on a copy of the status (V14_1)
      boolean allBuyers = scope.kind() == ListScope.Kind.EVERYTHING && search.buyerId() == null;
      sql.append(allBuyers ? " AND list_status = ?" : " AND status = ?");
      params.add(search.status().name());
    }
    if (search.placedFrom() != null) {
      sql.append(" AND placed_at >= ?");
      params.add(Jdbc.ts(search.placedFrom()));
    }
    if (search.placedTo() != null) {
      sql.append(" AND placed_at < ?");
      params.add(Jdbc.ts(search.placedTo()));
    }
    Keyset.page(sql, params, "placed_at", "id", Keyset.Direction.NEWEST_FIRST, after, limit);
    return Page.of(withLines(jdbc.sql(sql.toString()).params(params).query(OrderRepository::head).list()), limit,
        o -> new Cursor(o.placedAt(), o.id()));
  }

  /** The first of a block of order-number counter values (the sequence increments by the block size). */
  public long nextNumberBlock() {
    return jdbc.sql("SELECT nextval('order_number_seq')").query(Long.class).single();
  }

  /** When the buyer's orders were cancelled for non-payment, after {@code after} (index {@code orders_buyer_status}). */
  public List<Instant> paymentTimeouts(UUID buyerId, Instant after) {
    return jdbc.sql("""
            SELECT cancelled_at FROM orders
            WHERE buyer_id = ? AND status = ? AND cancelled_at > ? AND cancel_reason = ?""")
        .params(buyerId, OrderStatus.CANCELLED.name(), Jdbc.ts(after), CancelReason.PAYMENT_TIMEOUT.name())
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .list();
  }

  /** How many of the buyer's orders await payment. */
  public long countAwaitingPayment(UUID buyerId) {
    return jdbc.sql("SELECT COUNT(*) FROM orders WHERE buyer_id = ? AND status = ?")
        .params(buyerId, OrderStatus.AWAITING_PAYMENT.name())
        .query(Long.class).single();
  }

  /**
   * What placement asks of a buyer's orders, in one round trip: when they were cancelled for
   * non-payment after {@code expiredAfter}, and how many await payment, counted no further than
   * {@code unpaidUpTo}. Both parts read only their own entries of the index {@code orders_buyer_status}
   * (the count at most {@code unpaidUpTo} of them, however many the buyer has); an expiry comes
   * back as its time, an unpaid order as a row without one.
   */
  public BuyerOrderHistory.PlacementHistory placementReads(UUID buyerId, Instant expiredAfter, int unpaidUpTo) {
    List<Instant> expiries = new ArrayList<>();
    long[] unpaid = {0};
    jdbc.sql("""
            SELECT cancelled_at FROM orders
            WHERE buyer_id = ? AND status = ? AND cancelled_at > ? AND cancel_reason = ?
            UNION ALL
            SELECT NULL FROM (SELECT 1 AS one FROM orders WHERE buyer_id = ? AND status = ? LIMIT ?) AS unpaid""")
        .params(buyerId, OrderStatus.CANCELLED.name(), Jdbc.ts(expiredAfter), CancelReason.PAYMENT_TIMEOUT.name(),
            buyerId, OrderStatus.AWAITING_PAYMENT.name(), unpaidUpTo)
        .query(rs -> {
          Instant expiry = Jdbc.instant(rs, 1);
          if (expiry == null) {
            unpaid[0]++;
          } else {
            expiries.add(expiry);
          }
        });
    return new BuyerOrderHistory.PlacementHistory(List.copyOf(expiries), unpaid[0]);
  }

  private Optional<Order> one(String sql, UUID id) {
    return withLines(jdbc.sql(sql).param(id).query(OrderRepository::head).list()).stream().findFirst();
  }

  /** An order's row, waiting for its lines (read for all rows at once). */
  private record Head(UUID id, String currency, Function<List<OrderLine>, Order> withLines) {}

  private List<Order> withLines(List<Head> heads) {
    if (heads.isEmpty()) {
      return List.of();
    }
    Map<UUID, String> currencies = new HashMap<>();
    heads.forEach(h -> currencies.put(h.id(), h.currency()));
    Map<UUID, List<OrderLine>> lines = new HashMap<>();
    jdbc.sql("SELECT order_id, product_id, quantity, unit_price_amount FROM order_items WHERE order_id IN ("
            + Jdbc.placeholders(heads) + ") ORDER BY order_id, line_no")
        .params(heads.stream().map(Head::id).toList())
        .query(rs -> {
          UUID orderId = rs.getObject("order_id", UUID.class);
          lines.computeIfAbsent(orderId, k -> new ArrayList<>()).add(new OrderLine(rs.getObject("product_id", UUID.class),
              rs.getInt("quantity"), new Money(rs.getBigDecimal("unit_price_amount"), currencies.get(orderId))));
        });
    return heads.stream().map(h -> h.withLines().apply(lines.getOrDefault(h.id(), List.of()))).toList();
  }

  private static Head head(ResultSet rs, int n) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    String number = rs.getString("number");
    UUID buyerId = rs.getObject("buyer_id", UUID.class);
    UUID sellerId = rs.getObject("seller_id", UUID.class);
    Money total = new Money(rs.getBigDecimal("total_amount"), rs.getString("currency"));
    boolean digital = rs.getBoolean("digital");
    SellerPolicy policy = SellerPolicyColumns.read(rs, "policy_");
    Instant placedAt = Jdbc.instant(rs, "placed_at");
    Instant paymentDeadline = Jdbc.instant(rs, "payment_deadline");
    OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
    String reason = rs.getString("cancel_reason");
    CancelReason cancelReason = reason == null ? null : CancelReason.valueOf(reason);
    Instant paidAt = Jdbc.instant(rs, "paid_at");
    Instant processingAt = Jdbc.instant(rs, "processing_at");
    Instant shippedAt = Jdbc.instant(rs, "shipped_at");
    Instant deliveredAt = Jdbc.instant(rs, "delivered_at");
    Instant completedAt = Jdbc.instant(rs, "completed_at");
    Instant cancelledAt = Jdbc.instant(rs, "cancelled_at");
    Instant autoCompleteAt = Jdbc.instant(rs, "auto_complete_at");
    String carrier = rs.getString("carrier");
    String trackingNumber = rs.getString("tracking_number");
    boolean paymentPending = rs.getBoolean("payment_pending");
    Duration outageExtension = Duration.ofMillis(rs.getLong("outage_extension_ms"));
    Instant paymentReminderAt = Jdbc.instant(rs, "payment_reminder_at");
    Duration supportExtension = Duration.ofMillis(rs.getLong("support_extension_ms"));
    return new Head(id, total.currency(), lines -> Order.restore(id, number, buyerId, sellerId, lines, total, digital,
        policy, placedAt, paymentDeadline, status, cancelReason, paidAt, processingAt, shippedAt, deliveredAt,
        completedAt, cancelledAt, autoCompleteAt, carrier, trackingNumber, paymentPending, outageExtension,
        paymentReminderAt, supportExtension));
  }

  /** Pending-payment deadline checks: see {@link dev.orderly.order.OrderService#claimPendingPaymentDeadlines}. */
  public List<Lease> claimPendingPaymentDeadlines(Instant now, int limit, Instant until) {
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
    return ids.stream().map(id -> new Lease(id, until)).toList();
  }

  /** Moves a leased deadline check on, only while the lease holds. */
  public boolean moveDeadlineCheck(Lease lease, Instant until) {
    return jdbc.sql("UPDATE orders SET deadline_check_until = ? WHERE id = ? AND deadline_check_until = ?")
        .params(Jdbc.ts(until), lease.id(), Jdbc.ts(lease.until())).update() == 1;
  }

  public Optional<Instant> nextPendingPaymentDeadline() {
    return jdbc.sql("""
            SELECT MIN(CASE WHEN deadline_check_until IS NOT NULL AND deadline_check_until > payment_deadline
                            THEN deadline_check_until ELSE payment_deadline END)
            FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = TRUE""")
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .list().stream().filter(Objects::nonNull).findFirst();
  }
}
