package dev.orderly.cancellation;

import dev.orderly.cancellation.internal.CancellationRepository;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.OrderShipped;
import dev.orderly.order.TimelineEventType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Shipping ends the seller's chance to cancel: a request still waiting for it is closed as
 * rejected, in the shipping transaction (the order is locked by it). A request past its response
 * deadline is the timer's: it is approved, so shipping is refused with
 * {@code 409 SELLER_RESPONSE_DEADLINE_PASSED} (and rolls back) even if the timer has not run yet.
 */
@Component
class ShippedOrderListener {

  private final CancellationRepository requests;
  private final CancellationTimeline timeline;
  private final ApplicationEventPublisher events;

  ShippedOrderListener(CancellationRepository requests, CancellationTimeline timeline,
      ApplicationEventPublisher events) {
    this.requests = requests;
    this.timeline = timeline;
    this.events = events;
  }

  @EventListener
  void on(OrderShipped shipped) {
    requests.latestOf(shipped.orderId()).filter(r -> r.status() == CancellationStatus.PENDING_SELLER)
        .ifPresent(open -> {
          CancellationRequest r = requests.lock(open.id()).orElseThrow();
          Instant respondBy = Objects.requireNonNull(r.respondBy(), "a pending request has a deadline");
          if (!shipped.at().isBefore(respondBy)) {
            throw new OrderlyException(ErrorCode.SELLER_RESPONSE_DEADLINE_PASSED,
                "the buyer's cancellation request was not answered by " + respondBy
                    + " and is approved automatically; the order cannot ship",
                Map.of("cancellationId", r.id(), "respondBy", respondBy));
          }
          r.closeByShipping(shipped.actor(), shipped.at());
          requests.update(r, CancellationStatus.PENDING_SELLER);
          timeline.record(r, TimelineEventType.CANCELLATION_REJECTED, shipped.actor(), shipped.at());
          events.publishEvent(new CancellationEvent(r.id(), r.orderId(), CancellationStep.DECIDED, r.status(),
              shipped.at()));
        });
  }
}
