package dev.orderly.inventory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code products}' stock columns ({@code available}, {@code reserved}, {@code sold}). Every move is
 * a conditional UPDATE per product that refuses to drive a column below zero, taken in product-id
 * order (the maps are sorted) so that concurrent transactions lock products in the same order.
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

  /** Reserved back to available (an unpaid order closed). */
  public void release(SortedMap<UUID, Integer> quantities) {
    batch("UPDATE products SET available = available + ?, reserved = reserved - ? WHERE id = ? AND reserved >= ?",
        quantities);
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
}
