package dev.orderly.inventory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.Ids;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stock moves on real rows, in particular the deadline sweep's release of many products at once
 * (one lock in id order, one MERGE): every product moved or none, and only maps in the database's
 * id order accepted.
 */
class StockRepositoryTest extends ApiTest {

  @Autowired
  StockRepository stock;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  TransactionTemplate transactions;

  @Test
  void releasesManyProductsWithOneStatementAndRefusesAllWhenOneWouldGoNegative() {
    Api.Principal seller = api.seller();
    List<UUID> products = List.of(api.product(seller, "1.00", 10), api.product(seller, "2.00", 10),
        api.product(seller, "3.00", 10));
    transactions.executeWithoutResult(tx -> {
      assertThat(stock.reserve(products.get(0), 4)).isTrue();
      assertThat(stock.reserve(products.get(1), 1)).isTrue();
      assertThat(stock.reserve(products.get(2), 2)).isTrue();
    });

    SortedMap<UUID, Integer> release = new TreeMap<>(Ids.DATABASE_ORDER);
    release.put(products.get(0), 3);
    release.put(products.get(1), 1);
    release.put(products.get(2), 2);
    transactions.executeWithoutResult(tx -> stock.release(release));

    assertThat(availableAndReserved(products.get(0))).isEqualTo("9/1");
    assertThat(availableAndReserved(products.get(1))).isEqualTo("10/0");
    assertThat(availableAndReserved(products.get(2))).isEqualTo("10/0");

    // one product short of reserved units: the whole release is refused and rolled back
    SortedMap<UUID, Integer> tooMuch = new TreeMap<>(Ids.DATABASE_ORDER);
    tooMuch.put(products.get(0), 1);
    tooMuch.put(products.get(1), 1);
    assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> stock.release(tooMuch)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stock invariant violated");
    assertThat(availableAndReserved(products.get(0))).isEqualTo("9/1");
    assertThat(availableAndReserved(products.get(1))).isEqualTo("10/0");
  }

  @Test
  void refusesProductsSortedInAnotherOrderThanTheDatabases() {
    SortedMap<UUID, Integer> javaOrder = new TreeMap<>(); // UUID.compareTo: signed, not the database's
    javaOrder.put(UUID.fromString("80000000-0000-4000-8000-000000000001"), 1);
    javaOrder.put(UUID.fromString("00000000-0000-4000-8000-000000000001"), 1);

    assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> stock.release(javaOrder)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ids.DATABASE_ORDER");
  }

  private String availableAndReserved(UUID product) {
    return jdbc.sql("SELECT available || '/' || reserved FROM products WHERE id = ?").param(product)
        .query(String.class).single();
  }
}
