package dev.orderly.order;

import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.order.internal.AutoCompleteSweeper;
import dev.orderly.order.internal.OrderRepository;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An order's way after payment: the seller processes, ships and delivers it; the buyer confirms
 * receipt or the auto-complete window passes. Each step locks the order, so steps on one order
 * queue up; an order the actor may not see is {@code 404 ORDER_NOT_FOUND}, a step from the wrong
 * status {@code 409 ILLEGAL_ORDER_TRANSITION}.
 */
@Service
public class OrderFulfilment {

  private final OrderRepository orders;
  private final Timeline timeline;
  private final DueWorkRunner timers;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  OrderFulfilment(OrderRepository orders, Timeline timeline, DueWorkRunner timers, Clock clock,
      ApplicationEventPublisher events) {
    this.orders = orders;
    this.timeline = timeline;
    this.timers = timers;
    this.clock = clock;
    this.events = events;
  }

  /** The seller accepts a paid order and starts preparing it. */
  @Transactional
  public Order startProcessing(Actor seller, UUID id) {
    return step(seller, id, o -> o.startProcessing(clock.instant()), TimelineEventType.ORDER_PROCESSING, Map.of());
  }

  /**
   * Shipped with carrier and tracking number (each at most 64 characters); listeners in the same
   * transaction close what shipping ends, and may refuse it: an open cancellation request past its
   * response deadline refuses with {@code 409 SELLER_RESPONSE_DEADLINE_PASSED}.
   */
  @Transactional
  public Order ship(Actor seller, UUID id, String carrier, String trackingNumber) {
    Order order = step(seller, id, o -> o.ship(carrier, trackingNumber, clock.instant()),
        TimelineEventType.ORDER_SHIPPED, Map.of("carrier", carrier, "trackingNumber", trackingNumber));
    events.publishEvent(new OrderShipped(id, seller.label(), clock.instant()));
    return order;
  }

  /** Delivered: the auto-complete window of the order's policy starts. */
  @Transactional
  public Order deliver(Actor seller, UUID id) {
    Order order = step(seller, id, o -> o.deliver(clock.instant()), TimelineEventType.ORDER_DELIVERED, Map.of());
    AfterCommit.run(() -> timers.dueAt(AutoCompleteSweeper.NAME, order.autoCompleteAt()));
    return order;
  }

  /** The buyer confirms a delivered order arrived; it completes. */
  @Transactional
  public Order confirmReceipt(Actor buyer, UUID id) {
    return step(buyer, id, o -> o.complete(clock.instant()), TimelineEventType.ORDER_COMPLETED,
        Map.of("by", Completion.BUYER_CONFIRMED_RECEIPT.text()));
  }

  /**
   * Completes a delivered order whose auto-complete window passed; for the auto-complete timer,
   * which holds the order's row lock ({@code FOR UPDATE SKIP LOCKED}) in the caller's transaction.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void autoComplete(UUID id) {
    Order order = orders.find(id).orElseThrow(() -> OrderService.notFound(id));
    OrderStatus from = order.status();
    Instant at = clock.instant();
    order.complete(at);
    orders.update(order, from);
    timeline.record(id, at, TimelineEventType.ORDER_COMPLETED, SystemActor.AUTO_COMPLETE.label(),
        Map.of("by", Completion.AUTO_COMPLETE_WINDOW_PASSED.text(), "autoCompleteAt",
            Objects.toString(Objects.requireNonNull(order.deliveredAt()).plus(order.policy().autoCompleteWindow()))));
  }

  private Order step(Actor actor, UUID id, Consumer<Order> transition, TimelineEventType event,
      Map<String, Object> detail) {
    Order order = orders.lock(id).filter(ListScope.of(actor)::includes).orElseThrow(() -> OrderService.notFound(id));
    OrderStatus from = order.status();
    transition.accept(order);
    orders.update(order, from);
    timeline.record(id, clock.instant(), event, actor.label(), detail);
    return order;
  }
}
