package dev.orderly.notification;

import dev.orderly.access.Actor;
import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.Text;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook subscriptions of sellers and of the admin. A seller's subscription receives every
 * notification of its types about the seller's orders, whoever it is addressed to (the buyer's
 * ORDER_PAID as well as the seller's CANCELLATION_REQUESTED); the admin's receives every
 * notification of its types. WEBHOOK_DISABLED is not subscribable (it is about the webhook itself).
 */
@Service
class Webhooks {
  static final Set<NotificationType> SUBSCRIBABLE = EnumSet.complementOf(EnumSet.of(NotificationType.WEBHOOK_DISABLED));

  /** A webhook subscription; {@code disabledAt} and {@code disabledReason} are null while it is active. */
  record Subscription(UUID id, UUID ownerId, String url, List<NotificationType> types, String status,
      Instant createdAt, @Schema(nullable = true) Instant disabledAt, @Schema(nullable = true) String disabledReason) {}

  record Created(Subscription subscription, String secret) {}

  /** What the relay needs to send to a subscription. */
  record Target(UUID id, UUID ownerId, String url, String encryptedSecret, String status) {}

  /** One try of a delivery: the receiver's status code, or the error when there was no answer (null when none). */
  record Attempt(int attempt, Instant at, @Schema(nullable = true) Integer statusCode,
      @Schema(nullable = true) String error, int durationMs) {}

  /** A delivery to a subscription: null members are what has not happened (yet). */
  record Delivery(UUID id, UUID notificationId, NotificationType type, String status, int attempts,
      @Schema(nullable = true) Integer lastStatusCode, @Schema(nullable = true) String lastError,
      @Schema(nullable = true) Instant nextAttemptAt, Instant createdAt, @Schema(nullable = true) Instant deliveredAt,
      List<Attempt> log) {}

  private final JdbcClient jdbc;
  private final WebhookSecrets secrets;
  private final WebhookUrls urls;
  private final Clock clock;

  Webhooks(JdbcClient jdbc, WebhookSecrets secrets, WebhookUrls urls, Clock clock) {
    this.jdbc = jdbc;
    this.secrets = secrets;
    this.urls = urls;
    this.clock = clock;
  }

  @Transactional
  Created create(Actor actor, String url, List<String> typeNames) {
    List<NotificationType> types = parseTypes(typeNames);
    String clean = urls.check(url).toString();
    UUID id = UUID.randomUUID();
    UUID owner = owner(actor);
    String secret = WebhookSecrets.newSecret();
    Instant now = clock.instant();
    jdbc.sql("""
            INSERT INTO webhook_subscriptions (id, owner_id, url, types, secret, status, created_at)
            VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?)""")
        .params(id, owner, clean, types.stream().map(Enum::name).collect(Collectors.joining(",")),
            secrets.encrypt(id, secret), Jdbc.ts(now))
        .update();
    return new Created(new Subscription(id, owner, clean, types, "ACTIVE", now, null, null), secret);
  }

