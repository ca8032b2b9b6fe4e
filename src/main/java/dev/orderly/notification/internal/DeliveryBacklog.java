package dev.orderly.notification.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The deliveries not yet made, as gauges ({@code orderly.notifications.backlog}, and
 * {@code orderly.notifications.oldest.age.seconds}) and for the health indicator.
 */
@Component
class DeliveryBacklog {

  /** Pending deliveries, and the age of the oldest in seconds (0 when there is none). */
  record Backlog(long count, double oldestAgeSeconds) {}

  private final DeliveryRepository deliveries;
  private final Clock clock;

  DeliveryBacklog(DeliveryRepository deliveries, Clock clock, MeterRegistry metrics) {
    this.deliveries = deliveries;
    this.clock = clock;
    Gauge.builder("orderly.notifications.backlog", this, b -> b.now().count())
        .description("Deliveries not yet made").register(metrics);
    Gauge.builder("orderly.notifications.oldest.age.seconds", this, b -> b.now().oldestAgeSeconds())
        .description("Age of the oldest delivery not yet made").register(metrics);
  }

  Backlog now() {
    DeliveryRepository.Backlog pending = deliveries.backlog();
    Instant oldest = pending.oldestCreatedAt();
    return new Backlog(pending.count(),
        oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0));
  }
}
