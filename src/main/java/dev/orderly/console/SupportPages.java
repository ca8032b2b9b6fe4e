package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.PrincipalService;
import dev.orderly.access.Role;
import dev.orderly.cancellation.CancellationQueries;
import dev.orderly.cancellation.CancellationRequests;
import dev.orderly.cancellation.SellerAndSupportCancellations;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.OrderService;
import dev.orderly.payment.PaymentService;
import dev.orderly.refund.RefundService;
import dev.orderly.refund.RefundView;
import dev.orderly.restriction.RestrictionService;
import dev.orderly.supportcase.CaseStatus;
import dev.orderly.supportcase.SupportCases;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
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
 * Support's desk: find an order by number, the case queue by first response due (overdue marked),
 * escalated cancellations and refunds needing attention; and support's actions, each with its
 * required note and optionally the case it is taken from (the API's support actions): extend the
 * payment deadline, cancel, ask the provider, retry a refund, decide an escalation, lift a buyer's
 * restriction.
 */
@Controller
@Hidden // a page for people, not an operation of the API document
class SupportPages {

  private static final int QUEUE = 50;

  private final SupportCases cases;
  private final CancellationQueries cancellationQueries;
  private final CancellationRequests cancellationRequests;
  private final SellerAndSupportCancellations cancellations;
  private final RefundService refunds;
  private final PaymentService payments;
  private final RestrictionService restrictions;
  private final OrderService orders;
  private final PrincipalService principals;
  private final ConsoleTexts texts;

  SupportPages(SupportCases cases, CancellationQueries cancellationQueries, CancellationRequests cancellationRequests,
      SellerAndSupportCancellations cancellations, RefundService refunds, PaymentService payments,
      RestrictionService restrictions, OrderService orders, PrincipalService principals,
      ConsoleTexts texts) {
    this.orders = orders;
    this.principals = principals;
    this.cases = cases;
    this.cancellationQueries = cancellationQueries;
    this.cancellationRequests = cancellationRequests;
    this.cancellations = cancellations;
    this.refunds = refunds;
    this.payments = payments;
    this.restrictions = restrictions;
    this.texts = texts;
  }

  @GetMapping("/console/support")
  String desk(@Allowed(Role.SUPPORT) Actor support, Model model) {
    model.addAttribute("cases", cases.list(support, null, null, null, QUEUE).items().stream()
        .filter(c -> c.status() != CaseStatus.CLOSED).toList());
    var escalations = cancellationQueries.escalated(null, QUEUE).items();
    var stuck = refunds.needingAttention(null, QUEUE).items();
    model.addAttribute("escalations", escalations);
    model.addAttribute("stuckRefunds", stuck);
    model.addAttribute("numbers", OrderPages.numbers(orders, Stream.concat(
        escalations.stream().map(r -> r.orderId()), stuck.stream().map(r -> r.orderId())).toList()));
    return "console/support";
  }

  @PostMapping("/console/orders/{id}/payment-deadline-extension")
  String extend(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, @RequestParam int hours,
      @RequestParam String note, @RequestParam(required = false) @Nullable UUID caseId, RedirectAttributes flash) {
    if (hours < 1) {
      throw OrderlyException.invalid("hours", "must be at least 1");
    }
    cases.extendPaymentDeadline(support, id, Duration.ofHours(hours), ConsoleTexts.required("note", note, 1000), caseId);
    return texts.doneOnOrder(id, flash, "flash.extended");
  }

  @PostMapping("/console/orders/{id}/support-cancellation")
  String cancel(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, @RequestParam String note,
      @RequestParam(required = false) @Nullable UUID caseId, RedirectAttributes flash) {
    cancellations.cancelBySupport(support, id, ConsoleTexts.required("note", note, 1000), caseId);
    return texts.doneOnOrder(id, flash, "flash.cancelled");
  }

  @PostMapping("/console/orders/{id}/payments/{paymentId}/support-check")
  String check(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, @PathVariable UUID paymentId,
      @RequestParam String note, @RequestParam(required = false) @Nullable UUID caseId, RedirectAttributes flash) {
    var attempt = payments.checkBySupport(support, id, paymentId, ConsoleTexts.required("note", note, 1000), caseId);
    return texts.doneOnOrder(id, flash, "flash.checked." + attempt.status().name());
  }

  @PostMapping("/console/refunds/{id}/retry")
  String retry(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, @RequestParam String note,
      @RequestParam(required = false) @Nullable UUID caseId, RedirectAttributes flash) {
    RefundView r = refunds.retry(support, id, ConsoleTexts.required("note", note, 1000), caseId);
    return texts.doneOnOrder(r.orderId(), flash, "flash.refund-retried");
  }

  @PostMapping("/console/cancellations/{id}/resolve")
  String resolve(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id,
      @RequestParam CancellationRequests.Decision decision, @RequestParam String note,
      @RequestParam(required = false) @Nullable UUID caseId, RedirectAttributes flash) {
    var r = cancellationRequests.resolve(support, id, decision, ConsoleTexts.required("note", note, 1000), caseId);
    return texts.doneOnOrder(r.orderId(), flash, "flash.resolved");
  }

  /** A buyer's standing: expired orders counted, a restriction and its audit trail, and the lift. */
  @GetMapping("/console/support/buyers/{buyerId}")
  String buyer(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID buyerId, Model model) {
    model.addAttribute("standing", restrictions.standing(buyerId));
    model.addAttribute("buyerName", principals.contact(buyerId).map(PrincipalService.Contact::name).orElse(null));
    return "console/buyer";
  }

  @PostMapping("/console/support/buyers/{buyerId}/lift-restriction")
  String lift(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID buyerId, @RequestParam String note,
      @RequestParam(required = false) @Nullable UUID caseId, RedirectAttributes flash) {
    restrictions.lift(support, buyerId, ConsoleTexts.required("note", note, 1000), caseId);
    return texts.done("/console/support/buyers/" + buyerId, flash, "flash.lifted");
  }

}
