package dev.orderly.refund;

import dev.orderly.supportcase.SupportCases;
import dev.orderly.access.Actor;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.Cursor;
import dev.orderly.common.Page;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.OrderService;
import dev.orderly.order.SystemActor;
import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.MoneyToReturn;
import dev.orderly.payment.ProviderRefundFailed;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentMethodSettings;
import dev.orderly.refund.internal.RefundExecutor;
import dev.orderly.refund.internal.RefundRepository;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds: created in the transaction of the change that owes the money (so none is forgotten),
 * executed at the provider by {@link RefundExecutor}, one per payment and cause. Reads refuse a
 * refund the actor may not see (through its order) with {@code REFUND_NOT_FOUND} (404), or an order
 * it may not see with {@code ORDER_NOT_FOUND} (404).
 */
@Service
public class RefundService {

  private final RefundRepository refunds;
  private final OrderService orders;
  private final Timeline timeline;
  private final PaymentMethodSettings methods;
  private final DueWorkRunner timers;
  private final Clock clock;
  private final SupportCases cases;
  private final ApplicationEventPublisher events;

  RefundService(RefundRepository refunds, OrderService orders, Timeline timeline, PaymentMethodSettings methods,
      DueWorkRunner timers, Clock clock, ApplicationEventPublisher events, SupportCases cases) {
    this.cases = cases;
    this.refunds = refunds;
    this.orders = orders;
    this.timeline = timeline;
    this.methods = methods;
    this.timers = timers;
    this.clock = clock;
    this.events = events;
  }

  /** Money that came late or twice goes back, in the same transaction that recorded it. */
  @EventListener
  void on(MoneyToReturn money) {
    request(money.orderId(), money.paymentId(), money.providerReference(), money.method(), money.amount(),
        RefundCause.valueOf(money.cause().name()), SystemActor.REFUNDS.label());
  }

  /**
   * A refund the provider had accepted failed there after all: it needs support's attention, with
   * the provider's reason on the order's timeline. News about a refund that is not SUCCEEDED (already
   * handled, or unknown here) changes nothing.
   */
  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  void on(ProviderRefundFailed failed) {
    Optional<Refund> found = refunds.lock(failed.refundId());
    if (found.isEmpty() || found.get().status() != RefundStatus.SUCCEEDED) {
      return;
    }
    Refund refund = found.get();
    Instant now = clock.instant();
    refund.failedAtProvider(failed.reason(), now);
    if (!refunds.saveChange(refund, RefundStatus.SUCCEEDED)) {
      throw new IllegalStateException("refund " + refund.id() + " changed although its row was locked");
    }
    timeline.record(refund.orderId(), now, TimelineEventType.REFUND_NEEDS_ATTENTION, "provider:" + failed.provider(),
        Map.of("refundId", refund.id().toString(), "error", Objects.requireNonNull(refund.lastError())));
    events.publishEvent(new RefundEvent(refund.id(), refund.orderId(), refund.cause(), refund.status(),
        refund.amount(), refund.expectedBy(), now));
  }

  /**
   * Owes the buyer {@code amount} (in the payment's currency) of a payment, for a cause, inside the
   * caller's transaction. Asking again for the same payment and cause changes nothing and returns
   * the refund already owed.
   *
   * @param paymentReference the provider's reference of the payment
   * @param actor the label of who caused it, for the order's timeline
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public RefundView request(UUID orderId, UUID paymentId, String paymentReference, PaymentMethod method, Money amount,
      RefundCause cause, String actor) {
    Optional<Refund> existing = refunds.find(paymentId, cause);
    if (existing.isPresent()) {
      return RefundView.of(existing.get());
    }
    Instant now = clock.instant();
    Instant expectedBy = now.plus(methods.refundTime(method));
    Refund refund = Refund.request(Ids.next(), orderId, paymentId, paymentReference, method, amount, cause,
        expectedBy, now);
    refunds.insert(refund);
    timeline.record(orderId, now, TimelineEventType.REFUND_CREATED, actor, Map.of("refundId", refund.id().toString(),
        "paymentId", paymentId.toString(), "cause", cause.name(), "amount", amount.toString(),
        "expectedBy", expectedBy.toString()));
    events.publishEvent(new RefundEvent(refund.id(), orderId, cause, RefundStatus.PENDING, amount, expectedBy, now));
    AfterCommit.run(() -> timers.dueAt(RefundExecutor.NAME, now));
    return RefundView.of(refund);
  }

  /** The order's refunds, oldest first; {@code ORDER_NOT_FOUND} when the actor may not see the order. */
  public List<RefundView> ofOrder(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return refunds.ofOrder(orderId).stream().map(RefundView::of).toList();
  }

  /** A refund the actor may see (through its order); {@code REFUND_NOT_FOUND} otherwise. */
  public RefundView get(Actor actor, UUID id) {
    return RefundView.of(visible(actor, id));
  }

  /**
   * Support sends a refund that needs attention (or is waiting for its retry) to the provider again
   * now, with a note (on the order's timeline, and on the case {@code caseId} when given);
   * {@code ILLEGAL_REFUND_TRANSITION} (409) for any other refund, {@code CASE_NOT_FOUND} for a case
   * about another order.
   */
  @Transactional
  public RefundView retry(Actor support, UUID id, String note, @Nullable UUID caseId) {
    visible(support, id);
    Refund refund = refunds.lock(id).orElseThrow(() -> notFound(id));
    RefundStatus from = refund.status();
    Instant now = clock.instant();
    refund.retryRequested(now);
    if (!refunds.saveChange(refund, from)) {
      throw new IllegalStateException("refund " + id + " changed although its row was locked");
    }
    timeline.record(refund.orderId(), now, TimelineEventType.REFUND_RETRY_REQUESTED, support.label(),
        Map.of("refundId", id.toString(), "previousStatus", from.name(), "note", note));
    cases.recordAction(caseId, support, refund.orderId(), TimelineEventType.REFUND_RETRY_REQUESTED, note);
    AfterCommit.run(() -> timers.dueAt(RefundExecutor.NAME, now));
    return RefundView.of(refund);
  }

  /** Support's queue: one page of the refunds whose retries are used up, oldest first. */
  public Page<RefundView> needingAttention(@Nullable Cursor after, int limit) {
    return refunds.needingAttention(after, limit).map(RefundView::of);
  }

  private Refund visible(Actor actor, UUID id) {
    Refund refund = refunds.find(id).orElseThrow(() -> notFound(id));
    try {
      orders.get(actor, refund.orderId());
    } catch (OrderlyException e) {
      throw notFound(id);
    }
    return refund;
  }

  private static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.REFUND_NOT_FOUND, "no refund " + id);
  }
}
