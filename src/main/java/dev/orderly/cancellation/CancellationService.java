package dev.orderly.cancellation;

import dev.orderly.order.TimelineEventType;
import dev.orderly.order.SystemActor;
import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderShipped;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.Timeline;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentService;
import dev.orderly.refund.RefundCause;
import dev.orderly.refund.RefundService;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancellations: the buyer's requests (immediate or through the seller, with the seller-response
 * timer, escalation and support's decision) and the seller's and support's own cancellations.
 * Every step locks the order first, then the request, so that shipping, the timer, the seller,
 * the buyer and support queue up on one order and exactly one of two racing steps wins; the
 * loser gets a 409 with a code.
 */
@Service
public class CancellationService {

  public enum Decision { APPROVE, UPHOLD_REJECTION }

  private final CancellationRepository requests;
  private final OrderService orders;
  private final PaymentService payments;
  private final RefundService refunds;
  private final Timeline timeline;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final ApplicationEventPublisher events;
  private final DueWorkRunner timers;
  private final java.time.Duration dueNoticeBefore;

  CancellationService(CancellationRepository requests, OrderService orders, PaymentService payments,
      RefundService refunds, Timeline timeline, Clock clock, PlatformTransactionManager transactions,
      ApplicationEventPublisher events, DueWorkRunner timers,
      @org.springframework.beans.factory.annotation.Value("${orderly.notifications.seller-response-due-before:PT12H}")
      java.time.Duration dueNoticeBefore) {
    this.dueNoticeBefore = dueNoticeBefore;
    this.requests = requests;
    this.orders = orders;
    this.payments = payments;
    this.refunds = refunds;
    this.timeline = timeline;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.events = events;
    this.timers = timers;
  }

  /** "Can I cancel, and how?" for an order the actor may see. */
  public Eligibility eligibility(Actor actor, UUID orderId) {
    Order order = orders.get(actor, orderId);
    return CancellationRules.evaluate(order, latestStatus(orderId), clock.instant());
  }

  /**
   * The buyer asks to cancel, having accepted {@code acceptedFee} (the fee the eligibility answer
   * showed; null when none was shown). An unpaid order's pending attempts are closed at the
   * provider first (one may turn out paid, and then the paid rules apply); then, under the order's
   * lock, the eligibility decides: cancelled at once, sent to the seller, or refused with its code.
   * Terms other than the accepted ones are refused with {@link CancellationTermsChanged}.
   */
  public CancellationRequest request(Actor buyer, UUID orderId, CancellationReason reason, String note,
      Money acceptedFee) {
    Order seen = orders.get(buyer, orderId);
    if (seen.status() == OrderStatus.AWAITING_PAYMENT) {
      refuseUnlessAgreed(CancellationRules.evaluate(seen, latestStatus(orderId), clock.instant()), acceptedFee);
      requireNoteForOther(reason, note);
      payments.closePending(orderId, PaymentFailureCode.ORDER_CANCELLED, buyer.label());
    }
    return transaction.execute(tx -> {
      Order order = lockOrder(orderId);
      Instant now = clock.instant();
      // under the order's lock: no payment can land between this answer and the request it allows
      Eligibility eligibility = CancellationRules.evaluate(order, latestStatus(orderId), now);
      refuseUnlessAgreed(eligibility, acceptedFee);
      CancellationRequest request = CancellationRequest.open(UUID.randomUUID(), orderId, order.buyerId(),
          order.sellerId(), eligibility, reason, note, now);
      requests.insert(request, request.status() == CancellationStatus.PENDING_SELLER
          ? dueNotice(request.createdAt(), request.respondBy()) : null);
      Map<String, Object> detail = describe(request);
      detail.put("mode", request.mode().name());
      timeline.record(orderId, now, TimelineEventType.CANCELLATION_REQUESTED, buyer.label(), detail);
      events.publishEvent(new CancellationEvent(request.id(), orderId, "REQUESTED", request.status(), now));
      if (request.status().granted()) {
        grant(request, order, CancelReason.BUYER_CANCELLED, RefundCause.BUYER_CANCELLED, buyer.label());
        events.publishEvent(new CancellationEvent(request.id(), orderId, "DECIDED", request.status(), now));
      } else {
        AfterCommit.run(() -> {
          timers.dueAt(SellerResponseTimer.NAME, request.respondBy());
          timers.dueAt(SellerResponseDueNotices.NAME, dueNotice(request.createdAt(), request.respondBy()));
        });
      }
      return request;
    });
  }

