package dev.orderly.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The hot-product scenario's oversell check, made by run.sh after the server under test has stopped
 * (so nothing is in flight and the H2 file is free): reads the product's stock columns and its order
 * lines straight from the database and checks available + reserved + sold = the initial stock, and
 * that reserved + sold and the number of order lines both equal the 201 answers the load generator
 * counted. Nothing is paid in the bench, so sold should stay 0.
 *
 * <p>Arguments: the server's {@code --spring.datasource.*} / {@code --orderly.data-dir} settings,
 * then the fields of PlacementLoad's {@code HOT} line as {@code key=value} (product, created_total,
 * ...). Prints them back as one {@code RESULT kind=hot} line with the stock and {@code stock_ok}.
 * Not a test: run it through bench/run.sh.
 */
public final class StockCheck {
  private static final int STOCK = 1_000_000;

  public static void main(String[] args) throws Exception {
    Map<String, String> db = new LinkedHashMap<>();
    Map<String, String> line = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (a.startsWith("--")) {
        db.put(a.substring(2, eq), a.substring(eq + 1));
      } else {
        line.put(a.substring(0, eq), a.substring(eq + 1));
      }
    }
    UUID product = UUID.fromString(line.get("product"));
    long created = Long.parseLong(line.get("created_total"));
    try (Connection c = BenchDb.of(db).connect();
        PreparedStatement s = c.prepareStatement("SELECT available, reserved, sold, "
            + "(SELECT COUNT(*) FROM order_items i WHERE i.product_id = p.id) FROM products p WHERE id = ?")) {
      s.setObject(1, product);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no product " + product);
        }
        long available = rs.getLong(1);
        long reserved = rs.getLong(2);
        long sold = rs.getLong(3);
        long lines = rs.getLong(4);
        boolean ok = available + reserved + sold == STOCK && reserved + sold == created && lines == created;
        StringBuilder out = new StringBuilder("RESULT");
        line.forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        out.append(" initial_stock=").append(STOCK).append(" available=").append(available).append(" reserved=")
            .append(reserved).append(" sold=").append(sold).append(" order_lines=").append(lines).append(" stock_ok=")
            .append(ok);
        System.out.println(out);
      }
    }
  }
}
