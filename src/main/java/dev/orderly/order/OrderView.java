package dev.orderly.order;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.Money;
import dev.orderly.policy.SellerPolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it; {@code policy} is the seller's terms as they were at placement. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Order")
record OrderView(UUID id, String number, UUID buyerId, UUID sellerId, OrderStatus status, CancelReason cancelReason,
    List<Item> items, Money total, Instant placedAt, Instant paymentDeadline, Instant paidAt, Instant processingAt,
    Instant shippedAt, Instant deliveredAt, Instant completedAt, Instant cancelledAt, Instant autoCompleteAt,
    String carrier, String trackingNumber, boolean paymentPending, SellerPolicy policy) {

  @Schema(name = "OrderItem", description = "an order line: product, quantity, unit price at placement")
  record Item(UUID productId, int quantity, Money unitPrice) {}

  static OrderView of(Order o) {
    return new OrderView(o.id(), o.number(), o.buyerId(), o.sellerId(), o.status(), o.cancelReason(),
        o.lines().stream().map(l -> new Item(l.productId(), l.quantity(), l.unitPrice())).toList(), o.total(),
        o.placedAt(), o.paymentDeadline(), o.paidAt(), o.processingAt(), o.shippedAt(), o.deliveredAt(),
        o.completedAt(), o.cancelledAt(), o.autoCompleteAt(), o.carrier(), o.trackingNumber(), o.paymentPending(),
        o.policy());
  }
}
