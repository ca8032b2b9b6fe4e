package dev.orderly.order.web;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.common.Cursor;
import dev.orderly.common.PageLimit;
import dev.orderly.order.OrderSearch;
import dev.orderly.common.Paged;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.order.OrderFulfilment;
import dev.orderly.order.OrderPlacement;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.OrderView;
import dev.orderly.order.Timeline;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Orders", description = "Placing orders and moving them through their lifecycle; the timeline is the evidence in a dispute.")
@RestController
@RequestMapping("/api/v1/orders")
class OrderController {

  private final OrderPlacement placement;
  private final OrderFulfilment fulfilment;
  private final OrderService orders;

  OrderController(OrderPlacement placement, OrderFulfilment fulfilment, OrderService orders) {
    this.placement = placement;
    this.fulfilment = fulfilment;
    this.orders = orders;
  }

  record ItemRequest(@NotNull UUID productId, @NotNull @Min(1) @Max(OrderPlacement.MAX_QUANTITY) Integer quantity) {}

  /** {@code acceptedTermsVersion}: the seller's terms version the buyer was shown (optional). */
  record PlaceOrder(@NotNull @Size(min = 1, max = OrderPlacement.MAX_LINES) List<@NotNull @Valid ItemRequest> items,
      @Size(max = 64) @Nullable String acceptedTermsVersion) {}

  record Shipment(@NotBlank @Size(max = 64) String carrier, @NotBlank @Size(max = 64) String trackingNumber) {}

  record TimelineView(List<Timeline.Event> events) {}

  @Operation(operationId = "placeOrder", summary = "Place an order",
      description = "Reserves the stock of every line (all from one seller) and starts the payment deadline. "
          + "acceptedTermsVersion, when given, must still be the seller's terms version.")
  @Refusals({ErrorCode.PRODUCT_NOT_FOUND, ErrorCode.MIXED_SELLERS, ErrorCode.CURRENCY_MISMATCH,
      ErrorCode.INSUFFICIENT_STOCK, ErrorCode.BUYER_RESTRICTED, ErrorCode.TOO_MANY_UNPAID_ORDERS,
      ErrorCode.SELLER_TERMS_CHANGED})
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  OrderView place(@Allowed(Role.BUYER) Actor buyer, @Valid @RequestBody PlaceOrder body) {
    return OrderView.of(placement.place(buyer,
        body.items().stream().map(i -> new OrderPlacement.Item(i.productId(), i.quantity())).toList(),
        body.acceptedTermsVersion()));
  }

  @Operation(operationId = "getOrder", summary = "Read an order",
      description = "An order the caller may see (a buyer its own, a seller its shop's, support all); any other is reported "
          + "as not found.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/{id}")
  OrderView get(Actor actor, @PathVariable UUID id) {
    return OrderView.of(orders.get(actor, id));
  }

  @Operation(operationId = "listOrders", summary = "List and find orders",
      description = "The caller's orders (seller: its shop's; support: all), newest first, one page of at most limit; the "
          + "next page's address is in the Link header (rel=\"next\") while there is one. Filters combine: number "
          + "(exact; case, blanks and Crockford look-alikes O/I/L do not matter), buyerId, status, placedFrom "
          + "(inclusive) and placedTo (exclusive). A filter outside the caller's own orders finds nothing.")
  @GetMapping
  ResponseEntity<List<OrderView>> list(Actor actor,
      @RequestParam(required = false) @Nullable @Size(min = 1, max = OrderSearch.MAX_NUMBER) String number,
      @RequestParam(required = false) @Nullable UUID buyerId,
      @RequestParam(required = false) @Nullable OrderStatus status,
      @RequestParam(required = false) @Nullable Instant placedFrom,
      @RequestParam(required = false) @Nullable Instant placedTo,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    OrderSearch search = new OrderSearch(number, buyerId, status, placedFrom, placedTo);
    return Paged.answer(orders.list(actor, search, cursor, limit).map(OrderView::of));
  }

  @Operation(operationId = "getOrderTimeline", summary = "Read an order's timeline",
      description = "Every transition, payment step, cancellation step, refund step and action on the order with time and "
          + "actor, oldest first.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/{id}/timeline")
  TimelineView timeline(Actor actor, @PathVariable UUID id) {
    return new TimelineView(orders.timeline(actor, id));
  }

  @Operation(operationId = "startProcessing", summary = "Start processing an order",
      description = "The seller accepts a paid order and starts preparing it.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ILLEGAL_ORDER_TRANSITION})
  @PostMapping("/{id}/process")
  OrderView process(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id) {
    return OrderView.of(fulfilment.startProcessing(seller, id));
  }

  @Operation(operationId = "shipOrder", summary = "Ship an order",
      description = "The seller ships an order it is processing, with carrier and tracking number. A cancellation request "
          + "still waiting for the seller is closed as rejected; one past its response deadline is approved, and then"
          + " shipping is refused.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ILLEGAL_ORDER_TRANSITION,
      ErrorCode.SELLER_RESPONSE_DEADLINE_PASSED})
  @PostMapping("/{id}/ship")
  OrderView ship(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id, @Valid @RequestBody Shipment body) {
    return OrderView.of(fulfilment.ship(seller, id, body.carrier().strip(), body.trackingNumber().strip()));
  }

  @Operation(operationId = "deliverOrder", summary = "Mark an order delivered",
      description = "The seller marks a shipped order delivered; the auto-complete window starts.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ILLEGAL_ORDER_TRANSITION})
  @PostMapping("/{id}/deliver")
  OrderView deliver(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id) {
    return OrderView.of(fulfilment.deliver(seller, id));
  }

  @Operation(operationId = "confirmReceipt", summary = "Confirm receipt",
      description = "The buyer confirms a delivered order arrived; it completes.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ILLEGAL_ORDER_TRANSITION})
  @PostMapping("/{id}/confirm-receipt")
  OrderView confirmReceipt(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id) {
    return OrderView.of(fulfilment.confirmReceipt(buyer, id));
  }
}