  public CancellationRequest approve(Actor seller, UUID id, String note) {
    return step(seller, id, TimelineEventType.CANCELLATION_APPROVED, "DECIDED", (r, order, now) -> {
      r.approveBySeller(seller.label(), note, now);
      return CancelReason.BUYER_CANCELLED;
    });
  }

  public CancellationRequest reject(Actor seller, UUID id, String note) {
    requireText(note, "note", "a rejection must tell the buyer why");
    return step(seller, id, TimelineEventType.CANCELLATION_REJECTED, "DECIDED", (r, order, now) -> {
      r.rejectBySeller(seller.label(), note, now);
      return null;
    });
  }

  public CancellationRequest withdraw(Actor buyer, UUID id) {
    return step(buyer, id, TimelineEventType.CANCELLATION_WITHDRAWN, "WITHDRAWN", (r, order, now) -> {
      r.withdraw(now);
      return null;
    });
  }

  public CancellationRequest escalate(Actor buyer, UUID id, String note) {
    return step(buyer, id, TimelineEventType.CANCELLATION_ESCALATED, "ESCALATED", (r, order, now) -> {
      // nothing left for support to decide once the order is cancelled or delivered
      refuseFinished(order, CancelReason.SUPPORT_CANCELLED);
      r.escalate(note, now);
      return null;
    });
  }

  public CancellationRequest resolve(Actor support, UUID id, Decision decision, String note) {
    requireText(note, "note", "support's decision needs a note");
    return step(support, id, decision == Decision.APPROVE ? TimelineEventType.CANCELLATION_RESOLVED_APPROVED
        : TimelineEventType.CANCELLATION_RESOLVED_REJECTED, "RESOLVED", (r, order, now) -> {
          if (decision == Decision.APPROVE) {
            refuseFinished(order, CancelReason.SUPPORT_CANCELLED);
          }
          r.resolve(decision == Decision.APPROVE, support.label(), note, now);
          if (decision != Decision.APPROVE) {
            return null;
          }
          // support may still stop a parcel in transit; the buyer's own cancellation could not
          return order.status() == OrderStatus.SHIPPED ? CancelReason.SUPPORT_CANCELLED : CancelReason.BUYER_CANCELLED;
        });
  }

  /**
   * The seller-response deadline passed with no answer. Returns false when the request was
   * answered (or withdrawn, or closed by shipping) first: exactly one of them wins.
   */
  boolean autoApprove(UUID id) {
    return Boolean.TRUE.equals(transaction.execute(tx -> {
      CancellationRequest seen = requests.find(id).orElseThrow();
      Order order = lockOrder(seen.orderId());
      CancellationRequest r = requests.lock(id).orElseThrow();
      Instant now = clock.instant();
      if (r.status() != CancellationStatus.PENDING_SELLER || now.isBefore(r.respondBy())) {
        return false;
      }
      r.autoApprove(now);
      requests.update(r);
      timeline.record(r.orderId(), now, TimelineEventType.CANCELLATION_AUTO_APPROVED, SystemActor.SELLER_RESPONSE_TIMER.label(), describe(r));
      grant(r, order, CancelReason.BUYER_CANCELLED, RefundCause.BUYER_CANCELLED, SystemActor.SELLER_RESPONSE_TIMER.label());
      events.publishEvent(new CancellationEvent(r.id(), r.orderId(), "DECIDED", r.status(), now));
      return true;
    }));
  }

  /** The seller cancels an order of its shop that has not shipped (e.g. out of stock): full refund. */
  public Order cancelBySeller(Actor seller, UUID orderId, SellerCancellationReason reason, String note) {
    if (reason == SellerCancellationReason.OTHER) {
      requireText(note, "note", "reason OTHER needs a note saying why");
    }
    return cancelOrder(seller, orderId, CancelReason.SELLER_CANCELLED, RefundCause.SELLER_CANCELLED,
        Map.of("sellerReason", reason.name(), "note", note == null ? "" : note));
  }

  /** Support cancels any order not yet delivered, with a note: full refund. */
  public Order cancelBySupport(Actor support, UUID orderId, String note) {
    requireText(note, "note", "support's cancellation needs a note");
    return cancelOrder(support, orderId, CancelReason.SUPPORT_CANCELLED, RefundCause.SUPPORT_CANCELLED,
        Map.of("note", note));
  }

