package dev.orderly.order;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.Money;
import dev.orderly.policy.SellerPolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An order as the API shows it: amounts as {@link Money} (decimal string and currency), times as
 * ISO-8601 instants, members that do not apply (yet) left out; {@code policy} is the seller's terms
 * as they were at placement.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Order")
public record OrderView(UUID id, String number, UUID buyerId, UUID sellerId, OrderStatus status,
    @Nullable CancelReason cancelReason, List<Item> items, Money total, Instant placedAt, Instant paymentDeadline,
    @Nullable Instant paidAt, @Nullable Instant processingAt, @Nullable Instant shippedAt,
    @Nullable Instant deliveredAt, @Nullable Instant completedAt, @Nullable Instant cancelledAt,
    @Nullable Instant autoCompleteAt, @Nullable String carrier, @Nullable String trackingNumber,
    boolean paymentPending, SellerPolicy policy) {

  @Schema(name = "OrderItem", description = "an order line: product, quantity, unit price at placement")
  public record Item(UUID productId, int quantity, Money unitPrice) {}

  public static OrderView of(Order o) {
    return new OrderView(o.id(), o.number(), o.buyerId(), o.sellerId(), o.status(), o.cancelReason(),
        o.lines().stream().map(l -> new Item(l.productId(), l.quantity(), l.unitPrice())).toList(), o.total(),
        o.placedAt(), o.paymentDeadline(), o.paidAt(), o.processingAt(), o.shippedAt(), o.deliveredAt(),
        o.completedAt(), o.cancelledAt(), o.autoCompleteAt(), o.carrier(), o.trackingNumber(), o.paymentPending(),
        o.policy());
  }
}
