package dev.orderly.order;

import dev.orderly.common.PageLimit;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orders")
class OrderController {

  private final OrderService orders;

  OrderController(OrderService orders) {
    this.orders = orders;
  }

  record ItemRequest(@NotNull UUID productId, @NotNull @Min(1) @Max(OrderService.MAX_QUANTITY) Integer quantity) {}

  /** {@code acceptedTermsVersion}: the seller's terms version the buyer was shown (optional). */
  record PlaceOrder(@NotEmpty @Size(max = OrderService.MAX_LINES) List<@NotNull @Valid ItemRequest> items,
      @Size(max = 64) String acceptedTermsVersion) {}

  record Shipment(@NotBlank @Size(max = 64) String carrier, @NotBlank @Size(max = 64) String trackingNumber) {}

  record TimelineView(List<Timeline.Event> events) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  OrderView place(@Allowed(Role.BUYER) Actor buyer, @Valid @RequestBody PlaceOrder body) {
    return OrderView.of(orders.place(buyer,
        body.items().stream().map(i -> new OrderService.Item(i.productId(), i.quantity())).toList(),
        body.acceptedTermsVersion()));
  }

  @GetMapping("/{id}")
  OrderView get(Actor actor, @PathVariable UUID id) {
    return OrderView.of(orders.get(actor, id));
  }

  @GetMapping
  List<OrderView> list(Actor actor, @RequestParam(required = false) OrderStatus status,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return orders.list(actor, status, limit).stream().map(OrderView::of).toList();
  }

  @GetMapping("/{id}/timeline")
  TimelineView timeline(Actor actor, @PathVariable UUID id) {
    return new TimelineView(orders.timeline(actor, id));
  }

  @PostMapping("/{id}/process")
  OrderView process(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id) {
    return OrderView.of(orders.startProcessing(seller, id));
  }

  @PostMapping("/{id}/ship")
  OrderView ship(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id, @Valid @RequestBody Shipment body) {
    return OrderView.of(orders.ship(seller, id, body.carrier().strip(), body.trackingNumber().strip()));
  }

  @PostMapping("/{id}/deliver")
  OrderView deliver(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id) {
    return OrderView.of(orders.deliver(seller, id));
  }

  @PostMapping("/{id}/confirm-receipt")
  OrderView confirmReceipt(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id) {
    return OrderView.of(orders.confirmReceipt(buyer, id));
  }
}
