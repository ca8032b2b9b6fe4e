package dev.orderly.order.internal;

import dev.orderly.common.Ids;
import dev.orderly.common.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The order timers' queries on {@code orders}: due rows claimed in batches with
 * {@code FOR UPDATE SKIP LOCKED} (other workers and instances take the next ones), the next due
 * time, and the payment-deadline sweep's bulk close, a fixed number of statements per batch
 * however many orders it closes.
 */
@Repository
public class DueOrderRepository {

  /**
   * An unpaid order past its deadline, locked by the caller's transaction, with what the sweep's
   * listeners tell its buyer and seller.
   */
  public record PastDeadline(UUID id, Instant deadline, String number, UUID buyerId, UUID sellerId) {}

  private final JdbcClient jdbc;

  DueOrderRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Locks up to {@code limit} unpaid orders whose deadline is at or before {@code now} and that have
   * no payment attempt awaiting the provider, earliest deadline first.
   *
   * <p>The lock is what keeps a payment from landing between this claim and {@link #expireAll}: the
   * payment path locks the order's row first, so one of them waits for the other. (On H2, reading
   * without the lock and relying on {@link #expireAll}'s condition closed a burst 25 % faster but
   * was wrong: with two workers reading the same rows, the second worker's update, made after
   * waiting for the first one's row locks, changed rows the first had already cancelled, and only
   * the stock check stopped the second release. See bench/README.md.)
   */
  public List<PastDeadline> lockPastDeadline(Instant now, int limit) {
    return jdbc.sql("""
            SELECT id, payment_deadline, number, buyer_id, seller_id FROM orders
            WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE AND payment_deadline <= ?
            ORDER BY payment_deadline
            LIMIT ?
            FOR UPDATE SKIP LOCKED""")
        .params(Jdbc.ts(now), limit)
        .query((rs, n) -> new PastDeadline(rs.getObject("id", UUID.class), Jdbc.instant(rs, "payment_deadline"),
            rs.getString("number"), rs.getObject("buyer_id", UUID.class), rs.getObject("seller_id", UUID.class)))
        .list();
  }

  /**
   * Cancels these orders with reason PAYMENT_TIMEOUT in one statement, each only if it still awaits
   * payment with no attempt pending and its deadline at or before {@code now} (the bulk form of
   * {@code Order.expire}); returns how many it cancelled.
   */
  public int expireAll(List<UUID> ids, Instant now, Instant closedAt) {
    List<Object> params = new ArrayList<>(ids.size() + 2);
    params.add(Jdbc.ts(closedAt));
    params.add(Jdbc.ts(now));
    params.addAll(ids);
    return jdbc.sql("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'PAYMENT_TIMEOUT', "
            + "cancelled_at = ?, payment_reminder_at = NULL WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE "
            + "AND payment_deadline <= ? AND id IN (" + Jdbc.placeholders(ids) + ")")
        .params(params).update();
  }

  /** The quantities these orders hold, summed per product, in product-id order (the database's). */
  public SortedMap<UUID, Integer> quantitiesOf(List<UUID> orderIds) {
    SortedMap<UUID, Integer> quantities = new TreeMap<>(Ids.DATABASE_ORDER);
    jdbc.sql("SELECT product_id, SUM(quantity) AS q FROM order_items WHERE order_id IN ("
            + Jdbc.placeholders(orderIds) + ") GROUP BY product_id")
        .params(List.<Object>copyOf(orderIds))
        .query(rs -> {
          quantities.put(rs.getObject("product_id", UUID.class), rs.getInt("q"));
        });
    return quantities;
  }

  /** The earliest deadline among unpaid orders without a payment awaiting the provider. */
  public Optional<Instant> nextPaymentDeadline() {
    return first("SELECT MIN(payment_deadline) FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE");
  }

  /** Locks up to {@code limit} delivered orders whose auto-complete time has come, earliest first. */
  public List<UUID> lockDueForAutoCompletion(Instant now, int limit) {
    return jdbc.sql("""
            SELECT id FROM orders WHERE status = 'DELIVERED' AND auto_complete_at <= ?
            ORDER BY auto_complete_at LIMIT ? FOR UPDATE SKIP LOCKED""")
        .params(Jdbc.ts(now), limit)
        .query((rs, n) -> rs.getObject(1, UUID.class))
        .list();
  }

  /** The earliest auto-complete time among delivered orders. */
  public Optional<Instant> nextAutoCompletion() {
    return first("SELECT MIN(auto_complete_at) FROM orders WHERE status = 'DELIVERED'");
  }

  private Optional<Instant> first(String sql) {
    return jdbc.sql(sql).query((rs, n) -> Jdbc.instant(rs, 1)).list().stream().filter(Objects::nonNull).findFirst();
  }
}
