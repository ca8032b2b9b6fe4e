package dev.orderly.notification.internal;

import dev.orderly.notification.DeliveryStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Records what became of the deliveries sent: in the relay's transaction, each only while its
 * lease holds ({@link DeliveryRepository#record}); after that commits, counts them
 * ({@code orderly.notifications.sent} / {@code failed} by channel) and disables each webhook that
 * gave up.
 */
@Component
class OutcomeRecorder {

  private final DeliveryRepository deliveries;
  private final WebhookDisabler disabler;
  private final MeterRegistry metrics;

  OutcomeRecorder(DeliveryRepository deliveries, WebhookDisabler disabler, MeterRegistry metrics) {
    this.deliveries = deliveries;
    this.disabler = disabler;
    this.metrics = metrics;
  }

  /** Writes the outcomes in the caller's transaction; answers those recorded (their lease held). */
  List<Outcome> record(List<Outcome> outcomes) {
    return deliveries.record(outcomes);
  }

  /** After the outcomes committed: metrics, and webhooks that gave up are disabled. */
  void recorded(List<Outcome> outcomes) {
    for (Outcome o : outcomes) {
      Delivery d = o.delivery();
      switch (d.status()) {
        case DELIVERED -> metrics.counter("orderly.notifications.sent", "channel", d.channel().name()).increment();
        case PENDING, GAVE_UP -> metrics.counter("orderly.notifications.failed", "channel", d.channel().name())
            .increment();
        case DISCARDED -> { }
      }
      if (d.channel() == Channel.WEBHOOK && d.status() == DeliveryStatus.GAVE_UP) {
        disabler.disable(UUID.fromString(d.target()), d.lastError());
      }
    }
  }
}
