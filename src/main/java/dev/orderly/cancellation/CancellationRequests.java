package dev.orderly.cancellation;

import dev.orderly.supportcase.SupportCases;
import dev.orderly.access.Actor;
import dev.orderly.cancellation.internal.CancellationRepository;
import dev.orderly.cancellation.internal.SellerResponseDueNotices;
import dev.orderly.cancellation.internal.SellerResponseTimer;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.Ids;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.SystemActor;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentService;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The buyer's cancellation requests: asked (cancelled at once, or sent to the seller until its
 * response deadline), answered by the seller or automatically at the deadline, withdrawn,
 * escalated, decided by support. Every step locks the order first, then the request, so that
 * shipping, the timer, the seller, the buyer and support queue up on one order and exactly one of
 * two racing steps wins; the loser gets {@code 409 ILLEGAL_CANCELLATION_TRANSITION} (or the code of
 * the step's own rule). A request the actor may not see is {@code 404 CANCELLATION_NOT_FOUND}.
 */
@Service
public class CancellationRequests {

  /** Support's decision on an escalated request. */
  public enum Decision { APPROVE, UPHOLD_REJECTION }

  private final CancellationRepository requests;
  private final CancellationQueries queries;
  private final CancellationGrants grants;
  private final CancellationTimeline timeline;
  private final OrderService orders;
  private final PaymentService payments;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final ApplicationEventPublisher events;
  private final SupportCases cases;
  private final DueWorkRunner timers;
  private final Duration dueNoticeBefore;

  CancellationRequests(CancellationRepository requests, CancellationQueries queries, CancellationGrants grants,
      CancellationTimeline timeline, OrderService orders, PaymentService payments, Clock clock,
      PlatformTransactionManager transactions, ApplicationEventPublisher events, DueWorkRunner timers,
      SupportCases cases,
      @Value("${orderly.notifications.seller-response-due-before:PT12H}") Duration dueNoticeBefore) {
    this.cases = cases;
    this.requests = requests;
    this.queries = queries;
    this.grants = grants;
    this.timeline = timeline;
    this.orders = orders;
    this.payments = payments;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.events = events;
    this.timers = timers;
    this.dueNoticeBefore = dueNoticeBefore;
  }

  /**
   * The buyer asks to cancel, having accepted {@code acceptedFee} (the fee the eligibility answer
   * showed; null when none was shown). An unpaid order's pending attempts are closed at the
   * provider first (one may turn out paid, and then the paid rules apply); then, under the order's
   * lock, the eligibility decides: cancelled at once, sent to the seller, or refused with its code
   * ({@link Eligibility#refusal()}). Terms other than the accepted ones are refused with
   * {@link CancellationTermsChanged}; reason OTHER without a note with {@code 400 VALIDATION_FAILED}.
   */
  public CancellationRequest request(Actor buyer, UUID orderId, CancellationReason reason, @Nullable String note,
      @Nullable Money acceptedFee) {
    Order seen = orders.get(buyer, orderId);
    if (seen.status() == OrderStatus.AWAITING_PAYMENT) {
      refuseUnlessAgreed(CancellationRules.evaluate(seen, queries.latestStatus(orderId), clock.instant()), acceptedFee);
      RequiredNote.requireForOther(reason == CancellationReason.OTHER, note);
      payments.closePending(orderId, PaymentFailureCode.ORDER_CANCELLED, buyer.label());
    }
    return transaction.execute(tx -> {
      Order order = lockOrder(orderId);
      Instant now = clock.instant();
      // under the order's lock: no payment can land between this answer and the request it allows
      Eligibility eligibility = CancellationRules.evaluate(order, queries.latestStatus(orderId), now);
      refuseUnlessAgreed(eligibility, acceptedFee);
      CancellationRequest request = CancellationRequest.open(Ids.next(), orderId, order.buyerId(),
          order.sellerId(), eligibility, reason, note, now);
      Instant respondBy = request.respondBy();
      requests.insert(request, respondBy == null ? null : dueNotice(request.createdAt(), respondBy));
      timeline.recordRequested(request, buyer.label(), now);
      events.publishEvent(new CancellationEvent(request.id(), orderId, CancellationStep.REQUESTED, request.status(), now));
      if (request.status().granted()) {
        grants.grant(request, order, CancelReason.BUYER_CANCELLED, buyer.label());
        events.publishEvent(new CancellationEvent(request.id(), orderId, CancellationStep.DECIDED, request.status(), now));
      } else if (respondBy != null) {
        AfterCommit.run(() -> {
          timers.dueAt(SellerResponseTimer.NAME, respondBy);
          timers.dueAt(SellerResponseDueNotices.NAME, dueNotice(request.createdAt(), respondBy));
        });
      }
      return request;
    });
  }

  /** The seller grants a pending request before its deadline ({@code 409 SELLER_RESPONSE_DEADLINE_PASSED} after it). */
  public CancellationRequest approve(Actor seller, UUID id, @Nullable String note) {
    return step(seller, id, TimelineEventType.CANCELLATION_APPROVED, CancellationStep.DECIDED, (r, order, now) -> {
      r.approveBySeller(seller.label(), note, now);
      return CancelReason.BUYER_CANCELLED;
    });
  }

  /** The seller refuses a pending request with a note saying why (required), before its deadline. */
  public CancellationRequest reject(Actor seller, UUID id, @Nullable String note) {
    RequiredNote.require(note, "note", "a rejection must tell the buyer why");
    return step(seller, id, TimelineEventType.CANCELLATION_REJECTED, CancellationStep.DECIDED, (r, order, now) -> {
      r.rejectBySeller(seller.label(), note, now);
      return null;
    });
  }

  /** The buyer takes back a request still waiting for the seller. */
  public CancellationRequest withdraw(Actor buyer, UUID id) {
    return step(buyer, id, TimelineEventType.CANCELLATION_WITHDRAWN, CancellationStep.WITHDRAWN, (r, order, now) -> {
      r.withdraw(now);
      return null;
    });
  }

  /** The buyer takes a rejection to support, while the order can still be cancelled by support. */
  public CancellationRequest escalate(Actor buyer, UUID id, @Nullable String note) {
    return step(buyer, id, TimelineEventType.CANCELLATION_ESCALATED, CancellationStep.ESCALATED, (r, order, now) -> {
      // nothing left for support to decide once the order is cancelled or delivered
      CancellableOrder.require(order, CancelReason.SUPPORT_CANCELLED);
      r.escalate(note, now);
      return null;
    });
  }

  /**
   * Support approves an escalated request (with its refund) or upholds the rejection, with a note
   * (required), also recorded on the case {@code caseId} when given (one about the request's order:
   * {@code 404 CASE_NOT_FOUND} otherwise).
   */
  public CancellationRequest resolve(Actor support, UUID id, Decision decision, @Nullable String note,
      @Nullable UUID caseId) {
    RequiredNote.require(note, "note", "support's decision needs a note");
    boolean approve = decision == Decision.APPROVE;
    return step(support, id, approve ? TimelineEventType.CANCELLATION_RESOLVED_APPROVED
        : TimelineEventType.CANCELLATION_RESOLVED_REJECTED, CancellationStep.RESOLVED, (r, order, now) -> {
          if (approve) {
            CancellableOrder.require(order, CancelReason.SUPPORT_CANCELLED);
          }
          r.resolve(approve, support.label(), note, now);
          cases.recordAction(caseId, support, order.id(), approve ? TimelineEventType.CANCELLATION_RESOLVED_APPROVED
              : TimelineEventType.CANCELLATION_RESOLVED_REJECTED, note);
          if (!approve) {
            return null;
          }
          // support may still stop a parcel in transit; the buyer's own cancellation could not
          return order.status() == OrderStatus.SHIPPED ? CancelReason.SUPPORT_CANCELLED : CancelReason.BUYER_CANCELLED;
        });
  }

  /**
   * The seller-response deadline passed with no answer; for the seller-response timer. Returns
   * false when the request was answered (or withdrawn, or closed by shipping) first: exactly one
   * of them wins.
   */
  public boolean autoApprove(UUID id) {
    return Boolean.TRUE.equals(transaction.execute(tx -> {
      CancellationRequest seen = requests.find(id).orElseThrow();
      Order order = lockOrder(seen.orderId());
      CancellationRequest r = requests.lock(id).orElseThrow();
      Instant now = clock.instant();
      Instant respondBy = r.respondBy();
      if (r.status() != CancellationStatus.PENDING_SELLER || respondBy == null || now.isBefore(respondBy)) {
        return false;
      }
      r.autoApprove(now);
      requests.update(r, CancellationStatus.PENDING_SELLER);
      String timer = SystemActor.SELLER_RESPONSE_TIMER.label();
      timeline.record(r, TimelineEventType.CANCELLATION_AUTO_APPROVED, timer, now);
      grants.grant(r, order, CancelReason.BUYER_CANCELLED, timer);
      events.publishEvent(new CancellationEvent(r.id(), r.orderId(), CancellationStep.DECIDED, r.status(), now));
      return true;
    }));
  }

  private interface Step {
    /** Applies the step to the locked request; the order's cancel reason when it grants the cancellation. */
    @Nullable CancelReason apply(CancellationRequest request, Order order, Instant now);
  }

  private CancellationRequest step(Actor actor, UUID id, TimelineEventType event, CancellationStep published,
      Step step) {
    return transaction.execute(tx -> {
      CancellationRequest seen = queries.get(actor, id);
      Order order = lockOrder(seen.orderId());
      CancellationRequest r = requests.lock(id).orElseThrow();
      CancellationStatus from = r.status();
      Instant now = clock.instant();
      CancelReason granted = step.apply(r, order, now);
      requests.update(r, from);
      timeline.record(r, event, actor.label(), now);
      if (granted != null) {
        grants.grant(r, order, granted, actor.label());
      }
      events.publishEvent(new CancellationEvent(r.id(), r.orderId(), published, r.status(), now));
      return r;
    });
  }

  /** When to warn the seller: {@code seller-response-due-before} ahead, at most half the response window. */
  private Instant dueNotice(Instant created, Instant respondBy) {
    Duration half = Duration.between(created, respondBy).dividedBy(2);
    return respondBy.minus(dueNoticeBefore.compareTo(half) < 0 ? dueNoticeBefore : half);
  }

  private Order lockOrder(UUID orderId) {
    orders.lock(orderId);
    return orders.find(orderId).orElseThrow();
  }

  private static void refuseUnlessAgreed(Eligibility e, @Nullable Money acceptedFee) {
    if (!e.allowed()) {
      throw new OrderlyException(e.refusal(), "cancellation refused: " + e.refusal(),
          Map.of("nextSteps", e.nextSteps()));
    }
    if (!e.agreedTo(acceptedFee)) {
      throw new CancellationTermsChanged(acceptedFee, e);
    }
  }
}
