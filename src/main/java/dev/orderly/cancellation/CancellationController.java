package dev.orderly.cancellation;

import dev.orderly.common.PageLimit;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderStatus;
import dev.orderly.refund.Refund;
import dev.orderly.refund.RefundService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CancellationController {

  private final CancellationService cancellations;
  private final CancellationTerms terms;
  private final RefundService refunds;
  private final MessageSource messages;

  CancellationController(CancellationService cancellations, CancellationTerms terms, RefundService refunds,
      MessageSource messages) {
    this.cancellations = cancellations;
    this.terms = terms;
    this.refunds = refunds;
    this.messages = messages;
  }

  record Explained(String code, String message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record EligibilityView(boolean allowed, Eligibility.Mode mode, Money fee, Money refundAmount,
      Instant sellerRespondBy, Explained reason, List<Explained> nextSteps) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RequestView(UUID id, UUID orderId, CancellationStatus status, Eligibility.Mode mode,
      CancellationReason reason, String note, Money fee, Money refundAmount, Instant respondBy, Instant createdAt,
      Instant decidedAt, String decidedBy, String decisionNote, Instant escalatedAt, String escalationNote,
      Instant resolvedAt, String resolvedBy, String resolutionNote, String confirmationNumber, Instant confirmedAt,
      String confirmation) {}

  /** {@code acceptedFee}: the fee the eligibility answer showed; required whenever a fee applies. */
  record NewRequest(@NotNull CancellationReason reason, @Size(max = 1000) String note, Money acceptedFee) {}

  record Note(@Size(max = 1000) String note) {}

  record Resolution(@NotNull CancellationService.Decision decision, @Size(max = 1000) String note) {}

  record SellerCancellation(@NotNull SellerCancellationReason reason, @Size(max = 1000) String note) {}

  record SupportCancellation(@Size(max = 1000) String note) {}

  record OrderCancelled(UUID orderId, String number, OrderStatus status, CancelReason cancelReason,
      Instant cancelledAt, List<Refund> refunds) {}

  @GetMapping("/api/v1/orders/{orderId}/cancellation-eligibility")
  EligibilityView eligibility(Actor actor, @PathVariable UUID orderId) {
    return view(cancellations.eligibility(actor, orderId));
  }

  @PostMapping("/api/v1/orders/{orderId}/cancellations")
  @ResponseStatus(HttpStatus.CREATED)
  RequestView request(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID orderId,
      @Valid @RequestBody NewRequest body) {
    try {
      return view(cancellations.request(buyer, orderId, body.reason(), body.note(), body.acceptedFee()));
    } catch (CancellationTermsChanged changed) {
      throw new OrderlyException(changed.code(), changed.getMessage(), Map.of("eligibility", view(changed.current())));
    }
  }

  @GetMapping("/api/v1/orders/{orderId}/cancellations")
  List<RequestView> ofOrder(Actor actor, @PathVariable UUID orderId) {
    return cancellations.ofOrder(actor, orderId).stream().map(this::view).toList();
  }

  @GetMapping("/api/v1/cancellations/{id}")
  RequestView get(Actor actor, @PathVariable UUID id) {
    return view(cancellations.get(actor, id));
  }

  @GetMapping("/api/v1/cancellations")
  List<RequestView> list(Actor actor, @RequestParam(required = false) CancellationStatus status,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return cancellations.list(actor, status, limit).stream().map(this::view).toList();
  }

  @PostMapping("/api/v1/cancellations/{id}/approve")
  RequestView approve(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id,
      @Valid @RequestBody(required = false) Note body) {
    return view(cancellations.approve(seller, id, body == null ? null : body.note()));
  }

  @PostMapping("/api/v1/cancellations/{id}/reject")
  RequestView reject(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id,
      @Valid @RequestBody(required = false) Note body) {
    return view(cancellations.reject(seller, id, body == null ? null : body.note()));
  }

  @PostMapping("/api/v1/cancellations/{id}/withdraw")
  RequestView withdraw(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id) {
    return view(cancellations.withdraw(buyer, id));
  }

  @PostMapping("/api/v1/cancellations/{id}/escalate")
  RequestView escalate(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id,
      @Valid @RequestBody(required = false) Note body) {
    return view(cancellations.escalate(buyer, id, body == null ? null : body.note()));
  }

  @PostMapping("/api/v1/cancellations/{id}/resolve")
  RequestView resolve(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id,
      @Valid @RequestBody Resolution body) {
    return view(cancellations.resolve(support, id, body.decision(), body.note()));
  }

  @PostMapping("/api/v1/orders/{orderId}/seller-cancellation")
  OrderCancelled cancelBySeller(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID orderId,
      @Valid @RequestBody SellerCancellation body) {
    return cancelled(seller, cancellations.cancelBySeller(seller, orderId, body.reason(), body.note()));
  }

  @PostMapping("/api/v1/orders/{orderId}/support-cancellation")
  OrderCancelled cancelBySupport(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID orderId,
      @Valid @RequestBody SupportCancellation body) {
    return cancelled(support, cancellations.cancelBySupport(support, orderId, body.note()));
  }

  /** Support's work queue: escalated cancellation requests and refunds needing attention, oldest first. */
  @GetMapping("/api/v1/support/queue")
  Map<String, Object> queue(@Allowed(Role.SUPPORT) Actor support,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Map.of("escalations", cancellations.escalated(limit).stream().map(this::view).toList(),
        "refundsNeedingAttention", refunds.needingAttention(limit));
  }

  /** The seller's cancellation terms for a product, in plain words, before buying. */
  @GetMapping("/api/v1/products/{productId}/cancellation-terms")
  CancellationTerms.Terms terms(Actor actor, @PathVariable UUID productId) {
    return terms.forProduct(productId, LocaleContextHolder.getLocale());
  }

  private OrderCancelled cancelled(Actor actor, Order order) {
    return new OrderCancelled(order.id(), order.number(), order.status(), order.cancelReason(), order.cancelledAt(),
        refunds.ofOrder(actor, order.id()));
  }

  private EligibilityView view(Eligibility e) {
    Locale locale = LocaleContextHolder.getLocale();
    Explained reason = e.refusal() == null ? null : new Explained(e.refusal().name(),
        messages.getMessage("error." + e.refusal().name() + ".detail", null, e.refusal().name(), locale));
    List<Explained> steps = e.nextSteps().stream()
        .map(s -> new Explained(s.name(), messages.getMessage("next-step." + s.name(), null, s.name(), locale)))
        .toList();
    return new EligibilityView(e.allowed(), e.mode(), e.fee(), e.refundAmount(), e.sellerRespondBy(), reason, steps);
  }

  private RequestView view(CancellationRequest r) {
    String confirmation = r.confirmationNumber() == null ? null : messages.getMessage("cancellation.confirmation",
        new Object[] {r.confirmationNumber(), r.confirmedAt().toString()}, r.confirmationNumber(),
        LocaleContextHolder.getLocale());
    return new RequestView(r.id(), r.orderId(), r.status(), r.mode(), r.reason(), r.note(), r.fee(), r.refundAmount(),
        r.respondBy(), r.createdAt(), r.decidedAt(), r.decidedBy(), r.decisionNote(), r.escalatedAt(),
        r.escalationNote(), r.resolvedAt(), r.resolvedBy(), r.resolutionNote(), r.confirmationNumber(),
        r.confirmedAt(), confirmation);
  }
}
