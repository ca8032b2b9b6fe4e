package dev.orderly.notification;

import dev.orderly.access.PrincipalService;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.Ids;
import dev.orderly.notification.internal.Channel;
import dev.orderly.notification.internal.Delivery;
import dev.orderly.notification.internal.DeliveryRepository;
import dev.orderly.notification.internal.NotificationRelay;
import dev.orderly.notification.internal.NotificationRepository;
import dev.orderly.notification.internal.StoredNotification;
import dev.orderly.notification.internal.WebhookSubscriber;
import dev.orderly.notification.internal.WebhookSubscriptionRepository;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes notifications, in the transaction of the change that causes them: a change that rolls
 * back sends nothing, and one that commits cannot lose its notification. The row is the
 * recipient's inbox item; each further channel (email, and each matching webhook subscription)
 * gets a {@link Delivery} that the relay sends.
 * The notification's id is stable across retries, so receivers can deduplicate.
 */
@Service
public class Notifications {

  /**
   * One notification to write: to {@code recipientId}, about {@code orderId} (null when about no
   * order), {@code data} the values its texts and webhook payload show (JSON-writable). {@code sellerId}
   * is the shop the order belongs to (null when no order): a seller's webhook subscriptions receive
   * notifications about its own orders.
   */
  public record Draft(UUID recipientId, NotificationType type, @Nullable UUID orderId, @Nullable UUID sellerId,
      Map<String, Object> data) {}

  private final NotificationRepository notifications;
  private final DeliveryRepository deliveries;
  private final WebhookSubscriptionRepository subscriptions;
  private final PrincipalService principals;
  private final ObjectMapper json;
  private final Clock clock;
  private final DueWorkRunner timers;

  Notifications(NotificationRepository notifications, DeliveryRepository deliveries,
      WebhookSubscriptionRepository subscriptions, PrincipalService principals, ObjectMapper json, Clock clock,
      DueWorkRunner timers) {
    this.notifications = notifications;
    this.deliveries = deliveries;
    this.subscriptions = subscriptions;
    this.principals = principals;
    this.json = json;
    this.clock = clock;
    this.timers = timers;
  }

  /**
   * Writes the notifications and their deliveries, in the caller's transaction (required), and
   * wakes the relay once it commits.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void send(List<Draft> drafts) {
    if (drafts.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Map<UUID, PrincipalService.Contact> contacts = principals.contacts(drafts.stream().map(Draft::recipientId).toList());
    // one read of the subscriptions concerned: the admin's and those of these orders' sellers
    List<WebhookSubscriber> subscribers = subscriptions.activeFor(drafts.stream().map(Draft::sellerId)
        .filter(Objects::nonNull).distinct().toList());
    List<StoredNotification> rows = new ArrayList<>(drafts.size());
    List<Delivery> outbox = new ArrayList<>();
    for (Draft d : drafts) {
      UUID id = Ids.next();
      rows.add(new StoredNotification(id, d.recipientId(), d.type(), d.orderId(), json.writeValueAsString(d.data()),
          now, null));
      PrincipalService.Contact contact = contacts.get(d.recipientId());
      if (contact != null && contact.email() != null && !contact.email().isBlank()) {
        outbox.add(Delivery.create(Ids.next(), id, Channel.EMAIL, contact.email(), now));
      }
      for (WebhookSubscriber s : subscribers) {
        if (s.receives(d.type(), d.sellerId())) {
          outbox.add(Delivery.create(Ids.next(), id, Channel.WEBHOOK, s.id().toString(), now));
        }
      }
    }
    notifications.insertAll(rows);
    if (!outbox.isEmpty()) {
      deliveries.insertAll(outbox);
      AfterCommit.run(() -> timers.dueAt(NotificationRelay.NAME, now));
    }
  }
}
