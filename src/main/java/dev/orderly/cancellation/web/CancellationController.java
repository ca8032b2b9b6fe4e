package dev.orderly.cancellation.web;

import dev.orderly.cancellation.CancellationQueries;
import dev.orderly.cancellation.CancellationReason;
import dev.orderly.cancellation.CancellationRequests;
import dev.orderly.cancellation.CancellationStatus;
import dev.orderly.cancellation.CancellationTerms;
import dev.orderly.cancellation.CancellationTermsChanged;
import dev.orderly.cancellation.SellerAndSupportCancellations;
import dev.orderly.cancellation.SellerCancellationReason;
import dev.orderly.cancellation.web.CancellationViews.EligibilityView;
import dev.orderly.cancellation.web.CancellationViews.OrderCancelled;
import dev.orderly.cancellation.web.CancellationViews.RequestView;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.common.PageLimit;
import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.common.Paged;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.Order;
import dev.orderly.refund.RefundView;
import dev.orderly.refund.RefundService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Cancellations", description = "Whether an order can be cancelled and how, the buyer's requests, the seller's answer, escalation to support, seller and support cancellations.")
@RestController
class CancellationController {

  private final CancellationQueries queries;
  private final CancellationRequests requests;
  private final SellerAndSupportCancellations cancellations;
  private final CancellationTerms terms;
  private final RefundService refunds;
  private final CancellationViews views;

  CancellationController(CancellationQueries queries, CancellationRequests requests,
      SellerAndSupportCancellations cancellations, CancellationTerms terms, RefundService refunds,
      CancellationViews views) {
    this.queries = queries;
    this.requests = requests;
    this.cancellations = cancellations;
    this.terms = terms;
    this.refunds = refunds;
    this.views = views;
  }

  /** {@code acceptedFee}: the fee the eligibility answer showed; required whenever a fee applies. */
  record NewRequest(@NotNull CancellationReason reason, @Size(max = 1000) @Nullable String note,
      @Nullable Money acceptedFee) {}

  record Note(@Size(max = 1000) @Nullable String note) {}

  /** {@code caseId}: the support case the decision is made from, also recorded there. */
  record Resolution(@NotNull CancellationRequests.Decision decision, @Size(max = 1000) @Nullable String note,
      @Nullable UUID caseId) {}

  record SellerCancellation(@NotNull SellerCancellationReason reason, @Size(max = 1000) @Nullable String note) {}

  /** {@code caseId}: the support case the cancellation is done from, also recorded there. */
  record SupportCancellation(@Size(max = 1000) @Nullable String note, @Nullable UUID caseId) {}

  @Operation(operationId = "getCancellationEligibility", summary = "Can this order be cancelled?",
      description = "Allowed or not, immediate or through the seller, the fee and refund, the seller's deadline; or the "
          + "refusal with its reason and next steps, in the caller's language.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/api/v1/orders/{orderId}/cancellation-eligibility")
  EligibilityView eligibility(Actor actor, @PathVariable UUID orderId) {
    return views.of(queries.eligibility(actor, orderId));
  }

