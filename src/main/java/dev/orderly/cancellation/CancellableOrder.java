package dev.orderly.cancellation;

import dev.orderly.common.OrderlyException;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import java.util.Map;

/** The cancellation endpoints' refusal of an order that can no longer be cancelled for a reason. */
final class CancellableOrder {
  private CancellableOrder() {}

  /**
   * Refuses with the order's own answer ({@link Order#whyNotCancellable}): {@code ALREADY_CANCELLED},
   * {@code ALREADY_SHIPPED} or {@code ALREADY_DELIVERED}, with the order's status.
   */
  static void require(Order order, CancelReason reason) {
    order.whyNotCancellable(reason).ifPresent(refusal -> {
      throw new OrderlyException(refusal, "order " + order.number() + " is " + order.status(),
          Map.of("orderStatus", order.status()));
    });
  }
}
