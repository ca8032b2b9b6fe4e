package dev.orderly.order;

import dev.orderly.common.Jdbc;
import dev.orderly.inventory.InventoryService;
import dev.orderly.timer.DueWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hot path of unpaid-order timeouts: closes orders past their payment deadline that have no
 * payment attempt awaiting the provider, a batch per transaction. Each batch locks its orders
 * with {@code FOR UPDATE SKIP LOCKED} (other workers and instances take the next ones), cancels
 * them with reason PAYMENT_TIMEOUT, releases their stock once per product in product-id order,
 * and writes their timeline entries in one batch.
 *
 * <p>This is the bulk form of {@link Order#expire}: same precondition (awaiting payment, deadline
 * passed), written as SQL so that 10,000 orders need 20 transactions rather than 10,000. Orders
 * with a pending attempt are the payment module's: it asks the provider before closing them.
 */
@Component
class PaymentDeadlineSweeper implements DueWork {

  static final String NAME = "payment-deadline";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final InventoryService inventory;
  private final Timeline timeline;
  private final OrderMetrics metrics;
  private final Clock clock;
  private final org.springframework.context.ApplicationEventPublisher events;
  private final int batchSize;
  private final int workers;

  PaymentDeadlineSweeper(JdbcClient jdbc, TransactionTemplate transactions, InventoryService inventory,
      Timeline timeline, OrderMetrics metrics, Clock clock,
      org.springframework.context.ApplicationEventPublisher events,
      @Value("${orderly.timers.payment-deadline.batch-size:500}") int batchSize,
      @Value("${orderly.timers.payment-deadline.workers:2}") int workers) {
    this.events = events;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.inventory = inventory;
    this.timeline = timeline;
    this.metrics = metrics;
    this.clock = clock;
    this.batchSize = batchSize;
    this.workers = workers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int workers() {
    return workers;
  }

  private record Due(UUID id, Instant deadline) {}

  @Override
  public int runBatch(Instant now) {
    List<Duration> lateness = new ArrayList<>();
    Integer done = transactions.execute(tx -> {
      List<Due> due = jdbc.sql("""
              SELECT id, payment_deadline FROM orders
              WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE AND payment_deadline <= ?
              ORDER BY payment_deadline
              LIMIT ?
              FOR UPDATE SKIP LOCKED""")
          .params(Jdbc.ts(now), batchSize)
          .query((rs, n) -> new Due(rs.getObject("id", UUID.class), Jdbc.instant(rs, "payment_deadline")))
          .list();
      if (due.isEmpty()) {
        return 0;
      }
      List<Object> ids = new ArrayList<>(due.size());
      due.forEach(d -> ids.add(d.id()));
      Instant closedAt = clock.instant();
      String in = Jdbc.placeholders(ids);
      List<Object> params = new ArrayList<>();
      params.add(Jdbc.ts(closedAt));
      params.addAll(ids);
      int updated = jdbc.sql("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'PAYMENT_TIMEOUT', "
              + "cancelled_at = ?, payment_reminder_at = NULL WHERE status = 'AWAITING_PAYMENT' AND id IN (" + in + ")")
          .params(params).update();
      if (updated != due.size()) {
        // the rows are locked by us, so this cannot happen unless the database misbehaves: roll back
        throw new IllegalStateException("expected to close " + due.size() + " orders, closed " + updated);
      }
      SortedMap<UUID, Integer> quantities = new TreeMap<>();
      jdbc.sql("SELECT product_id, SUM(quantity) AS q FROM order_items WHERE order_id IN (" + in + ") GROUP BY product_id")
          .params(ids)
          .query(rs -> {
            quantities.put(rs.getObject("product_id", UUID.class), rs.getInt("q"));
          });
      inventory.release(quantities);
      List<Timeline.Entry> entries = new ArrayList<>(due.size());
      for (Due d : due) {
        Duration late = Duration.between(d.deadline(), closedAt);
        lateness.add(late);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", CancelReason.PAYMENT_TIMEOUT.name());
        detail.put("paymentDeadline", d.deadline().toString());
        detail.put("latenessMs", late.toMillis());
        entries.add(new Timeline.Entry(d.id(), closedAt, TimelineEventType.ORDER_CANCELLED, SystemActor.PAYMENT_DEADLINE.label(), detail));
      }
      timeline.recordAll(entries);
      events.publishEvent(new OrdersExpired(due.stream().map(Due::id).toList(), closedAt));
      return due.size();
    });
    lateness.forEach(metrics::expired);
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return jdbc.sql("SELECT MIN(payment_deadline) FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE")
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .list().stream().filter(java.util.Objects::nonNull).findFirst();
  }
}
