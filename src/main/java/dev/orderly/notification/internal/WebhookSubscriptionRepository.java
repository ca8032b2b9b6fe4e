package dev.orderly.notification.internal;

import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Text;
import dev.orderly.notification.NotificationType;
import dev.orderly.notification.WebhookStatus;
import dev.orderly.notification.WebhookSubscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_subscriptions} table. {@code types} is stored as a comma-separated list of
 * notification type names; the signing secret only encrypted. Deleted subscriptions stay as rows
 * (their deliveries refer to them) but are neither listed nor found.
 */
@Repository
public class WebhookSubscriptionRepository {
  private static final String COLUMNS = "id, owner_id, url, types, status, created_at, disabled_at, disabled_reason";

  private final JdbcClient jdbc;

  WebhookSubscriptionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(WebhookSubscription s, String encryptedSecret) {
    jdbc.sql("""
            INSERT INTO webhook_subscriptions (id, owner_id, url, types, secret, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(s.id(), s.ownerId(), s.url(), s.types().stream().map(Enum::name).collect(Collectors.joining(",")),
            encryptedSecret, s.status().name(), Jdbc.ts(s.createdAt()))
        .update();
  }

  /**
   * One page of the subscriptions not deleted, oldest first, after {@code after}: a seller's
   * ({@code owner}; index {@code webhook_subscriptions_owner}) or every one (null, the admin's view).
   */
  public Page<WebhookSubscription> list(@Nullable UUID owner, @Nullable Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE status <> 'DELETED'");
    List<Object> params = new ArrayList<>();
    if (owner != null) {
      sql.append(" AND owner_id = ?");
      params.add(owner);
    }
    Keyset.page(sql, params, "created_at", "id", Keyset.Direction.OLDEST_FIRST, after, limit);
    return Page.of(jdbc.sql(sql.toString()).params(params).query((rs, n) -> subscription(rs)).list(), limit,
        s -> new Cursor(s.createdAt(), s.id()));
  }

  /** A subscription not deleted. */
  public Optional<WebhookSubscription> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = ? AND status <> 'DELETED'")
        .params(id).query((rs, n) -> subscription(rs)).optional();
  }

  /**
   * Deletes a subscription, active or disabled; false when it was deleted already (by a concurrent
   * request since it was read).
   */
  public boolean markDeleted(UUID id) {
    return jdbc.sql("UPDATE webhook_subscriptions SET status = 'DELETED' WHERE id = ? AND status IN ('ACTIVE', "
            + "'DISABLED')")
        .params(id).update() == 1;
  }

  /**
   * Disables an active subscription at {@code now} with {@code reason} (clipped to 300 characters);
   * true when this call disabled it, false when it was no longer active.
   */
  boolean disable(UUID id, String reason, Instant now) {
    return jdbc.sql("UPDATE webhook_subscriptions SET status = 'DISABLED', disabled_at = ?, disabled_reason = ? "
            + "WHERE id = ? AND status = 'ACTIVE'")
        .params(Jdbc.ts(now), Text.truncate(reason, 300), id).update() == 1;
  }

  /**
   * The active subscriptions that may receive notifications about these sellers' orders, in one
   * read: the admin's (no owner) and those of the sellers given, not every seller's.
   */
  public List<WebhookSubscriber> activeFor(Collection<UUID> sellers) {
    return jdbc.sql("SELECT id, owner_id, types FROM webhook_subscriptions WHERE status = 'ACTIVE' "
            + "AND (owner_id IS NULL" + (sellers.isEmpty() ? "" : " OR owner_id IN (" + Jdbc.placeholders(sellers) + ")")
            + ")")
        .params(List.<Object>copyOf(sellers))
        .query((rs, n) -> new WebhookSubscriber(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            types(rs.getString(3))))
        .list();
  }

  /** The subscriptions with these ids (any status), in one read. */
  Map<UUID, WebhookTarget> targets(Collection<UUID> ids) {
    Map<UUID, WebhookTarget> result = new HashMap<>();
    if (ids.isEmpty()) {
      return result;
    }
    jdbc.sql("SELECT id, owner_id, url, secret, status FROM webhook_subscriptions WHERE id IN ("
            + Jdbc.placeholders(ids) + ")")
        .params(List.<Object>copyOf(ids))
        .query((rs, n) -> new WebhookTarget(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            rs.getString(3), rs.getString(4), WebhookStatus.valueOf(rs.getString(5))))
        .list().forEach(t -> result.put(t.id(), t));
    return result;
  }

  Optional<WebhookTarget> target(UUID id) {
    return Optional.ofNullable(targets(List.of(id)).get(id));
  }

  private static WebhookSubscription subscription(ResultSet rs) throws SQLException {
    return new WebhookSubscription(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
        rs.getString("url"), Arrays.stream(rs.getString("types").split(",")).map(NotificationType::valueOf).toList(),
        WebhookStatus.valueOf(rs.getString("status")), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "disabled_at"), rs.getString("disabled_reason"));
  }

  private static Set<NotificationType> types(String stored) {
    Set<NotificationType> types = EnumSet.noneOf(NotificationType.class);
    for (String name : stored.split(",")) {
      types.add(NotificationType.valueOf(name));
    }
    return types;
  }
}
