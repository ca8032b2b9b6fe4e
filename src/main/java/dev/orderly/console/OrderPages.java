package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Role;
import dev.orderly.cancellation.CancellationQueries;
import dev.orderly.cancellation.CancellationRequest;
import dev.orderly.common.Cursor;
import dev.orderly.common.Page;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import dev.orderly.order.Order;
import dev.orderly.order.OrderLine;
import dev.orderly.supportcase.CaseTopic;
import java.util.stream.Collectors;
import dev.orderly.order.OrderSearch;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.PaymentService;
import dev.orderly.refund.RefundService;
import dev.orderly.refund.RefundStatus;
import dev.orderly.refund.RefundView;
import dev.orderly.supportcase.SupportCases;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Orders as each role sees them, through the same services and the same scope as the API
 * ({@code GET /api/v1/orders...}): a buyer its own, a seller its shop's, support all; any other
 * order is a 404. The order page shows why the order is in its state (the timeline), what the
 * viewer can do next, payments, cancellations, refunds and cases; its live part
 * ({@code /console/orders/{id}/live}) is what htmx fetches again every few seconds while the order can
 * still change by itself.
 */
@Controller
@Hidden // a page for people, not an operation of the API document
class OrderPages {

  /** Statuses in which nothing more happens (refunds aside): the live part stops asking. */
  private static final Set<OrderStatus> SETTLED = Set.of(OrderStatus.COMPLETED, OrderStatus.CANCELLED);

  private final OrderService orders;
  private final PaymentService payments;
  private final RefundService refunds;
  private final CancellationQueries cancellations;
  private final SupportCases cases;
  private final InventoryService inventory;
  private final PaymentProviders providers;
  private final Clock clock;

  OrderPages(OrderService orders, PaymentService payments, RefundService refunds, CancellationQueries cancellations,
      SupportCases cases, InventoryService inventory, PaymentProviders providers, Clock clock) {
    this.providers = providers;
    this.inventory = inventory;
    this.orders = orders;
    this.payments = payments;
    this.refunds = refunds;
    this.cancellations = cancellations;
    this.cases = cases;
    this.clock = clock;
  }

  /**
   * The viewer's orders, newest first, 25 a page; support finds one by number (an exact number
   * opens it at once). Filters as the API's: {@code number}, {@code status}.
   */
  @GetMapping("/console/orders")
  String list(Actor actor, @RequestParam(required = false) @Nullable String number,
      @RequestParam(required = false) @Nullable OrderStatus status,
      @RequestParam(required = false) @Nullable Cursor cursor, Model model) {
    String wanted = number == null || number.isBlank() ? null : number;
    Page<Order> page = orders.list(actor, new OrderSearch(wanted, null, status, null, null), cursor, 25);
    if (wanted != null && cursor == null && page.items().size() == 1 && page.next() == null) {
      return "redirect:/console/orders/" + page.items().get(0).id();
    }
    model.addAttribute("orders", page.items());
    model.addAttribute("next", page.next() == null ? null : page.next().token());
    model.addAttribute("number", wanted);
    model.addAttribute("status", status);
    model.addAttribute("statuses", OrderStatus.values());
    return "console/orders";
  }

  @GetMapping("/console/orders/{id}")
  String order(Actor actor, @PathVariable UUID id, Model model) {
    fill(actor, id, model);
    model.addAttribute("timeline", orders.timeline(actor, id));
    List<CancellationRequest> requests = cancellations.ofOrder(actor, id);
    model.addAttribute("cancellations", requests);
    model.addAttribute("cases", cases.ofOrder(actor, id));
    model.addAttribute("topics", CaseTopic.values());
    return "console/order";
  }

  /** The part of the order page that changes by itself: status, deadline, payments, refunds. */
  @GetMapping("/console/orders/{id}/live")
  String live(Actor actor, @PathVariable UUID id, Model model) {
    fill(actor, id, model);
    return "console/order :: live";
  }

  /** Order numbers by id, for lists that name orders (a seller's requests, support's queue); one query. */
  static Map<UUID, String> numbers(OrderService orders, List<UUID> ids) {
    return orders.findAll(ids).stream().collect(Collectors.toMap(Order::id, Order::number));
  }

  private void fill(Actor actor, UUID id, Model model) {
    PaymentService.OrderOptions options = payments.options(actor, id);
    Order order = options.order();
    List<PaymentAttempt> attempts = payments.list(actor, id);
    List<RefundView> orderRefunds = refunds.ofOrder(actor, id);
    model.addAttribute("order", order);
    model.addAttribute("titles", inventory.findAll(order.lines().stream().map(OrderLine::productId).toList()).stream()
        .collect(Collectors.toMap(Product::id, Product::title)));
    model.addAttribute("options", actor.is(Role.BUYER) && options.notPayable().isEmpty() ? options.methods() : List.of());
    model.addAttribute("notPayable", options.notPayable().orElse(null));
    model.addAttribute("attempts", attempts);
    // attempts paid by scanning a code with the provider's app (Alipay, WeChat Pay): shown as a QR code
    model.addAttribute("scannable", attempts.stream().filter(providers::paysByQrCode).map(PaymentAttempt::id)
        .collect(Collectors.toSet()));
    model.addAttribute("pendingAttempt", attempts.stream()
        .filter(a -> a.status() == AttemptStatus.PENDING).reduce((a, b) -> b).orElse(null));
    model.addAttribute("refunds", orderRefunds);
    boolean awaitingPayment = order.status() == OrderStatus.AWAITING_PAYMENT
        && clock.instant().isBefore(order.paymentDeadline());
    boolean refundsOpen = orderRefunds.stream().anyMatch(r -> r.status() != RefundStatus.SUCCEEDED);
    model.addAttribute("awaitingPayment", awaitingPayment);
    // how often the live part asks again: often while money may arrive, seldom while only a person
    // can move the order, never once nothing more happens by itself
    model.addAttribute("poll", order.status() == OrderStatus.AWAITING_PAYMENT || refundsOpen ? "every 2s"
        : SETTLED.contains(order.status()) ? null : "every 10s");
  }
}
