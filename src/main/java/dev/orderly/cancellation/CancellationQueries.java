package dev.orderly.cancellation;

import dev.orderly.access.Actor;
import dev.orderly.cancellation.internal.CancellationRepository;
import dev.orderly.common.Cursor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Page;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.ListScope;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Reading cancellations: whether an order can be cancelled and how, and the requests an actor may
 * see (those of the orders it may see, {@link ListScope}); any other is reported as not found
 * ({@code 404 ORDER_NOT_FOUND}, {@code 404 CANCELLATION_NOT_FOUND}).
 */
@Service
public class CancellationQueries {

  private final CancellationRepository requests;
  private final OrderService orders;
  private final Clock clock;

  CancellationQueries(CancellationRepository requests, OrderService orders, Clock clock) {
    this.requests = requests;
    this.orders = orders;
    this.clock = clock;
  }

  /** "Can I cancel, and how?" for an order the actor may see ({@link CancellationRules}). */
  public Eligibility eligibility(Actor actor, UUID orderId) {
    Order order = orders.get(actor, orderId);
    return CancellationRules.evaluate(order, latestStatus(orderId), clock.instant());
  }

  /** For other modules holding a reference to a request (no access check). */
  public Optional<CancellationRequest> find(UUID id) {
    return requests.find(id);
  }

  /** A request the actor may see. */
  public CancellationRequest get(Actor actor, UUID id) {
    return requests.find(id).filter(r -> ListScope.of(actor).includes(r.buyerId(), r.sellerId()))
        .orElseThrow(() -> notFound(id));
  }

  /** One page of the actor's requests (seller: its shop's; support: all), newest first, optionally of one status. */
  public Page<CancellationRequest> list(Actor actor, @Nullable CancellationStatus status, @Nullable Cursor after,
      int limit) {
    return requests.list(ListScope.of(actor), status, after, limit);
  }

  /** Every request made for an order the actor may see, oldest first. */
  public List<CancellationRequest> ofOrder(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return requests.ofOrder(orderId);
  }

  /** Support's queue: one page of the escalated requests, oldest first. */
  public Page<CancellationRequest> escalated(@Nullable Cursor after, int limit) {
    return requests.escalated(after, limit);
  }

  /** The status of the order's most recent request, which decides whether another may be opened. */
  @Nullable CancellationStatus latestStatus(UUID orderId) {
    return requests.latestOf(orderId).map(CancellationRequest::status).orElse(null);
  }

  static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.CANCELLATION_NOT_FOUND, "no cancellation request " + id);
  }
}
