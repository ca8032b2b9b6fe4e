package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.cancellation.CancellationQueries;
import dev.orderly.cancellation.CancellationReason;
import dev.orderly.cancellation.CancellationRequests;
import dev.orderly.cancellation.CancellationTerms;
import dev.orderly.cancellation.CancellationTermsChanged;
import dev.orderly.cancellation.Eligibility;
import dev.orderly.common.Cursor;
import dev.orderly.common.Money;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.Page;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import dev.orderly.notification.Inbox;
import dev.orderly.notification.InboxItem;
import dev.orderly.order.Order;
import dev.orderly.order.OrderPlacement;
import dev.orderly.order.OrderService;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.PaymentService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A buyer's pages: the shop (products with the seller's cancellation terms before buying), placing
 * an order, paying it (the provider's page opens in a new tab while the order page follows the
 * payment live), "I have paid", the cancel dialog and its confirmation, and the inbox. Every action
 * is the API's own service call with the API's refusals ({@link ConsoleModel} shows them).
 */
@Controller
@Hidden // a page for people, not an operation of the API document
class BuyerPages {

  private final InventoryService inventory;
  private final CancellationTerms terms;
  private final OrderPlacement placement;
  private final OrderService orders;
  private final PaymentService payments;
  private final PaymentProviders providers;
  private final CancellationQueries cancellationQueries;
  private final CancellationRequests cancellations;
  private final Inbox inbox;
  private final ConsoleTexts texts;

  BuyerPages(InventoryService inventory, CancellationTerms terms, OrderPlacement placement, OrderService orders,
      PaymentService payments, PaymentProviders providers, CancellationQueries cancellationQueries,
      CancellationRequests cancellations, Inbox inbox, ConsoleTexts texts) {
    this.providers = providers;
    this.inventory = inventory;
    this.terms = terms;
    this.placement = placement;
    this.orders = orders;
    this.payments = payments;
    this.cancellationQueries = cancellationQueries;
    this.cancellations = cancellations;
    this.inbox = inbox;
    this.texts = texts;
  }

  @GetMapping("/console/shop")
  String shop(@Allowed(Role.BUYER) Actor buyer, @RequestParam(required = false) @Nullable Cursor cursor, Model model) {
    Page<Product> page = inventory.list(null, cursor, 50);
    model.addAttribute("products", page.items());
    model.addAttribute("next", page.next() == null ? null : page.next().token());
    return "console/shop";
  }

  /** A product with its seller's cancellation terms, as the buyer must see them before buying. */
  @GetMapping("/console/shop/{productId}")
  String product(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID productId, Model model) {
    CancellationTerms.Terms t = terms.forProduct(productId, LocaleContextHolder.getLocale());
    model.addAttribute("product", inventory.find(productId).orElseThrow());
    model.addAttribute("terms", t);
    return "console/product";
  }

  /** Places an order of one product; {@code termsVersion} is the version of the terms the page showed. */
  @PostMapping("/console/orders")
  String place(@Allowed(Role.BUYER) Actor buyer, @RequestParam UUID productId, @RequestParam int quantity,
      @RequestParam(required = false) @Nullable String termsVersion, RedirectAttributes flash) {
    if (quantity < 1 || quantity > OrderPlacement.MAX_QUANTITY) {
      throw OrderlyException.invalid("quantity", "must be between 1 and " + OrderPlacement.MAX_QUANTITY);
    }
    Order order = placement.place(buyer, List.of(new OrderPlacement.Item(productId, quantity)), termsVersion);
    return texts.done("/console/orders/" + order.id(), flash, "flash.placed", order.number());
  }

  /**
   * Starts a payment and sends the buyer to the provider's page, or to the code to scan with the
   * provider's app (the form opens it in a new tab, so the order page stays and follows the payment).
   */
  @PostMapping("/console/orders/{id}/payments")
  String pay(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id, @RequestParam PaymentMethod method) {
    PaymentAttempt attempt = payments.start(buyer, id, method);
    if (attempt.redirectUrl() == null) {
      return "redirect:/console/orders/" + id;
    }
    return "redirect:" + (providers.paysByQrCode(attempt)
        ? "/console/orders/" + id + "/payments/" + attempt.id() + "/code" : attempt.redirectUrl());
  }

