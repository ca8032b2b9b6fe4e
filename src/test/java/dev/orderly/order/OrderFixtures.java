package dev.orderly.order;

import dev.orderly.common.Money;
import dev.orderly.policy.SellerPolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Orders in any status, reached through the real transitions, for other modules' unit tests. */
public final class OrderFixtures {
  private OrderFixtures() {}

  /**
   * A paid order of one line ({@code quantity} of {@code unitPrice}) placed at {@code placedAt} and paid
   * at {@code paidAt}; placing refuses it as a client's mistake when its total is beyond what is stored.
   */
  public static Order paid(Money unitPrice, int quantity, SellerPolicy policy, Instant placedAt, Instant paidAt) {
    Order o = Order.place(UUID.randomUUID(), "261123-FIXTURE1", UUID.randomUUID(), UUID.randomUUID(),
        List.of(new OrderLine(UUID.randomUUID(), quantity, unitPrice)), false, policy, placedAt);
    o.markPaid(paidAt);
    return o;
  }

  /** An order of 20.00 USD placed at {@code placedAt}; when paid, paid at {@code paidAt}. */
  public static Order order(OrderStatus status, SellerPolicy policy, boolean digital, Instant placedAt,
      Instant paidAt) {
    Order o = Order.place(UUID.randomUUID(), "261123-FIXTURE0", UUID.randomUUID(), UUID.randomUUID(),
        List.of(new OrderLine(UUID.randomUUID(), 2, Money.of("10.00", "USD"))), digital, policy, placedAt);
    Instant t = paidAt;
    switch (status) {
      case AWAITING_PAYMENT -> { }
      case PAID -> o.markPaid(t);
      case PROCESSING -> {
        o.markPaid(t);
        o.startProcessing(t.plusSeconds(1));
      }
      case SHIPPED -> {
        o.markPaid(t);
        o.startProcessing(t.plusSeconds(1));
        o.ship("DHL", "T1", t.plusSeconds(2));
      }
      case DELIVERED -> {
        o.markPaid(t);
        o.startProcessing(t.plusSeconds(1));
        o.ship("DHL", "T1", t.plusSeconds(2));
        o.deliver(t.plusSeconds(3));
      }
      case COMPLETED -> {
        o.markPaid(t);
        o.startProcessing(t.plusSeconds(1));
        o.ship("DHL", "T1", t.plusSeconds(2));
        o.deliver(t.plusSeconds(3));
        o.complete(t.plusSeconds(4));
      }
      case CANCELLED -> {
        o.markPaid(t);
        o.cancel(CancelReason.BUYER_CANCELLED, t.plusSeconds(1));
      }
    }
    return o;
  }
}
