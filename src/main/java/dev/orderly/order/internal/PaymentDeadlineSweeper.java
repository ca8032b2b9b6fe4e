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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hot path of unpaid-order timeouts: closes orders past their payment deadline that have no
 * payment attempt awaiting the provider, a batch per transaction. Each batch locks its orders
 * ({@code FOR UPDATE SKIP LOCKED}: other workers and instances take the next ones), cancels them
 * with reason PAYMENT_TIMEOUT, releases their stock once per product in product-id order, and
 * writes their timeline entries in one batch: a fixed number of statements per batch, none per order.
 *
 * <p>This is the bulk form of {@link Order#expire}: same precondition (awaiting payment, deadline
 * passed), written as SQL so that 10,000 orders need 20 transactions rather than 10,000. Orders
 * with a pending attempt are the payment module's: it asks the provider before closing them.
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
      @Value("${orderly.timers.payment-deadline.workers:2}") int workers) {
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

  @Override
  public int workers() {
    return workers;
  }

  @Override
  public int runBatch(Instant now) {
    List<Duration> lateness = new ArrayList<>();
    Integer done = transactions.execute(tx -> {
      List<DueOrderRepository.PastDeadline> batch = due.lockPastDeadline(now, batchSize);
      if (batch.isEmpty()) {
        return 0;
      }
      List<UUID> ids = batch.stream().map(DueOrderRepository.PastDeadline::id).toList();
      Instant closedAt = clock.instant();
      int closed = due.expireAll(ids, now, closedAt);
      if (closed != batch.size()) {
        // the rows are locked by us, so this cannot happen unless the database misbehaves: roll back
        throw new IllegalStateException("expected to close " + batch.size() + " orders, closed " + closed);
      }
      inventory.release(due.quantitiesOf(ids));
      List<Timeline.Entry> entries = new ArrayList<>(batch.size());
      for (DueOrderRepository.PastDeadline d : batch) {
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
      events.publishEvent(new OrdersExpired(batch.stream()
          .map(d -> new OrdersExpired.Expired(d.id(), d.number(), d.buyerId(), d.sellerId())).toList(), closedAt));
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