  @Operation(operationId = "requestCancellation", summary = "Ask to cancel an order",
      description = "Cancels at once or sends the request to the seller, as the eligibility says. acceptedFee is the fee the "
          + "buyer was shown; if the terms now differ the request is refused with them and nothing is charged.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ALREADY_CANCELLED, ErrorCode.ALREADY_SHIPPED,
      ErrorCode.ALREADY_DELIVERED, ErrorCode.CANCELLATION_WINDOW_PASSED, ErrorCode.DIGITAL_GOODS_NOT_CANCELLABLE,
      ErrorCode.CANCELLATION_ALREADY_REQUESTED, ErrorCode.CANCELLATION_TERMS_CHANGED,
      ErrorCode.ILLEGAL_ORDER_TRANSITION})
  @PostMapping("/api/v1/orders/{orderId}/cancellations")
  @ResponseStatus(HttpStatus.CREATED)
  RequestView request(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID orderId,
      @Valid @RequestBody NewRequest body) {
    try {
      return views.of(requests.request(buyer, orderId, body.reason(), body.note(), body.acceptedFee()));
    } catch (CancellationTermsChanged changed) {
      throw new OrderlyException(changed.code(), changed.getMessage(), Map.of("eligibility", views.of(changed.current())));
    }
  }

  @Operation(operationId = "listOrderCancellations", summary = "List an order's cancellation requests",
      description = "Every request made for the order, oldest first, paged like every list (limit, cursor, Link).")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/api/v1/orders/{orderId}/cancellations")
  ResponseEntity<List<RequestView>> ofOrder(Actor actor, @PathVariable UUID orderId,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Paged.answer(Page.slice(queries.ofOrder(actor, orderId), limit, cursor,
        r -> new Cursor(r.createdAt(), r.id()), Keyset.Direction.OLDEST_FIRST).map(views::of));
  }

  @Operation(operationId = "getCancellation", summary = "Read a cancellation request",
      description = "A request the caller may see, with its confirmation once granted.")
  @Refusals({ErrorCode.CANCELLATION_NOT_FOUND})
  @GetMapping("/api/v1/cancellations/{id}")
  RequestView get(Actor actor, @PathVariable UUID id) {
    return views.of(queries.get(actor, id));
  }

  @Operation(operationId = "listCancellations", summary = "List cancellation requests",
      description = "The caller's requests (seller: its shop's; support: all), newest first, optionally of one status; one "
          + "page of at most limit, the next page's address in the Link header (rel=\"next\") while there is one.")
  @GetMapping("/api/v1/cancellations")
  ResponseEntity<List<RequestView>> list(Actor actor,
      @RequestParam(required = false) @Nullable CancellationStatus status,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Paged.answer(queries.list(actor, status, cursor, limit).map(views::of));
  }

  @Operation(operationId = "approveCancellation", summary = "Approve a cancellation request",
      description = "The seller grants a pending request: the order is cancelled and refunded minus the disclosed fee.")
  @Refusals({ErrorCode.CANCELLATION_NOT_FOUND, ErrorCode.ILLEGAL_CANCELLATION_TRANSITION,
      ErrorCode.SELLER_RESPONSE_DEADLINE_PASSED, ErrorCode.ILLEGAL_ORDER_TRANSITION})
  @PostMapping("/api/v1/cancellations/{id}/approve")
  RequestView approve(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id,
      @Valid @RequestBody(required = false) @Nullable Note body) {
    return views.of(requests.approve(seller, id, body == null ? null : body.note()));
  }

  @Operation(operationId = "rejectCancellation", summary = "Reject a cancellation request",
      description = "The seller refuses a pending request with a note telling the buyer why; the buyer may escalate.")
  @Refusals({ErrorCode.CANCELLATION_NOT_FOUND, ErrorCode.ILLEGAL_CANCELLATION_TRANSITION,
      ErrorCode.SELLER_RESPONSE_DEADLINE_PASSED})
  @PostMapping("/api/v1/cancellations/{id}/reject")
  RequestView reject(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id,
      @Valid @RequestBody(required = false) @Nullable Note body) {
    return views.of(requests.reject(seller, id, body == null ? null : body.note()));
  }

  @Operation(operationId = "withdrawCancellation", summary = "Withdraw a cancellation request",
      description = "The buyer takes back a request still waiting for the seller.")
  @Refusals({ErrorCode.CANCELLATION_NOT_FOUND, ErrorCode.ILLEGAL_CANCELLATION_TRANSITION})
  @PostMapping("/api/v1/cancellations/{id}/withdraw")
  RequestView withdraw(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id) {
    return views.of(requests.withdraw(buyer, id));
  }

  @Operation(operationId = "escalateCancellation", summary = "Escalate a rejection to support",
      description = "The buyer asks support to decide a rejected request.")
  @Refusals({ErrorCode.CANCELLATION_NOT_FOUND, ErrorCode.ILLEGAL_CANCELLATION_TRANSITION,
      ErrorCode.ALREADY_CANCELLED, ErrorCode.ALREADY_DELIVERED})
  @PostMapping("/api/v1/cancellations/{id}/escalate")
  RequestView escalate(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID id,
      @Valid @RequestBody(required = false) @Nullable Note body) {
    return views.of(requests.escalate(buyer, id, body == null ? null : body.note()));
  }

  @Operation(operationId = "resolveCancellation", summary = "Decide an escalation", tags = "Support",
      description = "Support approves the cancellation (with its refund) or upholds the seller's rejection, with a note.")
  @Refusals({ErrorCode.CANCELLATION_NOT_FOUND, ErrorCode.ILLEGAL_CANCELLATION_TRANSITION,
      ErrorCode.ALREADY_CANCELLED, ErrorCode.ALREADY_DELIVERED, ErrorCode.ILLEGAL_ORDER_TRANSITION,
      ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/cancellations/{id}/resolve")
  RequestView resolve(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id,
      @Valid @RequestBody Resolution body) {
    return views.of(requests.resolve(support, id, body.decision(), body.note(), body.caseId()));
  }

  @Operation(operationId = "cancelOrderAsSeller", summary = "Cancel an order as its seller",
      description = "The seller cancels an order it cannot fulfil before shipping; everything paid is refunded.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ALREADY_CANCELLED, ErrorCode.ALREADY_SHIPPED,
      ErrorCode.ALREADY_DELIVERED, ErrorCode.ILLEGAL_ORDER_TRANSITION})
  @PostMapping("/api/v1/orders/{orderId}/seller-cancellation")
  OrderCancelled cancelBySeller(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID orderId,
      @Valid @RequestBody SellerCancellation body) {
    Order order = cancellations.cancelBySeller(seller, orderId, body.reason(), body.note());
    return views.cancelled(order, refunds.ofOrder(seller, orderId));
  }

  @Operation(operationId = "cancelOrderAsSupport", summary = "Cancel an order as support", tags = "Support",
      description = "Support cancels any order not yet delivered, with a note; everything paid is refunded.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ALREADY_CANCELLED, ErrorCode.ALREADY_DELIVERED,
      ErrorCode.ILLEGAL_ORDER_TRANSITION, ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/orders/{orderId}/support-cancellation")
  OrderCancelled cancelBySupport(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID orderId,
      @Valid @RequestBody SupportCancellation body) {
    Order order = cancellations.cancelBySupport(support, orderId, body.note(), body.caseId());
    return views.cancelled(order, refunds.ofOrder(support, orderId));
  }

  /** Support's work queue: escalated cancellation requests and refunds needing attention, oldest first. */
  @Operation(operationId = "getSupportQueue", summary = "Read the support queue", tags = "Support",
      description = "Escalated cancellation requests and refunds needing attention in one list, oldest first (creation "
          + "time, then id); each item says its kind and holds the request or the refund; kind keeps one of the two. "
          + "Paged like every list.")
  @GetMapping("/api/v1/support/queue")
  ResponseEntity<List<QueueItem>> queue(@Allowed(Role.SUPPORT) Actor support,
      @RequestParam(required = false) @Nullable QueueItemKind kind,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    Page<QueueItem> escalations = kind == QueueItemKind.REFUND_NEEDS_ATTENTION ? Page.empty()
        : queries.escalated(cursor, limit).map(r -> QueueItem.of(views.of(r)));
    Page<QueueItem> stuckRefunds = kind == QueueItemKind.ESCALATION ? Page.empty()
        : refunds.needingAttention(cursor, limit).map(QueueItem::of);
    return Paged.answer(Page.merge(limit, QueueItem::position, Keyset.Direction.OLDEST_FIRST, escalations, stuckRefunds));
  }

  /** What needs support: an escalated request ({@code escalation}) or a refund out of retries ({@code refund}). */
  enum QueueItemKind { ESCALATION, REFUND_NEEDS_ATTENTION }

  /**
   * One item of support's queue.
   *
   * @param id the request's or the refund's id
   * @param createdAt when the request or the refund was created (the queue's order)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record QueueItem(QueueItemKind kind, UUID id, UUID orderId, Instant createdAt, @Nullable RequestView escalation,
      @Nullable RefundView refund) {
    static QueueItem of(RequestView r) {
      return new QueueItem(QueueItemKind.ESCALATION, r.id(), r.orderId(), r.createdAt(), r, null);
    }

    static QueueItem of(RefundView r) {
      return new QueueItem(QueueItemKind.REFUND_NEEDS_ATTENTION, r.id(), r.orderId(), r.createdAt(), null, r);
    }

    Cursor position() {
      return new Cursor(createdAt, id);
    }
  }

  /** The seller's cancellation terms for a product, in plain words, before buying. */
  @Operation(operationId = "getCancellationTerms", summary = "Read a product's cancellation terms",
      tags = "Products",
      description = "The seller's current terms before buying, as numbers and as sentences in the caller's language, with the"
          + " terms version to accept when placing the order.")
  @Refusals({ErrorCode.PRODUCT_NOT_FOUND})
  @GetMapping("/api/v1/products/{productId}/cancellation-terms")
  CancellationTerms.Terms terms(Actor actor, @PathVariable UUID productId) {
    return terms.forProduct(productId, LocaleContextHolder.getLocale());
  }
}