  private Order cancelOrder(Actor actor, UUID orderId, CancelReason reason, RefundCause cause,
      Map<String, Object> detail) {
    Order seen = orders.get(actor, orderId);
    refuseFinished(seen, reason);
    if (seen.status() == OrderStatus.AWAITING_PAYMENT) {
      payments.closePending(orderId, PaymentFailureCode.ORDER_CANCELLED, actor.label());
    }
    return transaction.execute(tx -> {
      Order order = lockOrder(orderId);
      refuseFinished(order, reason);
      Instant now = clock.instant();
      Order cancelled = cancelAndRefund(order, reason, cause, order.total(), actor.label(), detail);
      // a request still open is granted by this cancellation, with its full refund
      Optional<CancellationRequest> open = requests.latestOf(orderId).filter(r -> r.status().open());
      if (open.isPresent()) {
        CancellationRequest r = requests.lock(open.get().id()).orElseThrow();
        r.grantedByOrderCancellation(actor.label(), "order cancelled: " + reason, order.total(), now);
        confirm(r, order, now);
        requests.update(r);
        timeline.record(orderId, now, TimelineEventType.CANCELLATION_CLOSED_BY_ORDER_CANCELLATION, actor.label(), describe(r));
        events.publishEvent(new CancellationEvent(r.id(), orderId, "DECIDED", r.status(), now));
      }
      return cancelled;
    });
  }

  /**
   * Shipping ends the seller's chance to cancel: a request still waiting for it is closed as
   * rejected. A request past its response deadline is the timer's: it is approved, so shipping is
   * refused (and the shipping rolls back) even if the timer has not run yet.
   */
  @EventListener
  void on(OrderShipped shipped) {
    requests.latestOf(shipped.orderId()).filter(r -> r.status() == CancellationStatus.PENDING_SELLER)
        .ifPresent(open -> {
          CancellationRequest r = requests.lock(open.id()).orElseThrow();
          if (!shipped.at().isBefore(r.respondBy())) {
            throw new OrderlyException(ErrorCode.SELLER_RESPONSE_DEADLINE_PASSED,
                "the buyer's cancellation request was not answered by " + r.respondBy()
                    + " and is approved automatically; the order cannot ship",
                Map.of("cancellationId", r.id(), "respondBy", r.respondBy()));
          }
          r.closeByShipping(shipped.actor(), shipped.at());
          requests.update(r);
          timeline.record(r.orderId(), shipped.at(), TimelineEventType.CANCELLATION_REJECTED, shipped.actor(), describe(r));
          events.publishEvent(new CancellationEvent(r.id(), r.orderId(), "DECIDED", r.status(), shipped.at()));
        });
  }

  /** For other modules holding a reference to a request (no access check). */
  public Optional<CancellationRequest> find(UUID id) {
    return requests.find(id);
  }

  public CancellationRequest get(Actor actor, UUID id) {
    CancellationRequest r = requests.find(id).orElseThrow(() -> notFound(id));
    if (!visibleTo(actor, r)) {
      throw notFound(id);
    }
    return r;
  }

  public List<CancellationRequest> list(Actor actor, CancellationStatus status, int limit) {
    return switch (actor.role()) {
      case BUYER -> requests.list("buyer_id", actor.id(), status, false, limit);
      case SELLER -> requests.list("seller_id", actor.id(), status, false, limit);
      case SUPPORT, ADMIN -> requests.list(null, null, status, false, limit);
    };
  }

  public List<CancellationRequest> ofOrder(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return requests.ofOrder(orderId);
  }

  /** Support's queue: escalated requests, oldest first. */
  public List<CancellationRequest> escalated(int limit) {
    return requests.list(null, null, CancellationStatus.ESCALATED, true, limit);
  }

  private interface Step {
    /** Applies the step to the locked request; the order's cancel reason when it grants the cancellation. */
    CancelReason apply(CancellationRequest request, Order order, Instant now);
  }

  private CancellationRequest step(Actor actor, UUID id, TimelineEventType event, String published, Step step) {
    return transaction.execute(tx -> {
      CancellationRequest seen = get(actor, id);
      Order order = lockOrder(seen.orderId());
      CancellationRequest r = requests.lock(id).orElseThrow();
      Instant now = clock.instant();
      CancelReason granted = step.apply(r, order, now);
      requests.update(r);
      timeline.record(r.orderId(), now, event, actor.label(), describe(r));
      if (granted != null) {
        grant(r, order, granted, RefundCause.BUYER_CANCELLED, actor.label());
      }
      events.publishEvent(new CancellationEvent(r.id(), r.orderId(), published, r.status(), now));
      return r;
    });
  }

