package dev.orderly.inventory;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Products and their stock. Every stock change is one conditional UPDATE per product, taken in
 * product-id order so that concurrent transactions lock products in the same order.
 */
@Service
public class InventoryService {

  private static final String COLUMNS = "id, sku, seller_id, title, price_amount, currency, digital, available, reserved";

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final Clock clock;

  InventoryService(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
    this.jdbc = jdbc;
    this.template = template;
    this.clock = clock;
  }

  public record NewProduct(UUID sellerId, String sku, String title, Money price, int stock, boolean digital) {}

  @Transactional
  public Product create(NewProduct p) {
    UUID id = UUID.randomUUID();
    try {
      jdbc.sql("""
              INSERT INTO products (id, seller_id, sku, title, price_amount, currency, digital, available, reserved, sold,
                created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)""")
          .params(id, p.sellerId(), p.sku(), p.title(), p.price().amount(), p.price().currency(), p.digital(), p.stock(),
              Jdbc.ts(clock.instant()))
          .update();
    } catch (DuplicateKeyException e) {
      throw new OrderlyException(ErrorCode.DUPLICATE_SKU, "this shop already has a product with SKU " + p.sku());
    }
    return new Product(id, p.sku(), p.sellerId(), p.title(), p.price(), p.digital(), new Product.Stock(p.stock(), 0));
  }

  public Optional<Product> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ?").param(id).query(InventoryService::map).optional();
  }

  public List<Product> findAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id IN (" + Jdbc.placeholders(ids) + ")")
        .params(new ArrayList<>(ids)).query(InventoryService::map).list();
  }

  public List<Product> listBySeller(UUID sellerId, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE seller_id = ? ORDER BY created_at, id LIMIT ?")
        .params(sellerId, limit).query(InventoryService::map).list();
  }

  public List<Product> listAll(int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products ORDER BY created_at, id LIMIT ?")
        .param(limit).query(InventoryService::map).list();
  }

  /**
   * Moves quantities from available to reserved, all or nothing: the first product short of stock
   * refuses the whole reservation (the caller's transaction rolls back the others).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reserve(SortedMap<UUID, Integer> quantities) {
    for (Map.Entry<UUID, Integer> line : quantities.entrySet()) {
      int updated = jdbc.sql("UPDATE products SET available = available - ?, reserved = reserved + ? "
              + "WHERE id = ? AND available >= ?")
          .params(line.getValue(), line.getValue(), line.getKey(), line.getValue())
          .update();
      if (updated != 1) {
        int available = find(line.getKey()).map(p -> p.stock().available()).orElse(0);
        throw new OrderlyException(ErrorCode.INSUFFICIENT_STOCK,
            "only " + available + " available of product " + line.getKey() + ", " + line.getValue() + " requested",
            Map.of("productId", line.getKey(), "requested", line.getValue(), "available", available));
      }
    }
  }

  /** Returns reserved quantities to available (an unpaid order closed). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void release(SortedMap<UUID, Integer> quantities) {
    batch("UPDATE products SET available = available + ?, reserved = reserved - ? WHERE id = ? AND reserved >= ?",
        quantities);
  }

  /** Turns reservations into sales (an order paid). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void sell(SortedMap<UUID, Integer> quantities) {
    batch("UPDATE products SET sold = sold + ?, reserved = reserved - ? WHERE id = ? AND reserved >= ?", quantities);
  }

  /** Returns sold quantities to available (a paid order cancelled before it shipped). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void restock(SortedMap<UUID, Integer> quantities) {
    batch("UPDATE products SET available = available + ?, sold = sold - ? WHERE id = ? AND sold >= ?", quantities);
  }

  private void batch(String sql, SortedMap<UUID, Integer> quantities) {
    List<Object[]> args = new ArrayList<>(quantities.size());
    quantities.forEach((id, q) -> args.add(new Object[] {q, q, id, q}));
    int[] counts = template.batchUpdate(sql, args);
    for (int i = 0; i < counts.length; i++) {
      // a statement count of "unknown" (-2) is accepted; 0 means the books would not balance
      if (counts[i] == 0) {
        throw new IllegalStateException("stock invariant violated for product " + args.get(i)[2]);
      }
    }
  }

  private static Product map(ResultSet rs, int n) throws SQLException {
    return new Product(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getObject("seller_id", UUID.class),
        rs.getString("title"), new Money(rs.getBigDecimal("price_amount"), rs.getString("currency")),
        rs.getBoolean("digital"), new Product.Stock(rs.getInt("available"), rs.getInt("reserved")));
  }
}
