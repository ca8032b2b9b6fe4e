package dev.orderly.order;

import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.OrderlyException;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import dev.orderly.order.internal.OrderMetrics;
import dev.orderly.order.internal.OrderNumbers;
import dev.orderly.order.internal.OrderRepository;
import dev.orderly.order.internal.PaymentDeadlineSweeper;
import dev.orderly.order.internal.PaymentReminders;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyService;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Placing an order: its lines checked against the catalogue, the buyer against the placement guards, the stock reserved. */
@Service
public class OrderPlacement {

  /** Lines an order may have. */
  public static final int MAX_LINES = 100;
  /** Units of one product an order may have. */
  public static final int MAX_QUANTITY = 10_000;

  /** A line to order: {@code quantity} units (1 to {@link #MAX_QUANTITY}) of a product. */
  public record Item(UUID productId, int quantity) {}

  private final OrderRepository orders;
  private final InventoryService inventory;
  private final SellerPolicyService policies;
  private final Timeline timeline;
  private final OrderNumbers numbers;
  private final OrderMetrics metrics;
  private final DueWorkRunner timers;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final ObjectProvider<PlacementGuard> guards;

  OrderPlacement(OrderRepository orders, InventoryService inventory, SellerPolicyService policies, Timeline timeline,
      OrderNumbers numbers, OrderMetrics metrics, DueWorkRunner timers, Clock clock, ApplicationEventPublisher events,
      ObjectProvider<PlacementGuard> guards) {
    this.orders = orders;
    this.inventory = inventory;
    this.policies = policies;
    this.timeline = timeline;
    this.numbers = numbers;
    this.metrics = metrics;
    this.timers = timers;
    this.clock = clock;
    this.events = events;
    this.guards = guards;
  }

  /**
   * Places an order of the buyer's for 1 to {@link #MAX_LINES} items, all from one seller in one
   * currency, reserving their stock; the payment deadline starts. {@code acceptedTermsVersion},
   * when given, is the version of the seller's cancellation terms the buyer was shown. Refuses,
   * placing nothing, with {@code PRODUCT_NOT_FOUND}, {@code MIXED_SELLERS}, {@code CURRENCY_MISMATCH},
   * {@code VALIDATION_FAILED}, a placement guard's code ({@code BUYER_RESTRICTED},
   * {@code TOO_MANY_UNPAID_ORDERS}), {@code SELLER_TERMS_CHANGED} (with the current terms) or
   * {@code INSUFFICIENT_STOCK}.
   */
  @Transactional
  public Order place(Actor buyer, List<Item> items, @Nullable String acceptedTermsVersion) {
    Map<UUID, Integer> quantities = quantities(items);
    Map<UUID, Product> products = products(quantities);
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
    Order order = Order.place(Ids.next(), numbers.next(now), buyer.id(), sellerId, lines, digital, policy, now);

    orders.insert(order);
    timeline.record(order.id(), now, TimelineEventType.ORDER_PLACED, buyer.label(), Map.of(
        "number", order.number(), "total", order.total().toString(), "paymentDeadline", order.paymentDeadline().toString()));
    events.publishEvent(new OrderPlaced(order.id(), now));
    // last: the products' rows stay locked from here to the commit, and a popular product is every
    // buyer's (its lock held during the inserts above made placements of it queue for longer)
    inventory.reserve(order.quantities());
    AfterCommit.run(() -> {
      metrics.placed();
      timers.dueAt(PaymentDeadlineSweeper.NAME, order.paymentDeadline());
      timers.dueAt(PaymentReminders.NAME, order.paymentReminderAt());
    });
    return order;
  }

  /** Quantity per product, lines of one product added up, in the order given. */
  private static Map<UUID, Integer> quantities(List<Item> items) {
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
    return quantities;
  }

  private Map<UUID, Product> products(Map<UUID, Integer> quantities) {
    Map<UUID, Product> products = inventory.findAll(quantities.keySet()).stream()
        .collect(Collectors.toMap(Product::id, Function.identity()));
    for (UUID id : quantities.keySet()) {
      if (!products.containsKey(id)) {
        throw new OrderlyException(ErrorCode.PRODUCT_NOT_FOUND, "no product " + id, Map.of("productId", id));
      }
    }
    return products;
  }
}
