package dev.orderly.inventory.internal;

import dev.orderly.common.Ids;
import dev.orderly.common.Jdbc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code products}' stock columns ({@code available}, {@code reserved}, {@code sold}). Every move is
 * conditional and refuses to drive a column below zero. Products are locked in the database's id
 * order ({@link Ids#DATABASE_ORDER}; the maps callers pass are sorted so) so that concurrent
 * transactions lock products in the same order: per product for the moves of one order, and with
 * one {@code ORDER BY id FOR UPDATE} for the deadline sweep's release of a whole batch.
 */
@Repository
public class StockRepository {

  private final JdbcTemplate jdbc;

  StockRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Moves {@code quantity} from available to reserved; false, changing nothing, when fewer are available. */
  public boolean reserve(UUID productId, int quantity) {
    return jdbc.update("UPDATE products SET available = available - ?, reserved = reserved + ? "
        + "WHERE id = ? AND available >= ?", quantity, quantity, productId, quantity) == 1;
  }

  /**
   * Reserved back to available (unpaid orders closed). Many products (a deadline batch's) are
   * locked with one statement in id order and moved with one {@code MERGE}: two statements instead
   * of one per product, which on PostgreSQL cost as much as closing the orders themselves.
   */
  public void release(SortedMap<UUID, Integer> quantities) {
    if (quantities.size() < 2) {
      batch("UPDATE products SET available = available + ?, reserved = reserved - ? WHERE id = ? AND reserved >= ?",
          quantities);
      return;
    }
    checkComparator(quantities);
    List<Object> ids = new ArrayList<>(quantities.keySet());
    jdbc.queryForList("SELECT id FROM products WHERE id IN (" + Jdbc.placeholders(ids) + ") ORDER BY id FOR UPDATE",
        ids.toArray());
    List<Object> args = new ArrayList<>(quantities.size() * 2);
    quantities.forEach((id, q) -> {
      args.add(id);
      args.add(q);
    });
    String values = String.join(", ", Collections.nCopies(quantities.size(), "(CAST(? AS UUID), CAST(? AS INTEGER))"));
    int moved = jdbc.update("MERGE INTO products p USING (VALUES " + values + ") AS v (id, q) ON p.id = v.id "
        + "WHEN MATCHED AND p.reserved >= v.q THEN UPDATE SET available = p.available + v.q, reserved = p.reserved - v.q",
        args.toArray());
    if (moved != quantities.size()) {
      throw new IllegalStateException("stock invariant violated: released " + moved + " of " + quantities.size()
          + " products");
    }
  }

  /** Reserved to sold (an order paid). */
  public void sell(SortedMap<UUID, Integer> quantities) {
    batch("UPDATE products SET sold = sold + ?, reserved = reserved - ? WHERE id = ? AND reserved >= ?", quantities);
  }

  /** Sold back to available (a paid order cancelled before it shipped). */
  public void restock(SortedMap<UUID, Integer> quantities) {
    batch("UPDATE products SET available = available + ?, sold = sold - ? WHERE id = ? AND sold >= ?", quantities);
  }

  /** One batch round trip; a product whose column would go below zero means the books do not balance. */
  private void batch(String sql, SortedMap<UUID, Integer> quantities) {
    checkComparator(quantities);
    List<Object[]> args = new ArrayList<>(quantities.size());
    quantities.forEach((id, q) -> args.add(new Object[] {q, q, id, q}));
    int[] counts = jdbc.batchUpdate(sql, args);
    for (int i = 0; i < counts.length; i++) {
      // a statement count of "unknown" (-2) is accepted; 0 means the books would not balance
      if (counts[i] == 0) {
        throw new IllegalStateException("stock invariant violated for product " + args.get(i)[2]);
      }
    }
  }

  /** A map sorted otherwise would lock in another order than everyone else. */
  private static void checkComparator(SortedMap<UUID, Integer> quantities) {
    if (quantities.size() > 1 && quantities.comparator() != Ids.DATABASE_ORDER) {
      throw new IllegalArgumentException("stock moves take products in Ids.DATABASE_ORDER");
    }
  }
}
