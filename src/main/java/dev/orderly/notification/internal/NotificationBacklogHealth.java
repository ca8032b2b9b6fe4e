package dev.orderly.notification.internal;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health of the outbox: WARNING when the oldest undelivered item is older than
 * {@code orderly.notifications.stuck-after} — the relay is stuck or a channel keeps failing.
 * Deliveries wait in the database meanwhile; nothing is lost, so the service stays usable.
 */
@Component("notificationBacklog")
class NotificationBacklogHealth implements HealthIndicator {
  static final Status WARNING = new Status("WARNING", "undelivered notifications are getting old");

  private final DeliveryBacklog backlog;
  private final Duration stuckAfter;

  NotificationBacklogHealth(DeliveryBacklog backlog,
      @Value("${orderly.notifications.stuck-after:PT15M}") Duration stuckAfter) {
    this.backlog = backlog;
    this.stuckAfter = stuckAfter;
  }

  @Override
  public Health health() {
    DeliveryBacklog.Backlog now = backlog.now();
    Health.Builder builder = now.oldestAgeSeconds() > stuckAfter.toSeconds() ? Health.status(WARNING) : Health.up();
    return builder.withDetail("backlog", now.count())
        .withDetail("oldestAgeSeconds", now.oldestAgeSeconds()).build();
  }
}
