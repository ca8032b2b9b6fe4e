package dev.orderly.order.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.ApiTest;
import dev.orderly.support.Shop;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sweep's bulk close against real rows: it is the bulk form of {@code Order.expire}, so it
 * closes an order only while the order still awaits payment, with no attempt pending and its
 * deadline passed (the claim's lock keeps those true in the sweep; the condition keeps the
 * statement honest on its own). The orders get deadlines far in the future so that the running
 * sweeper (whose "now" is today) leaves them to this test.
 */
class DueOrderRepositoryTest extends ApiTest {

  private static final Instant DEADLINE = Instant.parse("2100-01-01T00:00:00Z");
  private static final Instant SWEEP_NOW = Instant.parse("2100-01-02T00:00:00Z");

  @Autowired
  DueOrderRepository due;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  TransactionTemplate transactions;

  @Test
  void closesOnlyTheOrdersThatStillQualify() {
    Shop shop = Shop.open(api, Map.of(), "10.00", false);
    UUID stillUnpaid = shop.placeOrder();
    UUID attemptStarted = shop.placeOrder();
    UUID paid = shop.placeOrder();
    // a buyer holds at most 3 unpaid orders in these tests (orderly.restrictions.max-unpaid-orders)
    UUID extended = Shop.open(api, Map.of(), "10.00", false).placeOrder();
    List<UUID> claimed = List.of(stillUnpaid, attemptStarted, paid, extended);
    for (UUID id : claimed) {
      jdbc.sql("UPDATE orders SET payment_deadline = ? WHERE id = ?").params(at(DEADLINE), id).update();
    }
    // what happened between the claim and the close
    jdbc.sql("UPDATE orders SET payment_pending = TRUE WHERE id = ?").param(attemptStarted).update();
    jdbc.sql("UPDATE orders SET status = 'PAID' WHERE id = ?").param(paid).update();
    jdbc.sql("UPDATE orders SET payment_deadline = ? WHERE id = ?").params(at(SWEEP_NOW.plusSeconds(60)), extended).update();

    Instant closedAt = Instant.parse("2100-01-02T00:00:01Z");
    Integer closed = transactions.execute(tx -> due.expireAll(claimed, SWEEP_NOW, closedAt));

    assertThat(closed).isEqualTo(1);
    assertThat(statusOf(stillUnpaid)).isEqualTo("CANCELLED/PAYMENT_TIMEOUT");
    assertThat(statusOf(attemptStarted)).isEqualTo("AWAITING_PAYMENT/null");
    assertThat(statusOf(paid)).isEqualTo("PAID/null");
    assertThat(statusOf(extended)).isEqualTo("AWAITING_PAYMENT/null");
  }

  @Test
  void whenEveryOrderQualifiesAllAreClosedByTheOneStatement() {
    Shop shop = Shop.open(api, Map.of(), "10.00", false);
    List<UUID> ids = List.of(shop.placeOrder(), shop.placeOrder());
    for (UUID id : ids) {
      jdbc.sql("UPDATE orders SET payment_deadline = ? WHERE id = ?").params(at(DEADLINE), id).update();
    }

    Integer closed = transactions.execute(tx -> due.expireAll(ids, SWEEP_NOW, SWEEP_NOW));

    assertThat(closed).isEqualTo(2);
    assertThat(ids).allSatisfy(id -> assertThat(statusOf(id)).isEqualTo("CANCELLED/PAYMENT_TIMEOUT"));
  }

  private String statusOf(UUID id) {
    return jdbc.sql("SELECT status || '/' || COALESCE(cancel_reason, 'null') FROM orders WHERE id = ?").param(id)
        .query(String.class).single();
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