  /**
   * The QR code of a pending Alipay or WeChat Pay payment, to scan with the phone app; a payment of
   * another buyer, not pending, or paid on a page is a 404.
   */
  @GetMapping("/console/orders/{id}/payments/{paymentId}/code")
  String code(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id, @PathVariable UUID paymentId, Model model) {
    PaymentAttempt attempt = payments.list(buyer, id).stream()
        .filter(a -> a.id().equals(paymentId) && a.status() == AttemptStatus.PENDING && a.redirectUrl() != null
            && providers.paysByQrCode(a))
        .findFirst().orElseThrow(() -> new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND,
            "no pending payment " + paymentId + " to scan"));
    String method = texts.text("method." + attempt.method());
    model.addAttribute("order", orders.get(buyer, id));
    model.addAttribute("attempt", attempt);
    model.addAttribute("qr", ConsoleQrCodes.svg(attempt.redirectUrl(), texts.text("code.label", method)));
    return "console/code";
  }

  /** "I have paid": asks the provider now. */
  @PostMapping("/console/orders/{id}/payments/{paymentId}/check")
  String check(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id, @PathVariable UUID paymentId,
      RedirectAttributes flash) {
    PaymentAttempt attempt = payments.check(buyer, id, paymentId);
    return texts.doneOnOrder(id, flash, "flash.checked." + attempt.status().name());
  }

  /** The cancel dialog: the eligibility answer, and the form that confirms it with the fee shown. */
  @GetMapping("/console/orders/{id}/cancel")
  String cancelDialog(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id, Model model) {
    return dialog(orders.get(buyer, id), cancellationQueries.eligibility(buyer, id), false, model);
  }

  /**
   * Confirms a cancellation with the fee the dialog showed ({@code acceptedFee}, in the order's
   * currency). A fee that changed meanwhile is not charged: the dialog comes back with the new terms.
   */
  @PostMapping("/console/orders/{id}/cancel")
  String cancel(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id, @RequestParam CancellationReason reason,
      @RequestParam(required = false) @Nullable String note, @RequestParam String acceptedFee, Model model,
      RedirectAttributes flash, HttpServletResponse response) {
    Order order = orders.get(buyer, id);
    Money fee = ConsoleModel.money("acceptedFee", acceptedFee, order.total().currency());
    try {
      var request = cancellations.request(buyer, id, reason, ConsoleTexts.optional("note", note, 1000), fee);
      return texts.doneOnOrder(id, flash, "flash.cancel." + request.status().name());
    } catch (CancellationTermsChanged changed) {
      // the API's 409: nothing was requested; the dialog again, with the terms that apply now
      response.setStatus(changed.code().status());
      model.addAttribute("reason", reason);
      model.addAttribute("note", note);
      return dialog(order, changed.current(), true, model);
    }
  }

  private String dialog(Order order, Eligibility eligibility, boolean changed, Model model) {
    model.addAttribute("order", order);
    model.addAttribute("eligibility", eligibility);
    model.addAttribute("changed", changed);
    model.addAttribute("reasons", CancellationReason.values());
    return "console/cancel";
  }

  @GetMapping("/console/inbox")
  String inbox(Actor actor, @RequestParam(required = false) @Nullable Cursor cursor, Model model) {
    Page<InboxItem> page = inbox.list(actor, cursor, 50);
    model.addAttribute("items", page.items());
    model.addAttribute("next", page.next() == null ? null : page.next().token());
    return "console/inbox";
  }

  @PostMapping("/console/inbox/{id}/read")
  String read(Actor actor, @PathVariable UUID id) {
    inbox.markRead(actor, id);
    return "redirect:/console/inbox";
  }

}
