package dev.orderly.inventory.internal;

import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import org.jspecify.annotations.Nullable;
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

  /**
   * One page of one shop's products ({@code sellerId}) or of every shop's (null), oldest first
   * (listing time, then id), after {@code after}; indexes {@code products_seller} and {@code products_created}.
   */
  public Page<Product> list(@Nullable UUID sellerId, @Nullable Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", created_at FROM products WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (sellerId != null) {
      sql.append(" AND seller_id = ?");
      params.add(sellerId);
    }
    Keyset.page(sql, params, "created_at", "id", Keyset.Direction.OLDEST_FIRST, after, limit);
    record Listed(Product product, Cursor position) {}
    List<Listed> rows = jdbc.sql(sql.toString()).params(params)
        .query((rs, n) -> new Listed(map(rs, n), new Cursor(Jdbc.instant(rs, "created_at"), rs.getObject("id", UUID.class))))
        .list();
    return Page.of(rows, limit, Listed::position).map(Listed::product);
  }

  private static Product map(ResultSet rs, int n) throws SQLException {
    return new Product(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getObject("seller_id", UUID.class),
        rs.getString("title"), new Money(rs.getBigDecimal("price_amount"), rs.getString("currency")),
        rs.getBoolean("digital"), new Product.Stock(rs.getInt("available"), rs.getInt("reserved")));
  }
}
