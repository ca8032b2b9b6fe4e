package dev.orderly.order;

import dev.orderly.timer.Lease;
import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.Cursor;
import dev.orderly.common.Page;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.inventory.InventoryService;
import dev.orderly.order.internal.OrderMetrics;
import dev.orderly.order.internal.OrderRepository;
import dev.orderly.order.internal.PaymentDeadlineSweeper;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders as the other modules act on them: reading (an order another actor may not see is
 * {@code 404 ORDER_NOT_FOUND}), locking an order's row before their own rows, and the payment
 * module's and the cancellation module's changes (payment, deadline extension and expiry,
 * cancellation). Placing is {@link OrderPlacement}; the steps after payment are {@link OrderFulfilment}.
 */
@Service
public class OrderService {

  /** What a payment did to its order. */
  public enum PaymentOutcome { PAID, ALREADY_PAID, ORDER_CANCELLED }

  private final OrderRepository orders;
  private final InventoryService inventory;
  private final Timeline timeline;
  private final OrderMetrics metrics;
  private final DueWorkRunner timers;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  OrderService(OrderRepository orders, InventoryService inventory, Timeline timeline, OrderMetrics metrics,
      DueWorkRunner timers, Clock clock, ApplicationEventPublisher events) {
    this.orders = orders;
    this.inventory = inventory;
    this.timeline = timeline;
    this.metrics = metrics;
    this.timers = timers;
    this.clock = clock;
    this.events = events;
  }

  /** An order the actor may see ({@link ListScope}); anyone else's is {@code 404 ORDER_NOT_FOUND}. */
  public Order get(Actor actor, UUID id) {
    return orders.find(id).filter(ListScope.of(actor)::includes).orElseThrow(() -> notFound(id));
  }

  /**
   * One page of the actor's orders (seller: its shop's; support: all) that match {@code search},
   * newest first (placement time, then id), starting after {@code after}.
   */
  public Page<Order> list(Actor actor, OrderSearch search, @Nullable Cursor after, int limit) {
    return orders.list(ListScope.of(actor), search, after, limit);
  }

  /** The timeline of an order the actor may see, oldest first. */
  public List<Timeline.Event> timeline(Actor actor, UUID id) {
    get(actor, id);
    return timeline.of(id);
  }

  /** For other modules acting on an order they already hold a reference to (no access check). */
  public Optional<Order> find(UUID id) {
    return orders.find(id);
  }

  /** Many orders at once, in no particular order (no access check). */
  public List<Order> findAll(Collection<UUID> ids) {
    return orders.findAll(ids);
  }

  /** Locks the order's row for the caller's transaction: other modules lock the order before their own rows. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void lock(UUID id) {
    if (!orders.lockRow(id)) {
      throw notFound(id);
    }
  }

  /**
   * The order a buyer is about to pay, locked until the caller's transaction ends so that the
   * deadline sweep cannot close it meanwhile. Refuses with {@code ORDER_NOT_FOUND},
   * {@code ORDER_NOT_AWAITING_PAYMENT} or {@code PAYMENT_DEADLINE_PASSED} ({@link Order#whyNotPayable}).
   */
  @Transactional
  public Order lockForPayment(Actor buyer, UUID id) {
    Order order = orders.lock(id).filter(ListScope.of(buyer)::includes).orElseThrow(() -> notFound(id));
    order.whyNotPayable(clock.instant()).ifPresent(refusal -> {
      throw new OrderlyException(refusal, refusal == ErrorCode.PAYMENT_DEADLINE_PASSED
          ? "the payment deadline " + order.paymentDeadline() + " has passed"
          : "order " + order.number() + " is " + order.status(),
          Map.of("orderStatus", order.status(), "paymentDeadline", order.paymentDeadline()));
    });
    return order;
  }

  /**
   * Marks whether a payment attempt awaits the provider; such orders leave the blind deadline
   * sweep. The caller holds the order's lock ({@link #lock} or {@link #lockForPayment}).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void paymentPending(UUID id, boolean pending) {
    orders.setPaymentPending(id, pending);
  }

  /**
   * Moves an unpaid order's payment deadline later (a slow method's longer window, or an outage of
   * the buyer's method) and records why ({@code detail}, with {@code from} and {@code to} added).
   * Returns false, changing nothing, when the order is no longer awaiting payment or the deadline
   * is already that late.
   */
  @Transactional
  public boolean extendPaymentDeadline(UUID id, Instant to, boolean outage, String actor, Map<String, Object> detail) {
    Order order = orders.lock(id).orElseThrow(() -> notFound(id));
    if (order.status() != OrderStatus.AWAITING_PAYMENT || !to.isAfter(order.paymentDeadline())) {
      return false;
    }
    Instant from = order.paymentDeadline();
    order.extendPaymentDeadline(to, outage);
    deadlineMoved(order, from, clock.instant(), actor, detail);
    return true;
  }

  /**
   * Support gives the buyer of an unpaid order more time ({@link Order#supportExtension()} bounded by
   * {@code max} in all): the deadline moves to {@code by} after the later of the deadline and now,
   * recorded on the timeline with the agent and the note. Locks the order first, so it races the
   * deadline sweeper cleanly: whichever locks first wins, and the other finds the order already
   * extended (the sweeper's claim re-checks the deadline) or no longer awaiting payment
   * ({@code 409 ORDER_NOT_AWAITING_PAYMENT}). Also {@code 404 ORDER_NOT_FOUND},
   * {@code 422 DEADLINE_EXTENSION_LIMIT_EXCEEDED}.
   */
  @Transactional
  public Order extendPaymentDeadlineBySupport(Actor support, UUID id, Duration by, Duration max, String note,
      Map<String, Object> detail) {
    Order order = orders.lock(id).filter(ListScope.of(support)::includes).orElseThrow(() -> notFound(id));
    Instant now = clock.instant();
    Instant from = order.paymentDeadline();
    order.extendPaymentDeadlineBySupport(by, max, now);
    Map<String, Object> full = new LinkedHashMap<>(detail);
    full.put("extendBy", by.toString());
    full.put("note", note);
    deadlineMoved(order, from, now, support.label(), full);
    return order;
  }

