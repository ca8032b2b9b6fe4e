package dev.orderly.order.internal;

import dev.orderly.inventory.InventoryService;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrdersExpired;
import dev.orderly.order.SystemActor;
import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import dev.orderly.timer.DueWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hot path of unpaid-order timeouts: closes orders past their payment deadline that have no
 * payment attempt awaiting the provider, a batch per transaction. Each batch claims its orders
 * (on PostgreSQL locked, {@code FOR UPDATE SKIP LOCKED}: other workers and instances take the next
 * ones; on H2 read, see {@link DueOrderRepository#pastDeadline}), cancels them
 * with reason PAYMENT_TIMEOUT, releases their stock once per product in product-id order, and
 * writes their timeline entries in one batch: a fixed number of statements per batch, none per order.
 *
 * <p>This is the bulk form of {@link Order#expire}: same precondition (awaiting payment, deadline
 * passed), written as SQL so that 10,000 orders need 20 transactions rather than 10,000. Orders
 * with a pending attempt are the payment module's: it asks the provider before closing them.
 *
 * <p>The update is conditioned on the same precondition, so an order a payment won between the claim
 * and the update stays as the payment left it; only the orders actually closed release stock and get
 * their timeline entry and notifications (the claim locks its rows on PostgreSQL, so there it closes
 * all of them).
 */
@Component
public class PaymentDeadlineSweeper implements DueWork {

  public static final String NAME = "payment-deadline";

  private final DueOrderRepository due;
  private final TransactionTemplate transactions;
  private final InventoryService inventory;
  private final Timeline timeline;
  private final OrderMetrics metrics;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final int batchSize;
  private final int workers;

  PaymentDeadlineSweeper(DueOrderRepository due, TransactionTemplate transactions, InventoryService inventory,
      Timeline timeline, OrderMetrics metrics, Clock clock, ApplicationEventPublisher events,
      @Value("${orderly.timers.payment-deadline.batch-size:500}") int batchSize,
      @Value("${orderly.timers.payment-deadline.workers:0}") int workers) {
    this.due = due;
    this.transactions = transactions;
    this.inventory = inventory;
    this.timeline = timeline;
    this.metrics = metrics;
    this.clock = clock;
    this.events = events;
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

  /**
   * {@code orderly.timers.payment-deadline.workers}, or on the embedded H2 database 1 unless set:
   * there a second worker's claim reads the same rows as the first's (see
   * {@link DueOrderRepository#pastDeadline}) and its conditional update then finds nothing to close.
   */
  @Override
  public int workers() {
    return workers > 0 ? workers : due.embedded() ? 1 : 2;
  }

  @Override
  public int runBatch(Instant now) {
    List<Duration> lateness = new ArrayList<>();
    Integer done = transactions.execute(tx -> {
      List<DueOrderRepository.PastDeadline> batch = due.pastDeadline(now, batchSize);
      if (batch.isEmpty()) {
        return 0;
      }
      Instant closedAt = clock.instant();
      Set<UUID> closed = new HashSet<>(due.expireAll(batch.stream().map(DueOrderRepository.PastDeadline::id).toList(),
          now, closedAt));
      // all of them when the claim locked its rows; on H2 a payment may have won a few since the claim
      List<DueOrderRepository.PastDeadline> expired = batch.stream().filter(d -> closed.contains(d.id())).toList();
      if (expired.isEmpty()) {
        return 0;
      }
      List<UUID> ids = expired.stream().map(DueOrderRepository.PastDeadline::id).toList();
      inventory.release(due.quantitiesOf(ids));
      List<Timeline.Entry> entries = new ArrayList<>(expired.size());
      for (DueOrderRepository.PastDeadline d : expired) {
        Duration late = Duration.between(d.deadline(), closedAt);
        lateness.add(late);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", CancelReason.PAYMENT_TIMEOUT.name());
        detail.put("paymentDeadline", d.deadline().toString());
        detail.put("latenessMs", late.toMillis());
        entries.add(new Timeline.Entry(d.id(), closedAt, TimelineEventType.ORDER_CANCELLED,
            SystemActor.PAYMENT_DEADLINE.label(), detail));
      }
      timeline.recordAll(entries);
      events.publishEvent(new OrdersExpired(expired.stream()
          .map(d -> new OrdersExpired.Expired(d.id(), d.number(), d.buyerId(), d.sellerId())).toList(), closedAt));
      // a batch that lost rows to payments still counts them as work done: the runner claims again
      return batch.size();
    });
    lateness.forEach(metrics::expired);
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return due.nextPaymentDeadline();
  }
}
