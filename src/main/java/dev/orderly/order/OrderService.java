package dev.orderly.order;

import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyService;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The order module's API: placing orders, moving them through their lifecycle, and reading them. */
@Service
public class OrderService {

  public static final int MAX_LINES = 100;
  public static final int MAX_QUANTITY = 10_000;

  private final OrderRepository orders;
  private final InventoryService inventory;
  private final SellerPolicyService policies;
  private final Timeline timeline;
  private final OrderNumbers numbers;
  private final OrderMetrics metrics;
  private final DueWorkRunner timers;
  private final Clock clock;
  private final org.springframework.context.ApplicationEventPublisher events;
  private final org.springframework.beans.factory.ObjectProvider<PlacementGuard> guards;

  OrderService(OrderRepository orders, InventoryService inventory, SellerPolicyService policies, Timeline timeline,
      OrderNumbers numbers, OrderMetrics metrics, DueWorkRunner timers, Clock clock,
      org.springframework.context.ApplicationEventPublisher events,
      org.springframework.beans.factory.ObjectProvider<PlacementGuard> guards) {
    this.events = events;
    this.guards = guards;
    this.orders = orders;
    this.inventory = inventory;
    this.policies = policies;
    this.timeline = timeline;
    this.numbers = numbers;
    this.metrics = metrics;
    this.timers = timers;
    this.clock = clock;
  }

  public record Item(UUID productId, int quantity) {}

  /** What a payment did to its order. */
  public enum PaymentOutcome { PAID, ALREADY_PAID, ORDER_CANCELLED }

