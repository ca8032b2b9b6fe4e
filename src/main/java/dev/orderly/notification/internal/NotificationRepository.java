package dev.orderly.notification.internal;

import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import dev.orderly.common.Jdbc;
import dev.orderly.notification.NotificationType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code notifications} table: every notification written, which is also its recipient's inbox. */
@Repository
public class NotificationRepository {
  private static final String COLUMNS = "id, recipient_id, type, order_id, data, created_at, read_at";

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  NotificationRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** Writes new notifications in one batch (in the caller's transaction). */
  public void insertAll(List<StoredNotification> notifications) {
    batch.batchUpdate("INSERT INTO notifications (id, recipient_id, type, order_id, data, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?)", notifications.stream().map(n -> new Object[] {n.id(), n.recipientId(),
            n.type().name(), n.orderId(), n.data(), Jdbc.ts(n.createdAt())}).toList());
  }

  /** One page of a recipient's notifications, newest first, after {@code after} (index {@code notifications_recipient}). */
  public Page<StoredNotification> inbox(UUID recipient, @Nullable Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM notifications WHERE recipient_id = ?");
    List<Object> params = new ArrayList<>(List.of(recipient));
    Keyset.page(sql, params, "created_at", "id", Keyset.Direction.NEWEST_FIRST, after, limit);
    return Page.of(jdbc.sql(sql.toString()).params(params).query((rs, n) -> notification(rs)).list(), limit,
        s -> new Cursor(s.createdAt(), s.id()));
  }

  /** One of the recipient's notifications; empty when there is none with this id addressed to it. */
  public Optional<StoredNotification> find(UUID id, UUID recipient) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM notifications WHERE id = ? AND recipient_id = ?")
        .params(id, recipient).query((rs, n) -> notification(rs)).optional();
  }

  /** Marks one of the recipient's notifications read at {@code now} unless it already was; false when it has no such notification. */
  public boolean markRead(UUID id, UUID recipient, Instant now) {
    return jdbc.sql("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND recipient_id = ?")
        .params(Jdbc.ts(now), id, recipient).update() > 0;
  }

  private static StoredNotification notification(ResultSet rs) throws SQLException {
    return new StoredNotification(rs.getObject("id", UUID.class), rs.getObject("recipient_id", UUID.class),
        NotificationType.valueOf(rs.getString("type")), rs.getObject("order_id", UUID.class), rs.getString("data"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "read_at"));
  }
}