  /** A granted request cancels the order and refunds what was paid minus the disclosed fee. */
  private void grant(CancellationRequest r, Order order, CancelReason reason, RefundCause cause, String actor) {
    Instant now = clock.instant();
    cancelAndRefund(order, reason, cause, r.refundAmount(), actor,
        Map.of("cancellationId", r.id().toString(), "fee", r.fee().toString()));
    confirm(r, order, now);
    requests.update(r);
    Map<String, Object> detail = describe(r);
    timeline.record(r.orderId(), now, TimelineEventType.CANCELLATION_CONFIRMED, actor, detail);
  }

  private Order cancelAndRefund(Order order, CancelReason reason, RefundCause cause, Money refund, String actor,
      Map<String, Object> detail) {
    Order cancelled = orders.cancel(order.id(), reason, actor, detail);
    // an attempt the provider could not close yet is closed later; its money, if any comes, goes back as late
    payments.closeLater(order.id(), PaymentFailureCode.ORDER_CANCELLED);
    if (cancelled.paidAt() != null && refund.amount().signum() > 0) {
      PaymentAttempt paying = payments.payingAttempt(order.id()).orElseThrow(
          () -> new IllegalStateException("paid order " + order.id() + " has no paying attempt"));
      refunds.request(order.id(), paying.id(), paying.providerReference(), paying.method(), refund, cause, actor);
    }
    return cancelled;
  }

  /** When to warn the seller: {@code seller-response-due-before} ahead, at most half the response window. */
  private Instant dueNotice(Instant created, Instant respondBy) {
    java.time.Duration half = java.time.Duration.between(created, respondBy).dividedBy(2);
    return respondBy.minus(dueNoticeBefore.compareTo(half) < 0 ? dueNoticeBefore : half);
  }

  private static void confirm(CancellationRequest r, Order order, Instant now) {
    // one granted cancellation per order, so the order number makes the confirmation unique
    r.confirm("CX-" + order.number(), now);
  }

  private Order lockOrder(UUID orderId) {
    orders.lock(orderId);
    return orders.find(orderId).orElseThrow();
  }

  private CancellationStatus latestStatus(UUID orderId) {
    return requests.latestOf(orderId).map(CancellationRequest::status).orElse(null);
  }

  private static void refuseUnlessAgreed(Eligibility e, Money acceptedFee) {
    if (!e.allowed()) {
      throw new OrderlyException(e.refusal(), "cancellation refused: " + e.refusal(),
          Map.of("nextSteps", e.nextSteps()));
    }
    if (!e.agreedTo(acceptedFee)) {
      throw new CancellationTermsChanged(acceptedFee, e);
    }
  }

  private static void refuseFinished(Order order, CancelReason reason) {
    ErrorCode refusal = switch (order.status()) {
      case CANCELLED -> ErrorCode.ALREADY_CANCELLED;
      case DELIVERED, COMPLETED -> ErrorCode.ALREADY_DELIVERED;
      case SHIPPED -> reason == CancelReason.SUPPORT_CANCELLED ? null : ErrorCode.ALREADY_SHIPPED;
      default -> null;
    };
    if (refusal != null) {
      throw new OrderlyException(refusal, "order " + order.number() + " is " + order.status(),
          Map.of("orderStatus", order.status()));
    }
  }

  private static void requireNoteForOther(CancellationReason reason, String note) {
    if (reason == CancellationReason.OTHER) {
      requireText(note, "note", "reason OTHER needs a note saying why");
    }
  }

  private static void requireText(String text, String field, String why) {
    if (text == null || text.isBlank()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, why,
          Map.of("errors", List.of(Map.of("field", field, "message", why))));
    }
  }

  private static boolean visibleTo(Actor actor, CancellationRequest r) {
    return switch (actor.role()) {
      case BUYER -> r.buyerId().equals(actor.id());
      case SELLER -> r.sellerId().equals(actor.id());
      case SUPPORT, ADMIN -> true;
    };
  }

  private static Map<String, Object> describe(CancellationRequest r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("cancellationId", r.id().toString());
    d.put("status", r.status().name());
    d.put("reason", r.reason().name());
    d.put("fee", r.fee().toString());
    d.put("refundAmount", r.refundAmount().toString());
    if (r.respondBy() != null) {
      d.put("respondBy", r.respondBy().toString());
    }
    if (r.confirmationNumber() != null) {
      d.put("confirmationNumber", r.confirmationNumber());
    }
    return d;
  }

  private static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.CANCELLATION_NOT_FOUND, "no cancellation request " + id);
  }
}
