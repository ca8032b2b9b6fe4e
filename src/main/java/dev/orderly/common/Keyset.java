package dev.orderly.common;

import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one keyset page (for {@link Page#of}): the condition that starts after a
 * {@link Cursor} and the order and limit that end it. Written as a row comparison,
 * {@code (time, id) < (?, ?)}, which PostgreSQL turns into the bounds of an index scan on an index
 * ending in {@code (time, id)} and H2 evaluates the same way, so the hundredth page reads as few
 * index entries as the first. Column names are the repository's own constants, never input.
 */
public final class Keyset {
  private Keyset() {}

  /** Newest first (descending time, then id) or oldest first (ascending). */
  public enum Direction {
    NEWEST_FIRST, OLDEST_FIRST;

    Comparator<Cursor> comparator() {
      Comparator<Cursor> ascending = Comparator.comparing(Cursor::at).thenComparing(Cursor::id, Ids.DATABASE_ORDER);
      return this == OLDEST_FIRST ? ascending : ascending.reversed();
    }
  }

  /**
   * Appends {@code AND (time, id) </> (?, ?)} when there is a cursor, then the ORDER BY and a LIMIT
   * of {@code limit + 1} (the extra row tells {@link Page#of} there is a next page).
   */
  public static void page(StringBuilder sql, List<Object> params, String timeColumn, String idColumn,
      Direction direction, @Nullable Cursor after, int limit) {
    boolean newest = direction == Direction.NEWEST_FIRST;
    if (after != null) {
      sql.append(" AND (").append(timeColumn).append(", ").append(idColumn).append(newest ? ") < (?, ?)" : ") > (?, ?)");
      params.add(Jdbc.ts(after.at()));
      params.add(after.id());
    }
    String dir = newest ? " DESC" : "";
    sql.append(" ORDER BY ").append(timeColumn).append(dir).append(", ").append(idColumn).append(dir).append(" LIMIT ?");
    params.add(limit + 1);
  }
}
