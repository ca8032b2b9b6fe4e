package dev.orderly.bench;

import dev.orderly.order.OrderPlacement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where the deadline sweep's time goes, statement by statement: the application runs with its
 * timers off, N orders are placed and made due, and this driver replays the sweeper's batch (the
 * same SQL as PaymentDeadlineSweeper) on one connection, timing each statement, until all are
 * closed. Then it resets the orders and replays alternatives: on PostgreSQL one statement that
 * claims and closes a batch ({@code UPDATE ... RETURNING}), and the sweeper's batch without the row
 * lock on the claim. It also checks whether two concurrent {@code FOR UPDATE SKIP LOCKED LIMIT n} claims get
 * disjoint batches, and how long the runner's next-due query takes. A diagnostic for the bench
 * README, not a test; arguments as for DeadlineBench ({@code --bench.orders}, {@code --bench.batch}).
 */
public final class SweepAnatomy {

  private static final String[] STEPS = {"claim", "update", "items", "release", "events", "commit"};

  public static void main(String[] args) throws Exception {
    Map<String, String> props = BenchApp.settings("bench-admin-token-local", Map.of("orderly.timers.enabled", "false"), args);
    ConfigurableApplicationContext ctx = BenchApp.start(props);
    int code = 0;
    try {
      int n = Integer.parseInt(props.getOrDefault("bench.orders", "10000"));
      int batch = Integer.parseInt(props.getOrDefault("bench.batch", "500"));
      String db = props.getOrDefault("bench.db", "h2");
      DataSource ds = ctx.getBean(DataSource.class);
      boolean pg = props.getOrDefault("spring.datasource.url", "").startsWith("jdbc:postgresql:");
      BenchHttp http = new BenchHttp("http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port"));
      BenchHttp.Shop shop = http.shop("bench-admin-token-local", "a" + Long.toString(System.currentTimeMillis(), 36), 100, 1_000_000,
          200, Duration.ofHours(1));
      place(ctx.getBean(OrderPlacement.class), shop, n);
      try (Connection c = ds.getConnection()) {
        exec(c, "UPDATE orders SET payment_deadline = ? WHERE status = 'AWAITING_PAYMENT'", ts(Instant.now().minusSeconds(1)));
        if (pg) {
          exec(c, "VACUUM ANALYZE orders");
        }
      }
      // far-future unpaid orders that the sweep must not touch but the next-due query may walk past
      place(ctx.getBean(OrderPlacement.class), shop, n / 10);
      for (int rep = 1; rep <= 2; rep++) {
        skipLocked(ds, batch, db);
        current(ds, batch, n, db, rep, true, "current");
        reset(ds, pg);
        if (pg) {
          // on H2 the IN (SELECT ... ORDER BY ... LIMIT) form takes ~29 s for 10k: measured once, not repeated
          single(ds, batch, n, db, pg, rep);
          reset(ds, pg);
        }
        // H2 is embedded: one process owns the file, so no other instance can race for the rows
        current(ds, batch, n, db, rep, false, "no-row-lock");
        reset(ds, pg);
      }
      try (Connection c = ds.getConnection()) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          query(c, "SELECT MIN(payment_deadline) FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE");
        }
        System.out.printf(Locale.ROOT, "ANATOMY db=%s next_due_query_ms=%.2f (with %d unpaid orders)%n", db,
            (System.nanoTime() - t0) / 20 / 1e6, n + n / 10);
      }
    } catch (Throwable e) {
      e.printStackTrace();
      code = 1;
    } finally {
      ctx.close();
    }
    System.exit(code);
  }

  private static void place(OrderPlacement orders, BenchHttp.Shop shop, int n) throws Exception {
    BenchApp.place(orders, shop, n, 4);
  }

  /** Two transactions claim a batch each at the same time: do they get disjoint, full batches? */
  private static void skipLocked(DataSource ds, int batch, String db) throws Exception {
    String claim = "SELECT id FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE "
        + "AND payment_deadline <= ? ORDER BY payment_deadline LIMIT ? FOR UPDATE SKIP LOCKED";
    try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      int first = query(a, claim, ts(Instant.now()), batch).size();
      long t0 = System.nanoTime();
      int second = query(b, claim, ts(Instant.now()), batch).size();
      System.out.printf(Locale.ROOT, "ANATOMY db=%s skip_locked first_claim=%d concurrent_second_claim=%d second_ms=%.1f%n",
          db, first, second, (System.nanoTime() - t0) / 1e6);
      a.rollback();
      b.rollback();
    }
  }

  /** The sweeper's batch as PaymentDeadlineSweeper does it, timed statement by statement. */
  private static void current(DataSource ds, int batch, int n, String db, int rep, boolean lock, String variant)
      throws Exception {
    long[] nanos = new long[STEPS.length];
    int closed = 0;
    int batches = 0;
    long start = System.nanoTime();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      while (true) {
        long t = System.nanoTime();
        List<Object[]> due = query(c, "SELECT id, payment_deadline FROM orders WHERE status = 'AWAITING_PAYMENT' "
            + "AND payment_pending = FALSE AND payment_deadline <= ? ORDER BY payment_deadline LIMIT ?"
            + (lock ? " FOR UPDATE SKIP LOCKED" : ""),
            ts(Instant.now()), batch);
        nanos[0] += System.nanoTime() - t;
        if (due.isEmpty()) {
          c.commit();
          break;
        }
        List<Object> ids = new ArrayList<>();
        due.forEach(r -> ids.add(r[0]));
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        t = System.nanoTime();
        List<Object> params = new ArrayList<>();
        params.add(ts(Instant.now()));
        params.addAll(ids);
        exec(c, "UPDATE orders SET status = 'CANCELLED', cancel_reason = 'PAYMENT_TIMEOUT', cancelled_at = ? "
            + "WHERE status = 'AWAITING_PAYMENT' AND id IN (" + in + ")", params.toArray());
        nanos[1] += System.nanoTime() - t;
        releaseRecordCommit(c, in, ids, due, nanos);
        closed += due.size();
        batches++;
      }
    }
    report(db, variant, rep, n, closed, batches, start, nanos);
  }

  /** Claim and close in one statement, then the same stock release and timeline rows. */
  private static void single(DataSource ds, int batch, int n, String db, boolean pg, int rep) throws Exception {
    long[] nanos = new long[STEPS.length];
    int closed = 0;
    int batches = 0;
    long start = System.nanoTime();
    String claim = pg
        ? "UPDATE orders SET status = 'CANCELLED', cancel_reason = 'PAYMENT_TIMEOUT', cancelled_at = ? WHERE id IN ("
            + "SELECT id FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE AND payment_deadline <= ? "
            + "ORDER BY payment_deadline LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, payment_deadline"
        : "SELECT id, payment_deadline FROM FINAL TABLE (UPDATE orders SET status = 'CANCELLED', "
            + "cancel_reason = 'PAYMENT_TIMEOUT', cancelled_at = ? WHERE id IN (SELECT id FROM orders "
            + "WHERE status = 'AWAITING_PAYMENT' AND payment_pending = FALSE AND payment_deadline <= ? "
            + "ORDER BY payment_deadline LIMIT ?))";
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      while (true) {
        long t = System.nanoTime();
        Instant now = Instant.now();
        List<Object[]> due = query(c, claim, ts(now), ts(now), batch);
        nanos[0] += System.nanoTime() - t;
        if (due.isEmpty()) {
          c.commit();
          break;
        }
        List<Object> ids = new ArrayList<>();
        due.forEach(r -> ids.add(r[0]));
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        releaseRecordCommit(c, in, ids, due, nanos);
        closed += due.size();
        batches++;
      }
    }
    report(db, "single-statement", rep, n, closed, batches, start, nanos);
  }

  private static void release(Connection c, List<Object[]> quantities) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE products SET available = available + ?, reserved = reserved - ? WHERE id = ? AND reserved >= ?")) {
      for (Object[] r : quantities) {
        int q = ((Number) r[1]).intValue();
        ps.setInt(1, q);
        ps.setInt(2, q);
        ps.setObject(3, r[0]);
        ps.setInt(4, q);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The sweep's last steps, each timed: items per product, stock release, timeline rows, commit. */
  private static void releaseRecordCommit(Connection c, String in, List<Object> ids, List<Object[]> due, long[] nanos)
      throws Exception {
    long t = System.nanoTime();
    List<Object[]> q = query(c, "SELECT product_id, SUM(quantity) AS q FROM order_items WHERE order_id IN (" + in
        + ") GROUP BY product_id ORDER BY product_id", ids.toArray());
    nanos[2] += System.nanoTime() - t;
    t = System.nanoTime();
    release(c, q);
    nanos[3] += System.nanoTime() - t;
    t = System.nanoTime();
    events(c, due);
    nanos[4] += System.nanoTime() - t;
    t = System.nanoTime();
    c.commit();
    nanos[5] += System.nanoTime() - t;
  }

  private static void events(Connection c, List<Object[]> due) throws Exception {
    OffsetDateTime at = ts(Instant.now());
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO order_events (order_id, occurred_at, type, actor, detail) VALUES (?, ?, ?, ?, ?)")) {
      for (Object[] r : due) {
        ps.setObject(1, r[0]);
        ps.setObject(2, at);
        ps.setString(3, "ORDER_CANCELLED");
        ps.setString(4, "system:payment-deadline");
        ps.setString(5, "{\"reason\":\"PAYMENT_TIMEOUT\",\"paymentDeadline\":\"" + r[1] + "\",\"latenessMs\":1}");
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Back to unpaid: the closed orders, their stock reservations and timeline rows. */
  private static void reset(DataSource ds, boolean pg) throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      exec(c, "DELETE FROM order_events WHERE type = 'ORDER_CANCELLED'");
      List<Object[]> q = query(c, "SELECT i.product_id, SUM(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id "
          + "WHERE o.status = 'CANCELLED' GROUP BY i.product_id ORDER BY i.product_id");
      for (Object[] r : q) {
        exec(c, "UPDATE products SET available = available - ?, reserved = reserved + ? WHERE id = ?",
            ((Number) r[1]).intValue(), ((Number) r[1]).intValue(), r[0]);
      }
      exec(c, "UPDATE orders SET status = 'AWAITING_PAYMENT', cancel_reason = NULL, cancelled_at = NULL "
          + "WHERE status = 'CANCELLED'");
      c.commit();
      c.setAutoCommit(true);
      if (pg) {
        exec(c, "VACUUM ANALYZE orders");
        exec(c, "VACUUM ANALYZE order_events");
      }
    }
  }

  private static void report(String db, String variant, int rep, int n, int closed, int batches, long start, long[] nanos) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "ANATOMY db=%s variant=%s rep=%d orders=%d closed=%d batches=%d total_ms=%d", db, variant, rep, n, closed, batches,
        (System.nanoTime() - start) / 1_000_000));
    for (int i = 0; i < STEPS.length; i++) {
      s.append(' ').append(STEPS[i]).append("_ms=").append(nanos[i] / 1_000_000);
    }
    System.out.println(s);
  }

  private static OffsetDateTime ts(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  private static int exec(Connection c, String sql, Object... params) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static List<Object[]> query(Connection c, String sql, Object... params) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[cols];
          for (int i = 0; i < cols; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
