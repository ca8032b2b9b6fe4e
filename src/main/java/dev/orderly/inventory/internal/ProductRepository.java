package dev.orderly.inventory.internal;

import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.inventory.Product;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code products} as the catalogue: a product's row with its current stock. */
@Repository
public class ProductRepository {

  private static final String COLUMNS = "id, sku, seller_id, title, price_amount, currency, digital, available, reserved";

  private final JdbcClient jdbc;

  ProductRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds a product with all of its stock available.
   *
   * @throws org.springframework.dao.DuplicateKeyException when the shop has a product with this SKU
   */
  public void insert(Product p, Instant createdAt) {
    jdbc.sql("""
            INSERT INTO products (id, seller_id, sku, title, price_amount, currency, digital, available, reserved, sold,
              created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)""")
        .params(p.id(), p.sellerId(), p.sku(), p.title(), p.price().amount(), p.price().currency(), p.digital(),
            p.stock().available(), Jdbc.ts(createdAt))
        .update();
  }

  public Optional<Product> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ?").param(id).query(ProductRepository::map)
        .optional();
  }

  public List<Product> findAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id IN (" + Jdbc.placeholders(ids) + ")")
        .params(new ArrayList<>(ids)).query(ProductRepository::map).list();
  }

  /** One shop's products, oldest first. */
  public List<Product> listBySeller(UUID sellerId, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE seller_id = ? ORDER BY created_at, id LIMIT ?")
        .params(sellerId, limit).query(ProductRepository::map).list();
  }

  /** Every shop's products, oldest first. */
  public List<Product> listAll(int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products ORDER BY created_at, id LIMIT ?")
        .param(limit).query(ProductRepository::map).list();
  }

  private static Product map(ResultSet rs, int n) throws SQLException {
    return new Product(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getObject("seller_id", UUID.class),
        rs.getString("title"), new Money(rs.getBigDecimal("price_amount"), rs.getString("currency")),
        rs.getBoolean("digital"), new Product.Stock(rs.getInt("available"), rs.getInt("reserved")));
  }
}
