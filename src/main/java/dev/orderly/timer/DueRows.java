package dev.orderly.timer;

import org.jspecify.annotations.Nullable;
import dev.orderly.common.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The claim every {@link DueWork} makes: rows whose due column has come, locked with
 * {@code FOR UPDATE SKIP LOCKED} so that instances and workers never take the same row, and moved
 * on in the same transaction: to a lease (a crash mid-work hands the row to someone else when the
 * lease runs out) or to {@code null} (taken for good, e.g. a reminder sent with that transaction).
 */
public final class DueRows {
  private DueRows() {}

  /**
   * Claims up to {@code limit} ids of {@code table} whose {@code dueColumn} is at or before
   * {@code now} and that satisfy {@code condition} (SQL over the table's columns, no parameters),
   * earliest first, and sets their due column to {@code until}. Call inside a transaction.
   *
   * <p>Two reads: the earliest due ids in index order, then a lock on those of them still due
   * ({@code FOR UPDATE SKIP LOCKED}, the condition checked again). H2 cannot read an index in
   * order under {@code FOR UPDATE}: in one statement it sorted every due row on every claim, which
   * made draining a large backlog quadratic.
   */
  public static List<UUID> claim(JdbcClient jdbc, String table, String dueColumn, String condition, Instant now,
      int limit, @Nullable Instant until) {
    List<UUID> ids = lock(jdbc, table, dueColumn, condition, now, limit);
    if (!ids.isEmpty()) {
      List<Object> params = new ArrayList<>(ids.size() + 1);
      params.add(Jdbc.ts(until));
      params.addAll(ids);
      jdbc.sql("UPDATE " + table + " SET " + dueColumn + " = ? WHERE id IN (" + Jdbc.placeholders(ids) + ")")
          .params(params).update();
    }
    return ids;
  }

  /**
   * Locks up to {@code limit} ids of {@code table} that are due and satisfy {@code condition},
   * earliest first, and leaves their due column as it is: for work that moves the row on itself in
   * the same transaction (closes it, say). Two reads, as {@link #claim} explains.
   */
  public static List<UUID> lock(JdbcClient jdbc, String table, String dueColumn, String condition, Instant now,
      int limit) {
    List<UUID> earliest = jdbc.sql("SELECT id FROM " + table + " WHERE " + dueColumn + " <= ? AND (" + condition
            + ") ORDER BY " + dueColumn + " LIMIT ?")
        .params(Jdbc.ts(now), limit).query((rs, n) -> rs.getObject(1, UUID.class)).list();
    if (earliest.isEmpty()) {
      return earliest;
    }
    List<Object> lockParams = new ArrayList<>(earliest.size() + 1);
    lockParams.addAll(earliest);
    lockParams.add(Jdbc.ts(now));
    return jdbc.sql("SELECT id FROM " + table + " WHERE id IN (" + Jdbc.placeholders(earliest) + ") AND "
            + dueColumn + " <= ? AND (" + condition + ") FOR UPDATE SKIP LOCKED")
        .params(lockParams).query((rs, n) -> rs.getObject(1, UUID.class)).list();
  }

  /**
   * The earliest due time among rows satisfying {@code condition}, for {@link DueWork#nextDue}: the
   * first entry of the due column's index (MIN with a condition made H2 scan the whole table).
   */
  public static Optional<Instant> next(JdbcClient jdbc, String table, String dueColumn, String condition) {
    return jdbc.sql("SELECT " + dueColumn + " FROM " + table + " WHERE " + dueColumn + " IS NOT NULL AND ("
            + condition + ") ORDER BY " + dueColumn + " LIMIT 1")
        .query((rs, n) -> Jdbc.instant(rs, 1)).list().stream().filter(Objects::nonNull).findFirst();
  }
}
