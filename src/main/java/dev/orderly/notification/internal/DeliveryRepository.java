package dev.orderly.notification.internal;

import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.common.Ids;
import dev.orderly.common.Jdbc;
import dev.orderly.notification.DeliveryStatus;
import dev.orderly.notification.NotificationType;
import dev.orderly.notification.WebhookDelivery;
import dev.orderly.timer.DueRows;
import dev.orderly.timer.Lease;
import dev.orderly.timer.LeasedWork;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox: {@code notification_deliveries} (one row per notification and channel; a pending
 * row's {@code next_attempt_at} is when it is due, and while claimed the end of its lease) and
 * the webhook delivery log {@code webhook_attempts}.
 */
@Repository
public class DeliveryRepository {
  private static final Logger log = LoggerFactory.getLogger(DeliveryRepository.class);
  private static final String TABLE = "notification_deliveries";
  private static final String DUE = "next_attempt_at";
  private static final String PENDING = "status = 'PENDING'";

  /** How much of the backlog there is: pending deliveries, and when the oldest of them was created. */
  record Backlog(long count, @Nullable Instant oldestCreatedAt) {}

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  DeliveryRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** The relay's leased rows: pending deliveries, due at {@code next_attempt_at}. */
  static LeasedWork.Rows leasedRows(String name, int batchSize, Duration lease) {
    return new LeasedWork.Rows(name, TABLE, DUE, PENDING, batchSize, lease);
  }

  /** The claim condition for pending webhook deliveries, leaving out those to the subscriptions given. */
  static String pendingWebhooksExcept(Set<UUID> subscriptions) {
    return PENDING + " AND channel = 'WEBHOOK'" + notTo(subscriptions);
  }

  /** The claim condition for pending emails. */
  static String pendingEmails() {
    return PENDING + " AND channel = 'EMAIL'";
  }

  /** {@code AND target NOT IN (...)}, or nothing. */
  private static String notTo(Set<UUID> subscriptions) {
    // ids formatted by UUID itself: safe to write into the SQL
    String ids = subscriptions.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
    return ids.isEmpty() ? "" : " AND target NOT IN (" + ids + ")";
  }

  /** Writes new deliveries in one batch (in the caller's transaction). */
  public void insertAll(List<Delivery> deliveries) {
    batch.batchUpdate("INSERT INTO notification_deliveries (id, notification_id, channel, target, status, attempts, "
        + "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", deliveries.stream().map(d -> new Object[] {
            d.id(), d.notificationId(), d.channel().name(), d.target(), d.status().name(), d.attempts(),
            Jdbc.ts(d.nextAttemptAt()), Jdbc.ts(d.createdAt())}).toList());
  }

  /** The claimed deliveries with their notifications and recipients' languages; rows no longer there are left out. */
  List<ClaimedDelivery> load(List<Lease> leases) {
    Map<UUID, Lease> byId = new HashMap<>();
    leases.forEach(l -> byId.put(l.id(), l));
    return jdbc.sql("""
            SELECT d.id, d.notification_id, d.channel, d.target, d.status, d.attempts, d.created_at, d.delivered_at,
              d.last_error, d.last_status_code, n.recipient_id, n.type, n.order_id, n.data, n.created_at, n.read_at,
              p.locale
            FROM notification_deliveries d
            JOIN notifications n ON n.id = d.notification_id
            LEFT JOIN principals p ON p.id = n.recipient_id
            WHERE d.id IN (""" + Jdbc.placeholders(byId.keySet()) + ")")
        .params(List.<Object>copyOf(byId.keySet()))
        .query((rs, n) -> claimed(rs, byId))
        .list();
  }

  private static ClaimedDelivery claimed(ResultSet rs, Map<UUID, Lease> leases) throws SQLException {
    Lease lease = leases.get(rs.getObject(1, UUID.class));
    UUID notificationId = rs.getObject(2, UUID.class);
    // the row's due column holds the lease's end
    Delivery delivery = Delivery.restore(lease.id(), notificationId, Channel.valueOf(rs.getString(3)),
        rs.getString(4), Jdbc.instant(rs, 7), DeliveryStatus.valueOf(rs.getString(5)), rs.getInt(6), lease.until(),
        Jdbc.instant(rs, 8), rs.getString(9), (Integer) rs.getObject(10));
    StoredNotification notification = new StoredNotification(notificationId, rs.getObject(11, UUID.class),
        NotificationType.valueOf(rs.getString(12)), rs.getObject(13, UUID.class), rs.getString(14),
        Jdbc.instant(rs, 15), Jdbc.instant(rs, 16));
    return new ClaimedDelivery(lease, delivery, notification, rs.getString(17));
  }

  /**
   * Records outcomes and their webhook attempts, in the caller's transaction: each delivery only
   * while it is still pending under the lease it was claimed with (one whose lease ran out may have
   * been claimed, and sent, again elsewhere: what that instance records must stand). Every
   * transition of a {@link Delivery} leaves PENDING. Returns the outcomes recorded; the others lost
   * their lease, and their attempts are not logged either.
   */
  List<Outcome> record(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return outcomes;
    }
    List<Object[]> changes = new ArrayList<>(outcomes.size());
    for (Outcome o : outcomes) {
      Delivery d = o.delivery();
      Integer millis = o.logged() == null ? null : o.logged().millis();
      changes.add(new Object[] {d.status().name(), d.attempts(), Jdbc.ts(d.deliveredAt()), Jdbc.ts(d.nextAttemptAt()),
          d.lastError(), d.lastStatusCode(), millis, d.id(), Jdbc.ts(o.claimed().lease().until())});
    }
    int[] changed = batch.batchUpdate("UPDATE notification_deliveries SET status = ?, attempts = ?, delivered_at = ?, "
        + "next_attempt_at = ?, last_error = ?, last_status_code = ?, last_duration_ms = ? WHERE id = ? "
        + "AND status = 'PENDING' AND next_attempt_at = ?", changes);
    List<Outcome> recorded = new ArrayList<>(outcomes.size());
    List<Object[]> attempts = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      if (changed[i] == 0) {
        log.info("delivery {} ({}) not recorded as {}: its lease ran out, and it was taken again", o.delivery().id(),
            o.delivery().channel(), o.delivery().status());
        continue;
      }
      recorded.add(o); // 1, or SUCCESS_NO_INFO from a driver that does not count batched rows
      Outcome.Attempt a = o.logged();
      // the successful attempt is the delivery row itself (attempts, delivered_at, last_status_code,
      // last_duration_ms): the log derives it, so only failed attempts get a row of their own
      if (a != null && o.delivery().status() != DeliveryStatus.DELIVERED) {
        attempts.add(new Object[] {Ids.next(), o.delivery().id(), o.delivery().attempts(), Jdbc.ts(a.at()),
            a.statusCode(), a.error(), a.millis()});
      }
    }
    if (!attempts.isEmpty()) {
      batch.batchUpdate("INSERT INTO webhook_attempts (id, delivery_id, attempt, attempted_at, status_code, error, "
          + "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)", attempts);
    }
    return recorded;
  }

  /** Discards the pending deliveries to a subscription (deleted); those claimed and in flight are not recorded then. */
  public int discardPendingTo(UUID subscription) {
    return jdbc.sql("UPDATE notification_deliveries SET status = 'DISCARDED', next_attempt_at = NULL "
            + "WHERE channel = 'WEBHOOK' AND target = ? AND status = 'PENDING'")
        .params(subscription.toString()).update();
  }

  /**
   * One page of a subscription's deliveries, newest first (index {@code notification_deliveries_target}),
   * after {@code after}, each with its attempts: the
   * failed ones as written to {@code webhook_attempts}, and the successful one (the last) derived
   * from the delivery row, unless a row was written for it (deliveries recorded before
   * {@code last_duration_ms} existed).
   */
  public Page<WebhookDelivery> logOf(UUID subscription, @Nullable Cursor after, int limit) {
    Map<UUID, List<WebhookDelivery.Attempt>> attempts = new HashMap<>();
    Map<UUID, Integer> durations = new HashMap<>();
    StringBuilder sql = new StringBuilder("""
        SELECT d.id, d.notification_id, n.type, d.status, d.attempts, d.last_status_code, d.last_error,
          d.next_attempt_at, d.created_at, d.delivered_at, d.last_duration_ms
        FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.target = ? AND d.channel = 'WEBHOOK'""");
    List<Object> params = new ArrayList<>(List.of(subscription.toString()));
    Keyset.page(sql, params, "d.created_at", "d.id", Keyset.Direction.NEWEST_FIRST, after, limit);
    List<WebhookDelivery> rows = jdbc.sql(sql.toString()).params(params)
        .query((rs, n) -> {
          UUID id = rs.getObject(1, UUID.class);
          Integer duration = (Integer) rs.getObject(11);
          durations.put(id, duration == null ? 0 : duration);
          return new WebhookDelivery(id, rs.getObject(2, UUID.class), NotificationType.valueOf(rs.getString(3)),
              DeliveryStatus.valueOf(rs.getString(4)), rs.getInt(5), (Integer) rs.getObject(6), rs.getString(7),
              Jdbc.instant(rs, 8), Jdbc.instant(rs, 9), Jdbc.instant(rs, 10),
              attempts.computeIfAbsent(id, k -> new ArrayList<>()));
        })
        .list();
    if (rows.isEmpty()) {
      return new Page<>(rows, null);
    }
    jdbc.sql("SELECT delivery_id, attempt, attempted_at, status_code, error, duration_ms FROM webhook_attempts "
            + "WHERE delivery_id IN (" + Jdbc.placeholders(attempts.keySet()) + ") ORDER BY attempt")
        .params(List.<Object>copyOf(attempts.keySet()))
        .query((rs, n) -> attempts.get(rs.getObject(1, UUID.class)).add(new WebhookDelivery.Attempt(rs.getInt(2),
            Jdbc.instant(rs, 3), (Integer) rs.getObject(4), rs.getString(5), rs.getInt(6))))
        .list();
    for (WebhookDelivery d : rows) {
      List<WebhookDelivery.Attempt> log = d.log();
      boolean logged = !log.isEmpty() && log.get(log.size() - 1).attempt() == d.attempts();
      if (d.status() == DeliveryStatus.DELIVERED && d.deliveredAt() != null && !logged) {
        log.add(new WebhookDelivery.Attempt(d.attempts(), d.deliveredAt(), d.lastStatusCode(), null,
            durations.get(d.id())));
      }
    }
    return Page.of(rows, limit, d -> new Cursor(d.createdAt(), d.id()));
  }

  /** The pending deliveries: how many, and the oldest's creation. */
  Backlog backlog() {
    // every pending delivery has a due time (or a lease) and no other has: the due index's non-null
    // range is the backlog, so this reads the backlog only, not every delivery ever made
    return jdbc.sql("SELECT COUNT(*), MIN(created_at) FROM notification_deliveries WHERE next_attempt_at > ? "
            + "AND status = 'PENDING'")
        .param(Jdbc.ts(Instant.EPOCH))
        .query((rs, n) -> new Backlog(rs.getLong(1), Jdbc.instant(rs, 2))).single();
  }

  /** The earliest due pending delivery, leaving out emails ({@code withoutEmails}) and the subscriptions given. */
  Optional<Instant> nextDue(boolean withoutEmails, Set<UUID> withoutSubscriptions) {
    return DueRows.next(jdbc, TABLE, DUE, PENDING + (withoutEmails ? " AND channel <> 'EMAIL'" : "")
        + notTo(withoutSubscriptions));
  }
}