  private static List<NotificationType> parseTypes(List<String> names) {
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

  private static UUID owner(Actor actor) {
    return actor.is(Role.ADMIN) ? null : actor.id();
  }

  List<Subscription> list(Actor actor) {
    String where = actor.is(Role.ADMIN) ? "" : " AND owner_id = ?";
    List<Object> params = actor.is(Role.ADMIN) ? List.of() : List.of(actor.id());
    return jdbc.sql("SELECT * FROM webhook_subscriptions WHERE status <> 'DELETED'" + where + " ORDER BY created_at, id")
        .params(params)
        .query((rs, n) -> new Subscription(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
            rs.getString("url"), Arrays.stream(rs.getString("types").split(",")).map(NotificationType::valueOf).toList(),
            rs.getString("status"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "disabled_at"),
            rs.getString("disabled_reason")))
        .list();
  }

  /** The actor's own subscription (any for the admin), or 404 for anyone else's, as if it did not exist. */
  private void requireVisible(Actor actor, UUID id) {
    boolean visible = jdbc.sql("SELECT owner_id FROM webhook_subscriptions WHERE id = ? AND status <> 'DELETED'")
        .params(id).query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class))).optional()
        .map(ownerId -> actor.is(Role.ADMIN) || ownerId.map(o -> o.equals(actor.id())).orElse(false))
        .orElse(false);
    if (!visible) {
      throw new OrderlyException(ErrorCode.NOT_FOUND, "no webhook " + id);
    }
  }

  @Transactional
  void delete(Actor actor, UUID id) {
    requireVisible(actor, id);
    jdbc.sql("UPDATE webhook_subscriptions SET status = 'DELETED' WHERE id = ?").params(id).update();
    jdbc.sql("UPDATE notification_deliveries SET status = 'DISCARDED', next_attempt_at = NULL "
        + "WHERE channel = 'WEBHOOK' AND target = ? AND status = 'PENDING'").params(id.toString()).update();
  }

  List<Delivery> deliveries(Actor actor, UUID id, int limit) {
    requireVisible(actor, id);
    List<Delivery> rows = jdbc.sql("""
            SELECT d.id, d.notification_id, n.type, d.status, d.attempts, d.last_status_code, d.last_error,
              d.next_attempt_at, d.created_at, d.delivered_at
            FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
            WHERE d.target = ? AND d.channel = 'WEBHOOK' ORDER BY d.created_at DESC, d.id LIMIT ?""")
        .params(id.toString(), limit)
        .query((rs, n) -> new Delivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            NotificationType.valueOf(rs.getString(3)), rs.getString(4), rs.getInt(5), (Integer) rs.getObject(6),
            rs.getString(7), Jdbc.instant(rs, 8), Jdbc.instant(rs, 9), Jdbc.instant(rs, 10), new ArrayList<>()))
        .list();
    if (rows.isEmpty()) {
      return rows;
    }
    Map<UUID, Delivery> byId = new HashMap<>();
    rows.forEach(d -> byId.put(d.id(), d));
    jdbc.sql("SELECT delivery_id, attempt, attempted_at, status_code, error, duration_ms FROM webhook_attempts "
            + "WHERE delivery_id IN (" + Jdbc.placeholders(byId.keySet()) + ") ORDER BY attempt")
        .params(List.copyOf(byId.keySet()))
        .query((rs, n) -> {
          byId.get(rs.getObject(1, UUID.class)).log().add(new Attempt(rs.getInt(2), Jdbc.instant(rs, 3),
              (Integer) rs.getObject(4), rs.getString(5), rs.getInt(6)));
          return null;
        }).list();
    return rows;
  }

  /**
   * The subscriptions that receive each notification: notification id → subscription ids, from
   * one read of the active subscriptions (a seller's own subscriptions get its orders' notifications).
   */
  Map<UUID, List<UUID>> matching(Map<UUID, Notifications.Draft> drafts) {
    Set<String> types = drafts.values().stream().map(d -> d.type().name()).collect(Collectors.toSet());
    // the admin's subscriptions (no owner) and those of the sellers concerned, not every seller's
    List<Object> sellers = drafts.values().stream().map(Notifications.Draft::sellerId).filter(Objects::nonNull)
        .distinct().map(Object.class::cast).toList();
    List<Object[]> active = jdbc.sql("SELECT id, owner_id, types FROM webhook_subscriptions WHERE status = 'ACTIVE' "
            + "AND (owner_id IS NULL" + (sellers.isEmpty() ? "" : " OR owner_id IN (" + Jdbc.placeholders(sellers) + ")")
            + ")")
        .params(sellers)
        .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            Set.of(rs.getString(3).split(","))})
        .list().stream().filter(s -> ((Set<?>) s[2]).stream().anyMatch(types::contains)).toList();
    Map<UUID, List<UUID>> result = new LinkedHashMap<>();
    if (active.isEmpty()) {
      return result;
    }
    drafts.forEach((notificationId, d) -> {
      UUID seller = d.sellerId();
      for (Object[] s : active) {
        boolean wantsType = ((Set<?>) s[2]).contains(d.type().name());
        boolean concerns = s[1] == null || s[1].equals(seller);
        if (wantsType && concerns) {
          result.computeIfAbsent(notificationId, k -> new ArrayList<>()).add((UUID) s[0]);
        }
      }
    });
    return result;
  }

  /** The subscriptions with these ids, in one read. */
  Map<UUID, Target> targets(java.util.Collection<UUID> ids) {
    Map<UUID, Target> result = new HashMap<>();
    if (ids.isEmpty()) {
      return result;
    }
    jdbc.sql("SELECT id, owner_id, url, secret, status FROM webhook_subscriptions WHERE id IN ("
            + Jdbc.placeholders(ids) + ")")
        .params(List.<Object>copyOf(ids))
        .query((rs, n) -> new Target(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getString(5)))
        .list().forEach(t -> result.put(t.id(), t));
    return result;
  }

  Optional<Target> target(UUID id) {
    return Optional.ofNullable(targets(List.of(id)).get(id));
  }

  /** The clear secret, to sign with. */
  String secret(Target target) {
    return secrets.decrypt(target.id(), target.encryptedSecret());
  }

  /** Disables an active subscription; true when this call disabled it. */
  boolean disable(UUID id, String reason) {
    return jdbc.sql("UPDATE webhook_subscriptions SET status = 'DISABLED', disabled_at = ?, disabled_reason = ? "
            + "WHERE id = ? AND status = 'ACTIVE'")
        .params(Jdbc.ts(clock.instant()), Text.truncate(reason, 300), id).update() == 1;
  }
}
