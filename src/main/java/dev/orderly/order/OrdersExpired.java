package dev.orderly.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published inside the transaction that closed a batch of unpaid orders at their deadline: one event
 * per batch. Each order comes with what its listeners need to tell buyer and seller (number, buyer,
 * seller), read by the sweep's own claim, so that they need not read the orders again.
 */
public record OrdersExpired(List<Expired> orders, Instant at) {

  /** One order closed with reason PAYMENT_TIMEOUT. */
  public record Expired(UUID orderId, String number, UUID buyerId, UUID sellerId) {}

  public OrdersExpired {
    orders = List.copyOf(orders);
  }

  /** The closed orders' ids, in the batch's order. */
  public List<UUID> orderIds() {
    return orders.stream().map(Expired::orderId).toList();
  }
}
