package dev.orderly.notification;

import dev.orderly.common.Cursor;
import dev.orderly.common.Page;
import dev.orderly.access.Actor;
import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.OrderlyException;
import dev.orderly.notification.internal.DeliveryRepository;
import dev.orderly.notification.internal.WebhookSecrets;
import dev.orderly.notification.internal.WebhookSubscriptionRepository;
import dev.orderly.notification.internal.WebhookUrls;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook subscriptions of sellers and of the admin, and their delivery logs. A seller's
 * subscription receives every notification of its types about the seller's orders, whoever it is
 * addressed to (the buyer's ORDER_PAID as well as the seller's CANCELLATION_REQUESTED); the admin's
 * receives every notification of its types. WEBHOOK_DISABLED is not subscribable (it is about the
 * webhook itself). A seller sees only its own subscriptions; anyone else's answer 404 NOT_FOUND, as
 * if they did not exist.
 */
@Service
public class Webhooks {
  /** The notification types a subscription may take: all but WEBHOOK_DISABLED. */
  public static final Set<NotificationType> SUBSCRIBABLE =
      EnumSet.complementOf(EnumSet.of(NotificationType.WEBHOOK_DISABLED));

  /** A new subscription and its signing secret ({@code whsec_…}), shown this once. */
  public record Created(WebhookSubscription subscription, String secret) {}

  private final WebhookSubscriptionRepository subscriptions;
  private final DeliveryRepository deliveries;
  private final WebhookSecrets secrets;
  private final WebhookUrls urls;
  private final Clock clock;

  Webhooks(WebhookSubscriptionRepository subscriptions, DeliveryRepository deliveries, WebhookSecrets secrets,
      WebhookUrls urls, Clock clock) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.secrets = secrets;
    this.urls = urls;
    this.clock = clock;
  }

  /**
   * Subscribes {@code url} to notification types (names of {@link #SUBSCRIBABLE} types, at least
   * one), for the seller or (no owner) the admin. Refuses with 400 VALIDATION_FAILED (no or an
   * unknown type, a malformed URL) and 422 WEBHOOK_URL_NOT_ALLOWED (a private or loopback target
   * unless allowed).
   */
  @Transactional
  public Created create(Actor actor, String url, @Nullable List<String> typeNames) {
    List<NotificationType> types = parseTypes(typeNames);
    String clean = urls.check(url).toString();
    UUID id = Ids.next();
    String secret = WebhookSecrets.newSecret();
    Instant now = clock.instant();
    WebhookSubscription created = new WebhookSubscription(id, owner(actor), clean, types, WebhookStatus.ACTIVE, now,
        null, null);
    subscriptions.insert(created, secrets.encrypt(id, secret));
    return new Created(created, secret);
  }

  private static List<NotificationType> parseTypes(@Nullable List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "types must list at least one notification type");
    }
    Set<NotificationType> types = new LinkedHashSet<>();
    for (String name : names) {
      NotificationType type = Arrays.stream(NotificationType.values()).filter(t -> t.name().equals(name)).findFirst()
          .filter(SUBSCRIBABLE::contains)
          .orElseThrow(() -> new OrderlyException(ErrorCode.VALIDATION_FAILED, "unknown notification type " + name
              + "; one of " + SUBSCRIBABLE));
      types.add(type);
    }
    return List.copyOf(types);
  }

  private static @Nullable UUID owner(Actor actor) {
    return actor.is(Role.ADMIN) ? null : actor.id();
  }

  /** One page of the actor's subscriptions (the admin: every one), oldest first, deleted ones left out. */
  public Page<WebhookSubscription> list(Actor actor, @Nullable Cursor after, int limit) {
    return subscriptions.list(owner(actor), after, limit);
  }

  /** Deletes one of the actor's subscriptions and discards its pending deliveries; 404 NOT_FOUND for anyone else's. */
  @Transactional
  public void delete(Actor actor, UUID id) {
    requireVisible(actor, id);
    if (!subscriptions.markDeleted(id)) {
      throw notFound(id); // deleted meanwhile by a concurrent request
    }
    deliveries.discardPendingTo(id);
  }

  /** One page of a subscription's deliveries, newest first, with their attempts; 404 NOT_FOUND for anyone else's. */
  public Page<WebhookDelivery> deliveries(Actor actor, UUID id, @Nullable Cursor after, int limit) {
    requireVisible(actor, id);
    return deliveries.logOf(id, after, limit);
  }

  /** The actor's own subscription (any for the admin), or 404 for anyone else's, as if it did not exist. */
  private void requireVisible(Actor actor, UUID id) {
    boolean visible = subscriptions.find(id)
        .map(s -> actor.is(Role.ADMIN) || (s.ownerId() != null && s.ownerId().equals(actor.id())))
        .orElse(false);
    if (!visible) {
      throw notFound(id);
    }
  }

  private static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.NOT_FOUND, "no webhook " + id);
  }
}
