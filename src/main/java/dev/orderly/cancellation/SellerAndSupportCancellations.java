package dev.orderly.cancellation;

import dev.orderly.supportcase.SupportCases;
import dev.orderly.access.Actor;
import dev.orderly.cancellation.internal.CancellationRepository;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.PaymentService;
import dev.orderly.refund.RefundCause;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancellations without a request: the seller cancels an order of its shop that has not shipped,
 * support one not yet delivered; everything paid is refunded and a request still open is granted
 * by it. Refused with {@code 404 ORDER_NOT_FOUND} (an order the actor may not see),
 * {@code 409 ALREADY_CANCELLED}, {@code ALREADY_SHIPPED} (the seller), {@code ALREADY_DELIVERED}, or
 * {@code 400 VALIDATION_FAILED} (a missing note).
 */
@Service
public class SellerAndSupportCancellations {

  private final CancellationRepository requests;
  private final CancellationGrants grants;
  private final CancellationTimeline timeline;
  private final OrderService orders;
  private final PaymentService payments;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final ApplicationEventPublisher events;
  private final SupportCases cases;

  SellerAndSupportCancellations(CancellationRepository requests, CancellationGrants grants,
      CancellationTimeline timeline, OrderService orders, PaymentService payments, Clock clock,
      PlatformTransactionManager transactions, ApplicationEventPublisher events, SupportCases cases) {
    this.cases = cases;
    this.requests = requests;
    this.grants = grants;
    this.timeline = timeline;
    this.orders = orders;
    this.payments = payments;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.events = events;
  }

  /** The seller cancels an order of its shop that has not shipped (e.g. out of stock); OTHER needs a note. */
  public Order cancelBySeller(Actor seller, UUID orderId, SellerCancellationReason reason, @Nullable String note) {
    RequiredNote.requireForOther(reason == SellerCancellationReason.OTHER, note);
    return cancel(seller, orderId, CancelReason.SELLER_CANCELLED, RefundCause.SELLER_CANCELLED,
        Map.of("sellerReason", reason.name(), "note", note == null ? "" : note), null);
  }

  /**
   * Support cancels any order not yet delivered, with a note (required), also recorded on the case
   * {@code caseId} when given ({@code 404 CASE_NOT_FOUND} for a case about another order).
   */
  public Order cancelBySupport(Actor support, UUID orderId, @Nullable String note, @Nullable UUID caseId) {
    RequiredNote.require(note, "note", "support's cancellation needs a note");
    Map<String, Object> detail = new java.util.LinkedHashMap<>(Map.of("note", note));
    if (caseId != null) {
      detail.put("caseId", caseId.toString());
    }
    return cancel(support, orderId, CancelReason.SUPPORT_CANCELLED, RefundCause.SUPPORT_CANCELLED, detail, caseId);
  }

  /** Cancels and refunds; with {@code caseId} (support's), also an entry on that case with the note. */
  private Order cancel(Actor actor, UUID orderId, CancelReason reason, RefundCause cause, Map<String, Object> detail,
      @Nullable UUID caseId) {
    Order seen = orders.get(actor, orderId);
    CancellableOrder.require(seen, reason);
    // the case is checked before pending payments are closed at the provider, which no rollback undoes
    cases.checkCase(caseId, orderId);
    if (seen.status() == OrderStatus.AWAITING_PAYMENT) {
      payments.closePending(orderId, PaymentFailureCode.ORDER_CANCELLED, actor.label());
    }
    return transaction.execute(tx -> {
      orders.lock(orderId);
      Order order = orders.find(orderId).orElseThrow();
      CancellableOrder.require(order, reason);
      Instant now = clock.instant();
      Order cancelled = grants.cancelAndRefund(order, reason, cause, order.total(), actor.label(), detail);
      // a request still open is granted by this cancellation, with its full refund
      Optional<CancellationRequest> open = requests.latestOf(orderId).filter(r -> r.status().open());
      if (open.isPresent()) {
        CancellationRequest r = requests.lock(open.get().id()).orElseThrow();
        CancellationStatus from = r.status();
        r.grantedByOrderCancellation(actor.label(), "order cancelled: " + reason, order.total(), now);
        CancellationGrants.confirm(r, order, now);
        requests.update(r, from);
        timeline.record(r, TimelineEventType.CANCELLATION_CLOSED_BY_ORDER_CANCELLATION, actor.label(), now);
        events.publishEvent(new CancellationEvent(r.id(), orderId, CancellationStep.DECIDED, r.status(), now));
      }
      cases.recordAction(caseId, actor, orderId, TimelineEventType.ORDER_CANCELLED, String.valueOf(detail.get("note")));
      return cancelled;
    });
  }
}
