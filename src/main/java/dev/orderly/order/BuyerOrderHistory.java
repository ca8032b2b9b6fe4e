package dev.orderly.order;

import dev.orderly.order.internal.OrderRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What a buyer's orders say about the buyer, for the rules that may refuse its next placement
 * (repeat non-payers, the unpaid-orders cap). Both reads are served by the index on
 * {@code (buyer_id, status)}; nothing is counted when an order expires.
 */
@Component
public class BuyerOrderHistory {

  private final OrderRepository orders;

  BuyerOrderHistory(OrderRepository orders) {
    this.orders = orders;
  }

  /** When the buyer's orders were cancelled for non-payment ({@code PAYMENT_TIMEOUT}), after {@code after}. */
  public List<Instant> paymentTimeoutsAfter(UUID buyerId, Instant after) {
    return orders.paymentTimeouts(buyerId, after);
  }

  /** How many of the buyer's orders await payment now. */
  public long awaitingPayment(UUID buyerId) {
    return orders.countAwaitingPayment(buyerId);
  }

  /**
   * What the placement guards need, read in one statement: the buyer's {@code PAYMENT_TIMEOUT}
   * cancellation times after {@code expiredAfter}, and how many of its orders await payment,
   * counted no further than {@code unpaidUpTo} (placement needs to know only whether a cap is reached).
   */
  public PlacementHistory forPlacement(UUID buyerId, Instant expiredAfter, int unpaidUpTo) {
    return orders.placementReads(buyerId, expiredAfter, unpaidUpTo);
  }

  /**
   * A buyer's history as placement reads it: {@code paymentTimeouts} are cancellation times (in no
   * particular order), {@code awaitingPaymentUpTo} the unpaid orders, at most the cap asked for.
   */
  public record PlacementHistory(List<Instant> paymentTimeouts, long awaitingPaymentUpTo) {}
}
