package dev.orderly.cancellation;

import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A cancellation request's steps as entries of its order's timeline, each with the request as it stands after the step. */
@Component
class CancellationTimeline {

  private final Timeline timeline;

  CancellationTimeline(Timeline timeline) {
    this.timeline = timeline;
  }

  void record(CancellationRequest r, TimelineEventType type, String actor, Instant at) {
    timeline.record(r.orderId(), at, type, actor, describe(r));
  }

  /** The request as the buyer made it: also how it is handled ({@code mode}). */
  void recordRequested(CancellationRequest r, String buyer, Instant at) {
    Map<String, Object> detail = describe(r);
    detail.put("mode", r.mode().name());
    timeline.record(r.orderId(), at, TimelineEventType.CANCELLATION_REQUESTED, buyer, detail);
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
}
