package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.cancellation.CancellationQueries;
import dev.orderly.cancellation.CancellationRequest;
import dev.orderly.cancellation.CancellationRequests;
import dev.orderly.cancellation.CancellationStatus;
import dev.orderly.order.OrderFulfilment;
import dev.orderly.order.OrderSearch;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A seller's queue (orders to process, orders to ship, cancellation requests waiting for an answer
 * with the time left before they are approved automatically) and the order steps of both sides:
 * the seller's process, ship, deliver, approve and reject; the buyer's confirm receipt, withdraw
 * and escalate. Each redirects to the order page with what happened.
 */
@Controller
@Hidden // a page for people, not an operation of the API document
class SellerPages {

  private static final int QUEUE = 50;

  private final OrderService orders;
  private final OrderFulfilment fulfilment;
  private final CancellationQueries queries;
  private final CancellationRequests requests;
  private final ConsoleTexts texts;

  SellerPages(OrderService orders, OrderFulfilment fulfilment, CancellationQueries queries,
      CancellationRequests requests, ConsoleTexts texts) {
    this.orders = orders;
    this.fulfilment = fulfilment;
    this.queries = queries;
    this.requests = requests;
    this.texts = texts;
  }

  @GetMapping("/console/seller")
  String queue(@Allowed(Role.SELLER) Actor seller, Model model) {
    model.addAttribute("toProcess", orders.list(seller, status(OrderStatus.PAID), null, QUEUE).items());
    model.addAttribute("toShip", orders.list(seller, status(OrderStatus.PROCESSING), null, QUEUE).items());
    List<CancellationRequest> waiting = queries.list(seller, CancellationStatus.PENDING_SELLER, null, QUEUE).items();
    model.addAttribute("requests", waiting);
    model.addAttribute("numbers", OrderPages.numbers(orders, waiting.stream().map(CancellationRequest::orderId).toList()));
    return "console/seller";
  }

  private static OrderSearch status(OrderStatus status) {
    return new OrderSearch(null, null, status, null, null);
  }

  @PostMapping("/console/orders/{id}/process")
  String process(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id, RedirectAttributes flash) {
    fulfilment.startProcessing(seller, id);
    return texts.doneOnOrder(id, flash, "flash.processing");
  }

  @PostMapping("/console/orders/{id}/ship")
  String ship(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id, @RequestParam String carrier,
      @RequestParam String trackingNumber, RedirectAttributes flash) {
    fulfilment.ship(seller, id, ConsoleTexts.required("carrier", carrier, 64),
        ConsoleTexts.required("trackingNumber", trackingNumber, 64));
    return texts.doneOnOrder(id, flash, "flash.shipped");
  }

  @PostMapping("/console/orders/{id}/deliver")
  String deliver(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id, RedirectAttributes flash) {
    fulfilment.deliver(seller, id);
    return texts.doneOnOrder(id, flash, "flash.delivered");
  }

  @PostMapping("/console/orders/{id}/confirm-receipt")
  String confirmReceipt(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id, RedirectAttributes flash) {
    fulfilment.confirmReceipt(buyer, id);
    return texts.doneOnOrder(id, flash, "flash.completed");
  }

  @PostMapping("/console/cancellations/{id}/approve")
  String approve(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id,
      @RequestParam(required = false) @Nullable String note, RedirectAttributes flash) {
    CancellationRequest r = requests.approve(seller, id, ConsoleTexts.optional("note", note, 1000));
    return texts.doneOnOrder(r.orderId(), flash, "flash.approved");
  }

  @PostMapping("/console/cancellations/{id}/reject")
  String reject(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id,
      @RequestParam(required = false) @Nullable String note, RedirectAttributes flash) {
    CancellationRequest r = requests.reject(seller, id, ConsoleTexts.optional("note", note, 1000));
    return texts.doneOnOrder(r.orderId(), flash, "flash.rejected");
  }

  @PostMapping("/console/cancellations/{id}/withdraw")
  String withdraw(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id, RedirectAttributes flash) {
    return texts.doneOnOrder(requests.withdraw(buyer, id).orderId(), flash, "flash.withdrawn");
  }

  @PostMapping("/console/cancellations/{id}/escalate")
  String escalate(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id,
      @RequestParam(required = false) @Nullable String note, RedirectAttributes flash) {
    CancellationRequest r = requests.escalate(buyer, id, ConsoleTexts.optional("note", note, 1000));
    return texts.doneOnOrder(r.orderId(), flash, "flash.escalated");
  }

}
