package dev.orderly.events.internal;

import dev.orderly.common.Jdbc;
import dev.orderly.timer.Lease;
import dev.orderly.timer.LeasedWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code event_outbox} table: events written in the transaction of their change, due at once,
 * and the relay's outcomes, each written only while the relay's lease on the row holds.
 */
@Repository
@ConditionalOnProperty(name = AmqpEventsConfig.ENABLED, havingValue = "true")
public class EventOutboxRepository {

  /**
   * An event to store.
   *
   * @param type the event type, the routing key ({@code ORDER_PAID} …)
   * @param payload the JSON body as it goes out
   */
  public record NewEvent(UUID id, String type, @Nullable UUID orderId, String payload) {}

  /** A claimed event not yet published, with the lease under which its outcome may be written. */
  public record Unpublished(Lease lease, String type, String payload, int attempts, Instant createdAt) {
    public UUID id() {
      return lease.id();
    }
  }

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  EventOutboxRepository(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  /** The rows the relay takes: due events not yet published. */
  static LeasedWork.Rows due(String name, int batchSize, Duration lease) {
    return new LeasedWork.Rows(name, "event_outbox", "next_attempt_at", "published_at IS NULL", batchSize, lease);
  }

  /** Inserts the events with one JDBC batch, created and due at {@code now}. */
  public void insert(List<NewEvent> events, Instant now) {
    List<Object[]> rows = new ArrayList<>(events.size());
    for (NewEvent e : events) {
      rows.add(new Object[] {e.id(), e.type(), e.orderId(), e.payload(), Jdbc.ts(now), Jdbc.ts(now)});
    }
    template.batchUpdate("INSERT INTO event_outbox (id, type, order_id, payload, created_at, next_attempt_at, attempts) "
        + "VALUES (?, ?, ?, ?, ?, ?, 0)", rows);
  }

  /** The claimed events still there, oldest first. */
  List<Unpublished> load(List<Lease> leases) {
    if (leases.isEmpty()) {
      return List.of();
    }
    Map<UUID, Lease> byId = leases.stream().collect(Collectors.toMap(Lease::id, Function.identity()));
    return jdbc.sql("SELECT id, type, payload, attempts, created_at FROM event_outbox WHERE id IN ("
            + Jdbc.placeholders(leases) + ") ORDER BY created_at")
        .params(List.<Object>copyOf(byId.keySet()))
        .query((rs, n) -> new Unpublished(byId.get(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
            rs.getInt(4), Jdbc.instant(rs, 5)))
        .list();
  }

  /** Marks the events published at {@code at}, those whose lease still holds; returns how many. */
  int markPublished(Collection<Lease> leases, Instant at) {
    int marked = 0;
    // one statement per lease end: the events of one claim share it
    for (Map.Entry<Instant, List<UUID>> claim : leases.stream().collect(Collectors.groupingBy(Lease::until,
        Collectors.mapping(Lease::id, Collectors.toList()))).entrySet()) {
      List<Object> params = new ArrayList<>(claim.getValue().size() + 2);
      params.add(Jdbc.ts(at));
      params.add(Jdbc.ts(claim.getKey()));
      params.addAll(claim.getValue());
      marked += jdbc.sql("UPDATE event_outbox SET published_at = ?, next_attempt_at = NULL, attempts = attempts + 1, "
              + "last_error = NULL WHERE published_at IS NULL AND next_attempt_at = ? AND id IN ("
              + Jdbc.placeholders(claim.getValue()) + ")")
          .params(params).update();
    }
    return marked;
  }

  /** Records a failed try (the {@code attempts}-th) and when to try again, if the lease still holds. */
  boolean markFailed(Lease lease, int attempts, Instant retryAt, String error) {
    return jdbc.sql("UPDATE event_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
            + "WHERE id = ? AND published_at IS NULL AND next_attempt_at = ?")
        .params(attempts, Jdbc.ts(retryAt), error, lease.id(), Jdbc.ts(lease.until())).update() == 1;
  }

  /** Events not yet published. */
  long backlog() {
    return jdbc.sql("SELECT COUNT(*) FROM event_outbox WHERE published_at IS NULL").query(Long.class).single();
  }
}
