package dev.orderly.notification;

import dev.orderly.access.PrincipalService;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.Jdbc;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes notifications, in the transaction of the change that causes them: a change that rolls
 * back sends nothing, and one that commits cannot lose its notification. The row is the
 * recipient's inbox item; each further channel (email, and each matching webhook subscription)
 * gets a delivery row that the relay sends.
 * The notification's id is stable across retries, so receivers can deduplicate.
 */
@Service
public class Notifications {

  /**
   * One notification to write. {@code sellerId} is the shop the order belongs to (null when no
   * order): a seller's webhook subscriptions receive notifications about its own orders.
   */
  public record Draft(UUID recipientId, NotificationType type, UUID orderId, UUID sellerId, Map<String, Object> data) {}

  private final JdbcTemplate jdbc;
  private final PrincipalService principals;
  private final ObjectMapper json;
  private final Clock clock;
  private final DueWorkRunner timers;
  private final Webhooks webhooks;

  Notifications(JdbcTemplate jdbc, PrincipalService principals, ObjectMapper json, Clock clock,
      DueWorkRunner timers, Webhooks webhooks) {
    this.webhooks = webhooks;
    this.jdbc = jdbc;
    this.principals = principals;
    this.json = json;
    this.clock = clock;
    this.timers = timers;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void send(List<Draft> drafts) {
    if (drafts.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<Object[]> rows = new ArrayList<>(drafts.size());
    List<Object[]> deliveries = new ArrayList<>();
    Map<UUID, Draft> byId = new java.util.LinkedHashMap<>();
    Map<UUID, PrincipalService.Contact> contacts = principals.contacts(drafts.stream().map(Draft::recipientId).toList());
    for (Draft d : drafts) {
      UUID id = UUID.randomUUID();
      byId.put(id, d);
      rows.add(new Object[] {id, d.recipientId(), d.type().name(), d.orderId(), json.writeValueAsString(d.data()),
          Jdbc.ts(now)});
      java.util.Optional.ofNullable(contacts.get(d.recipientId())).map(PrincipalService.Contact::email)
          .filter(e -> !e.isBlank())
          .ifPresent(email -> deliveries.add(new Object[] {UUID.randomUUID(), id, "EMAIL", email, Jdbc.ts(now),
              Jdbc.ts(now)}));
    }
    webhooks.matching(byId).forEach((notificationId, subscriptions) -> subscriptions.forEach(subscription ->
        deliveries.add(new Object[] {UUID.randomUUID(), notificationId, "WEBHOOK", subscription.toString(),
            Jdbc.ts(now), Jdbc.ts(now)})));
    jdbc.batchUpdate("INSERT INTO notifications (id, recipient_id, type, order_id, data, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?)", rows);
    if (!deliveries.isEmpty()) {
      jdbc.batchUpdate("INSERT INTO notification_deliveries (id, notification_id, channel, target, status, attempts, "
          + "next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)", deliveries);
      AfterCommit.run(() -> timers.dueAt(NotificationRelay.NAME, now));
    }
  }
}
