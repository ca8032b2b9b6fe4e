package dev.orderly.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.Jdbc;
import dev.orderly.support.ApiTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

class NotificationBacklogHealthTest extends ApiTest {

  @Autowired
  NotificationBacklogHealth health;

  @Autowired
  JdbcClient jdbc;

  @Test
  void anUndeliveredItemOlderThanTheLimitTurnsHealthToWarningUntilItIsGone() {
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    UUID notification = UUID.randomUUID();
    UUID delivery = UUID.randomUUID();
    Instant hourAgo = Instant.now().minusSeconds(3600);
    jdbc.sql("INSERT INTO notifications (id, recipient_id, type, order_id, data, created_at) VALUES (?, ?, 'ORDER_PAID', NULL, '{}', ?)")
        .params(notification, UUID.randomUUID(), Jdbc.ts(hourAgo)).update();
    // stuck: created an hour ago, next try far away
    jdbc.sql("""
            INSERT INTO notification_deliveries (id, notification_id, channel, target, status, attempts, next_attempt_at,
              created_at) VALUES (?, ?, 'EMAIL', 'stuck@example.test', 'PENDING', 5, ?, ?)""")
        .params(delivery, notification, Jdbc.ts(Instant.now().plusSeconds(3600)), Jdbc.ts(hourAgo)).update();
    try {
      assertThat(health.health().getStatus()).isEqualTo(NotificationBacklogHealth.WARNING);
      assertThat(health.health().getDetails()).containsKey("backlog");
      String overall = api.send("GET", "/actuator/health", null, null, java.util.Map.of()).raw().body();
      assertThat(overall).contains("\"notificationBacklog\"").contains("WARNING");
    } finally {
      jdbc.sql("DELETE FROM notification_deliveries WHERE id = ?").param(delivery).update();
      jdbc.sql("DELETE FROM notifications WHERE id = ?").param(notification).update();
    }
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }
}
