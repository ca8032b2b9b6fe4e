package dev.orderly.order.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.Ids;
import dev.orderly.support.ApiTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one-vendor migrations ({@code db/vendor/h2}, {@code db/vendor/postgresql}) took effect on the
 * database this suite runs on, and PostgreSQL's planner can use the partial due indexes for the
 * timers' claims (their predicates must be provable from the queries' literals).
 */
class VendorSchemaTest extends ApiTest {

  @Autowired
  JdbcClient jdbc;
  @Autowired
  TransactionTemplate transactions;

  @Test
  void theVendorsOwnMigrationsApplied() {
    if (TestDatabase.isPostgres()) {
      List<String> partial = jdbc.sql("""
              SELECT indexname FROM pg_indexes WHERE tablename = 'orders' AND indexdef LIKE '% WHERE %'
              ORDER BY indexname""").query(String.class).list();
      assertThat(partial).containsExactly("orders_auto_complete_due", "orders_payment_due", "orders_payment_reminder");
    } else {
      // H2: identity caches large enough that refilling them (a commit that writes the file) is rare
      List<Long> caches = jdbc.sql("""
              SELECT identity_cache FROM information_schema.columns
              WHERE table_name IN ('order_events', 'payment_method_outcomes', 'buyer_audit') AND column_name = 'id'""")
          .query(Long.class).list();
      assertThat(caches).hasSize(3).allSatisfy(cache -> assertThat(cache).isEqualTo(1_000_000L));
    }
  }

  @Test
  void theTimersClaimsCanUseThePartialIndexesOnPostgres() {
    if (!TestDatabase.isPostgres()) {
      return; // H2 has no partial indexes; its full ones are unchanged
    }
    List<String> plans = transactions.execute(tx -> {
      // without sequential scans the planner takes an index whenever one is usable
      jdbc.sql("SET LOCAL enable_seqscan = off").update();
      return List.of(
          plan("""
              SELECT id, payment_deadline, number, buyer_id, seller_id FROM orders
              WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE AND payment_deadline <= now()
              ORDER BY payment_deadline LIMIT 500 FOR UPDATE SKIP LOCKED"""),
          plan("SELECT MIN(payment_deadline) FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE"),
          plan("""
              SELECT id FROM orders WHERE status = 'DELIVERED' AND auto_complete_at <= now()
              ORDER BY auto_complete_at LIMIT 500 FOR UPDATE SKIP LOCKED"""),
          plan("""
              SELECT id FROM orders WHERE payment_reminder_at <= now() AND (status = 'AWAITING_PAYMENT')
              ORDER BY payment_reminder_at LIMIT 200"""));
    });
    assertThat(plans.get(0)).contains("orders_payment_due");
    assertThat(plans.get(1)).contains("orders_payment_due");
    assertThat(plans.get(2)).contains("orders_auto_complete_due");
    // both partial indexes serve the reminders' claim; on few rows the planner may take either, as an
    // index scan or a bitmap index scan (an index's name appears in a plan only where it is scanned)
    assertThat(plans.get(3)).containsAnyOf("orders_payment_reminder", "orders_payment_due");
  }

  @Test
  void theDatabaseSortsIdsAsIdsDatabaseOrderDoes() {
    // ids with and without the top bit set in either half: where UUID.compareTo disagrees
    List<UUID> ids = List.of(UUID.fromString("ffffffff-0000-4000-8000-000000000001"),
        UUID.fromString("00000000-0000-4000-8000-000000000001"), UUID.fromString("7fffffff-0000-4000-8000-000000000001"),
        UUID.fromString("80000000-0000-4000-8000-000000000001"), UUID.fromString("00000000-0000-4000-0000-000000000002"),
        UUID.fromString("00000000-0000-4000-ffff-000000000002"), Ids.next(), Ids.next());
    String values = String.join(", ", java.util.Collections.nCopies(ids.size(), "(CAST(? AS UUID))"));
    List<UUID> sortedByDatabase = jdbc.sql("SELECT id FROM (VALUES " + values + ") AS v (id) ORDER BY id")
        .params(List.<Object>copyOf(ids)).query((rs, n) -> rs.getObject(1, UUID.class)).list();

    assertThat(sortedByDatabase).isSortedAccordingTo(Ids.DATABASE_ORDER).hasSameSizeAs(ids);
    assertThat(ids.stream().sorted().toList()).as("UUID.compareTo differs, which is why the comparator exists")
        .isNotEqualTo(sortedByDatabase);
  }

  private String plan(String sql) {
    return String.join("\n", jdbc.sql("EXPLAIN " + sql).query(String.class).list());
  }
}