  /**
   * Stores an unpaid order whose deadline moved from {@code from}, records the move on the timeline
   * ({@code detail} with {@code from} and {@code to} added) and wakes the sweeper for the new deadline.
   */
  private void deadlineMoved(Order order, Instant from, Instant now, String actor, Map<String, Object> detail) {
    Instant to = order.paymentDeadline();
    orders.update(order, OrderStatus.AWAITING_PAYMENT);
    Map<String, Object> full = new LinkedHashMap<>(detail);
    full.put("from", from.toString());
    full.put("to", to.toString());
    timeline.record(order.id(), now, TimelineEventType.PAYMENT_DEADLINE_EXTENDED, actor, full);
    AfterCommit.run(() -> timers.dueAt(PaymentDeadlineSweeper.NAME, to));
  }

  /** Applies money the provider confirmed; the stock reserved is sold. The caller refunds it unless PAID. */
  @Transactional
  public PaymentOutcome recordPayment(UUID id, String actor, Map<String, Object> detail) {
    Order order = orders.lock(id).orElseThrow(() -> notFound(id));
    if (order.status() == OrderStatus.CANCELLED) {
      return PaymentOutcome.ORDER_CANCELLED;
    }
    if (order.status() != OrderStatus.AWAITING_PAYMENT) {
      return PaymentOutcome.ALREADY_PAID;
    }
    Instant now = clock.instant();
    order.markPaid(now);
    orders.update(order, OrderStatus.AWAITING_PAYMENT);
    inventory.sell(order.quantities());
    timeline.record(id, now, TimelineEventType.ORDER_PAID, actor, detail);
    events.publishEvent(new OrderPaid(id, now));
    AfterCommit.run(metrics::paid);
    return PaymentOutcome.PAID;
  }

  /**
   * Closes an unpaid order whose deadline passed once its pending payments are known to have
   * failed or been closed. Returns false when it is no longer awaiting payment.
   */
  @Transactional
  public boolean expire(UUID id, String actor, Map<String, Object> detail) {
    Order order = orders.lock(id).orElseThrow(() -> notFound(id));
    if (order.status() != OrderStatus.AWAITING_PAYMENT) {
      return false;
    }
    Instant now = clock.instant();
    order.expire(now);
    orders.update(order, OrderStatus.AWAITING_PAYMENT);
    inventory.release(order.quantities());
    Map<String, Object> full = new LinkedHashMap<>(detail);
    full.put("reason", CancelReason.PAYMENT_TIMEOUT.name());
    full.put("paymentDeadline", order.paymentDeadline().toString());
    timeline.record(id, now, TimelineEventType.ORDER_CANCELLED, actor, full);
    events.publishEvent(new OrderCancelled(id, CancelReason.PAYMENT_TIMEOUT, now));
    Duration lateness = Duration.between(order.paymentDeadline(), now);
    AfterCommit.run(() -> metrics.expired(lateness));
    return true;
  }

  /**
   * Cancels an order for a reason other than non-payment, under its lock: stock goes back (from
   * reserved if unpaid, from sold if paid; a parcel already shipped comes back by return, not
   * here). Refuses a status {@link Order#cancellableFrom} does not allow with
   * {@code 409 ILLEGAL_ORDER_TRANSITION}. The caller refunds any money taken ({@link Order#paidAt()} is set).
   */
  @Transactional
  public Order cancel(UUID id, CancelReason reason, String actor, Map<String, Object> detail) {
    Order order = orders.lock(id).orElseThrow(() -> notFound(id));
    OrderStatus before = order.status();
    Instant now = clock.instant();
    order.cancel(reason, now);
    orders.update(order, before);
    switch (before) {
      case AWAITING_PAYMENT -> inventory.release(order.quantities());
      case PAID, PROCESSING -> inventory.restock(order.quantities());
      default -> { }
    }
    Map<String, Object> full = new LinkedHashMap<>(detail);
    full.put("reason", reason.name());
    full.put("previousStatus", before.name());
    timeline.record(id, now, TimelineEventType.ORDER_CANCELLED, actor, full);
    events.publishEvent(new OrderCancelled(id, reason, now));
    AfterCommit.run(() -> metrics.cancelled(reason));
    return order;
  }

  static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.ORDER_NOT_FOUND, "no order " + id);
  }

  /**
   * For the payment module's deadline checks: unpaid orders past their payment deadline whose
   * payment awaits the provider (it asks the provider before anything is cancelled). Claims up to
   * {@code limit} of them, earliest deadline first, none leased to someone else, and leases them
   * until {@code until} (whole milliseconds).
   */
  @Transactional
  public List<Lease> claimPendingPaymentDeadlines(Instant now, int limit, Instant until) {
    return orders.claimPendingPaymentDeadlines(now, limit, until);
  }

  /** Moves a claimed deadline check to {@code until}, only while the caller's lease holds; false when it no longer does. */
  @Transactional
  public boolean moveDeadlineCheck(Lease lease, Instant until) {
    return orders.moveDeadlineCheck(lease, until);
  }

  /** When the next deadline check falls due: an order's deadline, or the end of its lease when later. */
  public Optional<Instant> nextPendingPaymentDeadline() {
    return orders.nextPendingPaymentDeadline();
  }
}
