package dev.orderly.order.internal;

import dev.orderly.common.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code order_events}: the timeline entries of orders, their detail as JSON text. */
@Repository
public class TimelineRepository {

  /** One stored entry: {@code type} is a {@code TimelineEventType} name, {@code detail} a JSON object. */
  public record Row(UUID orderId, Instant at, String type, String actor, String detail) {}

  private static final String INSERT =
      "INSERT INTO order_events (order_id, occurred_at, type, actor, detail) VALUES (?, ?, ?, ?, ?)";

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  TimelineRepository(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  public void insert(Row row) {
    jdbc.sql(INSERT).params(row.orderId(), Jdbc.ts(row.at()), row.type(), row.actor(), row.detail()).update();
  }

  /** Many entries in one batch round trip. */
  public void insertAll(List<Row> rows) {
    List<Object[]> args = new ArrayList<>(rows.size());
    for (Row r : rows) {
      args.add(new Object[] {r.orderId(), Jdbc.ts(r.at()), r.type(), r.actor(), r.detail()});
    }
    template.batchUpdate(INSERT, args);
  }

  /** The order's entries, oldest first (in writing order within one instant). */
  public List<Row> of(UUID orderId) {
    return jdbc.sql("SELECT occurred_at, type, actor, detail FROM order_events WHERE order_id = ? ORDER BY occurred_at, id")
        .param(orderId)
        .query((rs, n) -> new Row(orderId, Jdbc.instant(rs, "occurred_at"), rs.getString("type"), rs.getString("actor"),
            rs.getString("detail")))
        .list();
  }
}