  /**
   * Places an order of the buyer's, reserving its stock. {@code acceptedTermsVersion}, when given,
   * is the version of the seller's cancellation terms the buyer was shown; if the seller changed
   * them since, nothing is ordered ({@code 409 SELLER_TERMS_CHANGED} with the current terms).
   */
  @Transactional
  public Order place(Actor buyer, List<Item> items, String acceptedTermsVersion) {
    Map<UUID, Integer> quantities = new LinkedHashMap<>();
    for (Item item : items) {
      if (item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
        throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "quantity must be between 1 and " + MAX_QUANTITY);
      }
      quantities.merge(item.productId(), item.quantity(), Integer::sum);
    }
    if (quantities.isEmpty() || items.size() > MAX_LINES) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "an order has 1 to " + MAX_LINES + " items");
    }
    Map<UUID, Product> products = inventory.findAll(quantities.keySet()).stream()
        .collect(Collectors.toMap(Product::id, Function.identity()));
    for (UUID id : quantities.keySet()) {
      if (!products.containsKey(id)) {
        throw new OrderlyException(ErrorCode.PRODUCT_NOT_FOUND, "no product " + id, Map.of("productId", id));
      }
    }
    List<Product> distinct = List.copyOf(products.values());
    UUID sellerId = distinct.get(0).sellerId();
    if (distinct.stream().anyMatch(p -> !p.sellerId().equals(sellerId))) {
      throw new OrderlyException(ErrorCode.MIXED_SELLERS, "all items of an order must come from one seller");
    }
    String currency = distinct.get(0).price().currency();
    if (distinct.stream().anyMatch(p -> !p.price().currency().equals(currency))) {
      throw new OrderlyException(ErrorCode.CURRENCY_MISMATCH, "all items of an order must have one currency");
    }
    List<OrderLine> lines = new ArrayList<>();
    quantities.forEach((id, q) -> lines.add(new OrderLine(id, q, products.get(id).price())));
    boolean digital = distinct.stream().anyMatch(Product::digital);
    guards.orderedStream().forEach(guard -> guard.check(buyer));
    SellerPolicy policy = policies.current(sellerId);
    if (acceptedTermsVersion != null && !acceptedTermsVersion.equals(policy.termsVersion())) {
      throw new OrderlyException(ErrorCode.SELLER_TERMS_CHANGED, "the seller's terms are now version "
          + policy.termsVersion() + ", not " + acceptedTermsVersion,
          Map.of("termsVersion", policy.termsVersion(), "policy", policy));
    }
    Instant now = clock.instant();
    Order order = Order.place(UUID.randomUUID(), numbers.next(now), buyer.id(), sellerId, lines, digital, policy, now);

    inventory.reserve(order.quantities());
    orders.insert(order);
    timeline.record(order.id(), now, TimelineEventType.ORDER_PLACED, buyer.label(), Map.of(
        "number", order.number(), "total", order.total().toString(), "paymentDeadline", order.paymentDeadline().toString()));
    events.publishEvent(new OrderPlaced(order.id(), now));
    AfterCommit.run(() -> {
      metrics.placed();
      timers.dueAt(PaymentDeadlineSweeper.NAME, order.paymentDeadline());
      timers.dueAt(PaymentReminders.NAME, order.paymentReminderAt());
    });
    return order;
  }

  /** An order the actor may see; anyone else's is reported as not found. */
  public Order get(Actor actor, UUID id) {
    return orders.find(id).filter(o -> visibleTo(actor, o)).orElseThrow(() -> notFound(id));
  }

  public List<Order> list(Actor actor, OrderStatus status, int limit) {
    return switch (actor.role()) {
      case BUYER -> orders.list("buyer_id", actor.id(), status, limit);
      case SELLER -> orders.list("seller_id", actor.id(), status, limit);
      case SUPPORT, ADMIN -> orders.list(null, null, status, limit);
    };
  }

  public List<Timeline.Event> timeline(Actor actor, UUID id) {
    get(actor, id);
    return timeline.of(id);
  }

  @Transactional
  public Order startProcessing(Actor seller, UUID id) {
    return change(seller, id, o -> o.startProcessing(clock.instant()), TimelineEventType.ORDER_PROCESSING, Map.of());
  }

  /** Shipped; listeners in the same transaction close what shipping ends (an open cancellation request). */
  @Transactional
  public Order ship(Actor seller, UUID id, String carrier, String trackingNumber) {
    Order order = change(seller, id, o -> o.ship(carrier, trackingNumber, clock.instant()), TimelineEventType.ORDER_SHIPPED,
        Map.of("carrier", carrier, "trackingNumber", trackingNumber));
    events.publishEvent(new OrderShipped(id, seller.label(), clock.instant()));
    return order;
  }

  /**
   * Cancels an order for a reason other than non-payment, under the caller's lock: stock goes back
   * (from reserved if unpaid, from sold if paid; a parcel already shipped comes back by return, not
   * here). The caller refunds any money taken ({@link Order#paidAt()} is set).
   */
  @Transactional
  public Order cancel(UUID id, CancelReason reason, String actor, Map<String, Object> detail) {
    Order order = orders.lock(id).orElseThrow(() -> notFound(id));
    OrderStatus before = order.status();
    Instant now = clock.instant();
    order.cancel(reason, now);
    orders.update(order);
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

  @Transactional
  public Order deliver(Actor seller, UUID id) {
    Order order = change(seller, id, o -> o.deliver(clock.instant()), TimelineEventType.ORDER_DELIVERED, Map.of());
    AfterCommit.run(() -> timers.dueAt(AutoCompleteSweeper.NAME, order.autoCompleteAt()));
    return order;
  }

  @Transactional
  public Order confirmReceipt(Actor buyer, UUID id) {
    return change(buyer, id, o -> o.complete(clock.instant()), TimelineEventType.ORDER_COMPLETED, Map.of("by", "buyer confirmed receipt"));
  }

  /**
   * The order a buyer is about to pay, locked until the caller's transaction ends so that the
   * deadline sweep cannot close it meanwhile.
   */
  @Transactional
  public Order lockForPayment(Actor buyer, UUID id) {
    Order order = orders.lock(id).filter(o -> visibleTo(buyer, o)).orElseThrow(() -> notFound(id));
    order.whyNotPayable(clock.instant()).ifPresent(refusal -> {
      throw new OrderlyException(refusal, refusal == ErrorCode.PAYMENT_DEADLINE_PASSED
          ? "the payment deadline " + order.paymentDeadline() + " has passed"
          : "order " + order.number() + " is " + order.status(),
          Map.of("orderStatus", order.status(), "paymentDeadline", order.paymentDeadline()));
    });
    return order;
  }

  /** Locks the order's row for the caller's transaction: other modules lock the order before their own rows. */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public void lock(UUID id) {
    if (!orders.lockRow(id)) {
      throw notFound(id);
    }
  }

  /**
   * Marks whether a payment attempt awaits the provider; such orders leave the blind deadline
   * sweep. The caller holds the order's lock ({@link #lock} or {@link #lockForPayment}).
   */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public void paymentPending(UUID id, boolean pending) {
    orders.setPaymentPending(id, pending);
  }

  /**
   * Moves an unpaid order's payment deadline later (a slow method's longer window, or an outage of
   * the buyer's method) and records why. Returns false, changing nothing, when the order is no
   * longer awaiting payment or the deadline is already that late.
   */
  @Transactional
  public boolean extendPaymentDeadline(UUID id, Instant to, boolean outage, String actor, Map<String, Object> detail) {
    Order order = orders.lock(id).orElseThrow(() -> notFound(id));
    if (order.status() != OrderStatus.AWAITING_PAYMENT || !to.isAfter(order.paymentDeadline())) {
      return false;
    }
    Instant from = order.paymentDeadline();
    order.extendPaymentDeadline(to, outage);
    orders.update(order);
    Map<String, Object> full = new LinkedHashMap<>(detail);
    full.put("from", from.toString());
    full.put("to", to.toString());
    timeline.record(id, clock.instant(), TimelineEventType.PAYMENT_DEADLINE_EXTENDED, actor, full);
    AfterCommit.run(() -> timers.dueAt(PaymentDeadlineSweeper.NAME, to));
    return true;
  }

  /** Applies money the provider confirmed. The caller refunds it unless the outcome is PAID. */
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
    orders.update(order);
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
    orders.update(order);
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
   * For the payment module's deadline checks: unpaid orders past their payment deadline whose
   * payment awaits the provider (it asks the provider before anything is cancelled). Claims up to
   * {@code limit} of them, earliest deadline first, none leased to someone else, and leases them
   * until {@code until} (whole milliseconds).
   */
  @Transactional
  public List<dev.orderly.timer.Lease> claimPendingPaymentDeadlines(Instant now, int limit, Instant until) {
    return orders.claimPendingPaymentDeadlines(now, limit, until);
  }

  /** Moves a claimed deadline check to {@code until}, only while the caller's lease holds; false when it no longer does. */
  @Transactional
  public boolean moveDeadlineCheck(dev.orderly.timer.Lease lease, Instant until) {
    return orders.moveDeadlineCheck(lease, until);
  }

  /** When the next deadline check falls due: an order's deadline, or the end of its lease when later. */
  public Optional<Instant> nextPendingPaymentDeadline() {
    return orders.nextPendingPaymentDeadline();
  }

  /** For other modules acting on an order they already hold a reference to (no access check). */
  public Optional<Order> find(UUID id) {
    return orders.find(id);
  }

  /** Many orders at once, in no particular order (no access check). */
  public List<Order> findAll(java.util.Collection<UUID> ids) {
    return orders.findAll(ids);
  }

  public boolean visibleTo(Actor actor, Order order) {
    return switch (actor.role()) {
      case BUYER -> order.buyerId().equals(actor.id());
      case SELLER -> order.sellerId().equals(actor.id());
      case SUPPORT, ADMIN -> true;
    };
  }

  private Order change(Actor actor, UUID id, java.util.function.Consumer<Order> transition, TimelineEventType event,
      Map<String, Object> detail) {
    Order order = orders.lock(id).filter(o -> visibleTo(actor, o)).orElseThrow(() -> notFound(id));
    transition.accept(order);
    orders.update(order);
    timeline.record(id, clock.instant(), event, actor.label(), detail);
    return order;
  }

  private static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.ORDER_NOT_FOUND, "no order " + id);
  }


}
