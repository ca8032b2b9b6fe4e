package dev.orderly.bench;

import dev.orderly.order.OrderPlacement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How long it takes to close orders whose payment deadlines pass, measured in process: the real
 * application (web server on a random port, its own DueWorkRunner and sweeper) on H2 or
 * PostgreSQL, plus this driver using the application's DataSource to arrange deadlines and read
 * the outcome.
 *
 * <ul>
 *   <li><b>burst</b>: N orders are placed (OrderPlacement#place) with a one-hour window, then one
 *       UPDATE moves all their deadlines to the same instant T (now + lead). The driver waits until
 *       every order is cancelled and reports T to the last close (observed commit and the
 *       database's max(cancelled_at)) and per-order lateness (cancelled_at - payment_deadline).
 *   <li><b>spread</b>: M orders whose deadlines are spread evenly over S seconds from T, so the
 *       sweeper is not saturated: lateness p50 and p99.
 * </ul>
 * Every round also checks that stock is conserved (available + reserved + sold = initial stock,
 * nothing left reserved) and that each order has exactly one ORDER_CANCELLED timeline entry.
 *
 * <p>With {@code --bench.bulk-load=true} (PostgreSQL) the burst's orders are not placed one by one but
 * written by {@link BulkOrders} in a few big statements (the same rows and stock reservations
 * placement writes; then ANALYZE of the tables, as autovacuum would do after so many inserts): this
 * is what makes 1,000,000 orders due at once practical to prepare. The sweep then does its full work
 * and the same checks follow. {@code us_per_order} (close all / orders) compares sizes.
 *
 * <p>Spring properties are passed as {@code --key=value}; the driver's own are {@code --bench.*}:
 * db (label), orders, rounds, lead-ms, warmup-orders, spread-orders, spread-seconds, spread-rounds,
 * place-threads, products, buyers, vacuum, bulk-load, bulk-batch. Prints {@code RESULT} lines, the
 * last one this JVM's peak RSS. Not a test: run it through bench/run.sh.
 */
public final class DeadlineBench {

  private static final int STOCK = 1_000_000;
  private static final String ADMIN = "bench-admin-token-local";

  private final Environment env;
  private final JdbcTemplate jdbc;
  /** Streams a round's orders (fetch size, in a transaction: a cursor on PostgreSQL) instead of holding them all. */
  private final JdbcTemplate streaming;
  private final TransactionTemplate readOnly;
  private final boolean bulkLoad;
  private final OrderPlacement orders;
  private final MeterRegistry registry;
  private final BenchHttp http;
  private final BenchHttp.Shop shop;
  private final String db;
  private final boolean postgres;
  private final Duration maxIdle;
  /** Milliseconds the last bulk deadline UPDATE took per row: sizes the lead of the next round. */
  private double updateMsPerRow;

  private DeadlineBench(ConfigurableApplicationContext ctx) {
    this.env = ctx.getEnvironment();
    this.jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
    this.streaming = new JdbcTemplate(ctx.getBean(DataSource.class));
    streaming.setFetchSize(10_000);
    this.readOnly = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
    readOnly.setReadOnly(true);
    this.orders = ctx.getBean(OrderPlacement.class);
    this.registry = ctx.getBean(MeterRegistry.class);
    this.http = new BenchHttp("http://127.0.0.1:" + env.getProperty("local.server.port"));
    this.db = env.getProperty("bench.db", "h2");
    this.postgres = env.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:");
    this.maxIdle = env.getProperty("orderly.timers.max-idle", Duration.class, Duration.ofMillis(500));
    this.bulkLoad = env.getProperty("bench.bulk-load", Boolean.class, false);
    if (bulkLoad && !postgres) {
      throw new IllegalArgumentException("--bench.bulk-load=true is for PostgreSQL only");
    }
    this.shop = http.shop(ADMIN, "d" + Long.toString(System.currentTimeMillis(), 36), intProp("bench.products", 100),
        STOCK, intProp("bench.buyers", 200), Duration.ofHours(1));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> props = BenchApp.settings(ADMIN, Map.of(), args);
    System.out.printf("batch-size=%s workers=%s max-idle=%s%n",
        props.getOrDefault("orderly.timers.payment-deadline.batch-size", "(default)"),
        props.getOrDefault("orderly.timers.payment-deadline.workers", "(default)"),
        props.getOrDefault("orderly.timers.max-idle", "(default)"));
    int code = BenchApp.run(props, ctx -> new DeadlineBench(ctx).run());
    System.out.println(Rss.resultLine("deadline", props.getOrDefault("bench.db", "h2"),
        "orders=" + props.getOrDefault("bench.orders", "10000")));
    System.exit(code);
  }

  private int intProp(String name, int fallback) {
    return env.getProperty(name, Integer.class, fallback);
  }

  private void run() throws Exception {
    int warmup = intProp("bench.warmup-orders", 2000);
    if (warmup > 0) {
      burst(0, warmup, 2000);
    }
    int n = intProp("bench.orders", 10_000);
    int rounds = intProp("bench.rounds", 3);
    int lead = intProp("bench.lead-ms", n > 20_000 ? 8000 : 3000);
    for (int r = 1; r <= rounds; r++) {
      burst(r, n, lead);
    }
    int spreadOrders = intProp("bench.spread-orders", 2000);
    int spreadRounds = intProp("bench.spread-rounds", 1);
    for (int r = 1; r <= spreadRounds && spreadOrders > 0; r++) {
      spread(r, spreadOrders, intProp("bench.spread-seconds", 20));
    }
  }

  // ---- scenarios ----

  private void burst(int round, int n, int leadMs) throws Exception {
    Instant roundStart = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
    double placeRps = bulkLoad ? bulkLoad(n) : place(n);
    vacuum();
    Map<Double, Double> promBefore = prometheus();
    double expiredBefore = expiredCount();
    // the UPDATE must commit (and the runner look again, within max-idle) before T
    long lead = Math.max(leadMs, Math.round(3 * updateMsPerRow * n) + maxIdle.toMillis() + 1000);
    Instant t = Instant.now().plusMillis(lead).truncatedTo(ChronoUnit.MILLIS);
    long updateStart = System.nanoTime();
    int moved = jdbc.update("UPDATE orders SET payment_deadline = ? WHERE status = 'AWAITING_PAYMENT'", ts(t));
    long updateMs = (System.nanoTime() - updateStart) / 1_000_000;
    updateMsPerRow = Math.max(updateMsPerRow, updateMs / (double) n);
    if (moved != n) {
      throw new IllegalStateException("expected " + n + " unpaid orders, moved " + moved);
    }
    vacuum();
    long marginMs = Duration.between(Instant.now(), t).toMillis();
    Instant lastClose = awaitClosed(expiredBefore, n, t, Duration.ofSeconds(60 + n / 500));
    Outcome o = outcome(roundStart, n);
    Prom prom = Prom.delta(promBefore, prometheus());
    String line = String.format(Locale.ROOT,
        "kind=burst db=%s round=%d orders=%d load=%s place_rps=%.0f lead_ms=%d update_ms=%d margin_ms=%d valid=%s close_all_ms=%d "
            + "close_all_db_ms=%d us_per_order=%.1f first_close_ms=%d lateness_p50_ms=%d lateness_p99_ms=%d lateness_max_ms=%d "
            + "prom_count=%.0f prom_p50_le_s=%s prom_p99_le_s=%s stock_ok=%s events_ok=%s t=%s last_close=%s",
        db, round, n, bulkLoad ? "bulk" : "placed", placeRps, lead, updateMs, marginMs, marginMs > maxIdle.toMillis() + 100,
        Duration.between(t, lastClose).toMillis(), Duration.between(t, o.lastCancelled).toMillis(),
        Duration.between(t, lastClose).toNanos() / 1e3 / n, Duration.between(t, o.firstCancelled).toMillis(), o.p50, o.p99, o.max, prom.count, prom.le(0.5), prom.le(0.99),
        o.stockOk, o.eventsOk, t, lastClose);
    System.out.println((round == 0 ? "WARMUP " : "RESULT ") + line);
    pgStats(round);
  }

  private void spread(int round, int n, int seconds) throws Exception {
    Instant roundStart = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
    double placeRps = place(n);
    List<UUID> ids = jdbc.query("SELECT id FROM orders WHERE status = 'AWAITING_PAYMENT' ORDER BY placed_at, id",
        (rs, i) -> rs.getObject(1, UUID.class));
    if (ids.size() != n) {
      throw new IllegalStateException("expected " + n + " unpaid orders, found " + ids.size());
    }
    Map<Double, Double> promBefore = prometheus();
    double expiredBefore = expiredCount();
    Instant t = Instant.now().plusMillis(intProp("bench.lead-ms", 3000)).truncatedTo(ChronoUnit.MILLIS);
    double stepMs = seconds * 1000.0 / n;
    List<Object[]> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(new Object[] {ts(t.plusMillis(Math.round(i * stepMs))), ids.get(i)});
    }
    jdbc.batchUpdate("UPDATE orders SET payment_deadline = ? WHERE id = ?", args);
    vacuum();
    long marginMs = Duration.between(Instant.now(), t).toMillis();
    Instant lastDeadline = t.plusMillis(Math.round((n - 1) * stepMs));
    Instant lastClose = awaitClosed(expiredBefore, n, t, Duration.ofSeconds(seconds + 60));
    Outcome o = outcome(roundStart, n);
    Prom prom = Prom.delta(promBefore, prometheus());
    System.out.println(String.format(Locale.ROOT,
        "RESULT kind=spread db=%s round=%d orders=%d seconds=%d place_rps=%.0f margin_ms=%d valid=%s "
            + "last_close_after_last_deadline_ms=%d lateness_p50_ms=%d lateness_p99_ms=%d lateness_max_ms=%d "
            + "prom_count=%.0f prom_p50_le_s=%s prom_p99_le_s=%s stock_ok=%s events_ok=%s",
        db, round, n, seconds, placeRps, marginMs, marginMs > maxIdle.toMillis() + 100,
        Duration.between(lastDeadline, lastClose).toMillis(), o.p50, o.p99, o.max, prom.count, prom.le(0.5),
        prom.le(0.99), o.stockOk, o.eventsOk));
  }

  // ---- steps ----

  /** Places n one-item orders through OrderPlacement from a few threads; returns orders/s. */
  private double place(int n) throws Exception {
    long start = System.nanoTime();
    BenchApp.place(orders, shop, n, intProp("bench.place-threads", 4));
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Writes n unpaid orders with BulkOrders and analyzes what it wrote (orders is analyzed by vacuum());
   * returns orders/s of the load.
   */
  private double bulkLoad(int n) {
    long start = System.nanoTime();
    BulkOrders.unpaid(jdbc, shop.seller().id(), shop.buyers().stream().map(BenchHttp.Principal::id).toList(),
        shop.products(), n, intProp("bench.bulk-batch", 1_000_000));
    jdbc.execute("ANALYZE order_items, order_events, products");
    double rps = n / ((System.nanoTime() - start) / 1e9);
    System.out.printf(Locale.ROOT, "bulk-loaded %d orders at %.0f orders/s%n", n, rps);
    return rps;
  }

  /** PostgreSQL: clean the dead row versions the bench's own UPDATE left, as autovacuum would have. */
  private void vacuum() {
    if (postgres && env.getProperty("bench.vacuum", Boolean.class, true)) {
      for (String table : env.getProperty("bench.vacuum-tables", "orders").split(",")) {
        jdbc.execute("VACUUM ANALYZE " + table.trim());
      }
    }
  }

  /** PostgreSQL: autovacuum runs and checkpoints so far, to tell background work apart from the sweep's own. */
  private void pgStats(int round) {
    if (!postgres) {
      return;
    }
    List<String> tables = jdbc.query("SELECT relname || ':autovacuum=' || autovacuum_count || ',autoanalyze=' "
            + "|| autoanalyze_count || ',dead=' || n_dead_tup FROM pg_stat_user_tables "
            + "WHERE relname IN ('orders', 'order_items', 'order_events', 'products') ORDER BY relname",
        (rs, i) -> rs.getString(1));
    String checkpoints = jdbc.queryForObject(
        "SELECT 'checkpoints_timed=' || checkpoints_timed || ' checkpoints_req=' || checkpoints_req FROM pg_stat_bgwriter",
        String.class);
    System.out.println("PGSTAT round=" + round + " " + String.join(" ", tables) + " " + checkpoints);
  }

  private Counter expiredCounter() {
    return registry.find("orderly.orders.expired").counter();
  }

  private double expiredCount() {
    Counter c = expiredCounter();
    return c == null ? Double.NaN : c.count();
  }

  /**
   * Waits until n more orders were expired and returns when that was observed: from the in-memory
   * counter the sweeper bumps after each commit (no load on the database), or, when the counter is
   * missing, by counting unpaid orders every 20 ms.
   */
  private Instant awaitClosed(double before, int n, Instant due, Duration timeout) throws InterruptedException {
    Instant deadline = due.plus(timeout);
    Counter c = expiredCounter();
    while (Instant.now().isBefore(deadline)) {
      if (c != null) {
        if (c.count() >= before + n) {
          return Instant.now();
        }
        Thread.sleep(1);
      } else {
        Thread.sleep(20);
        Integer left = jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE status = 'AWAITING_PAYMENT'", Integer.class);
        if (left != null && left == 0) {
          return Instant.now();
        }
      }
    }
    Integer left = jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE status = 'AWAITING_PAYMENT'", Integer.class);
    throw new IllegalStateException(left + " orders still unpaid " + timeout + " after their deadline");
  }

  private record Outcome(Instant firstCancelled, Instant lastCancelled, long p50, long p99, long max, boolean stockOk,
      boolean eventsOk) {}

  private Outcome outcome(Instant roundStart, int n) {
    // streamed, nothing kept per order but its lateness: a 1,000,000-order round fits in a small heap
    Stats.Longs lateness = new Stats.Longs();
    Instant[] firstLast = {Instant.MAX, Instant.MIN};
    readOnly.executeWithoutResult(tx -> streaming.query(
        "SELECT payment_deadline, cancelled_at, status, cancel_reason FROM orders WHERE placed_at >= ?",
        rs -> {
          if (!"CANCELLED".equals(rs.getString(3)) || !"PAYMENT_TIMEOUT".equals(rs.getString(4))) {
            throw new IllegalStateException("order not cancelled for PAYMENT_TIMEOUT: " + rs.getString(3) + " "
                + rs.getString(4));
          }
          Instant deadline = rs.getObject(1, OffsetDateTime.class).toInstant();
          Instant cancelled = rs.getObject(2, OffsetDateTime.class).toInstant();
          lateness.add(Duration.between(deadline, cancelled).toMillis());
          firstLast[0] = cancelled.isBefore(firstLast[0]) ? cancelled : firstLast[0];
          firstLast[1] = cancelled.isAfter(firstLast[1]) ? cancelled : firstLast[1];
        }, ts(roundStart)));
    if (lateness.size() != n) {
      throw new IllegalStateException("expected " + n + " orders in the round, found " + lateness.size());
    }
    long[] sorted = lateness.sorted();
    Instant first = firstLast[0];
    Instant last = firstLast[1];
    Integer badStock = jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE seller_id = ? "
        + "AND (available + reserved + sold <> ? OR reserved <> 0 OR sold <> 0)", Integer.class, shop.seller().id(), STOCK);
    Integer products = jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE seller_id = ?", Integer.class,
        shop.seller().id());
    Integer badEvents = jdbc.queryForObject("SELECT COUNT(*) FROM orders o WHERE o.placed_at >= ? AND "
        + "(SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id AND e.type = 'ORDER_CANCELLED') <> 1",
        Integer.class, ts(roundStart));
    return new Outcome(first, last, Stats.percentile(sorted, 0.5), Stats.percentile(sorted, 0.99),
        Stats.percentile(sorted, 1.0), badStock == 0 && products == shop.products().size(), badEvents == 0);
  }

  private static OffsetDateTime ts(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  // ---- the lateness histogram as Prometheus shows it ----

  private Map<Double, Double> prometheus() {
    Map<Double, Double> buckets = new TreeMap<>();
    BenchHttp.Response r = http.send("GET", "/actuator/prometheus", null, null);
    if (r.status() != 200) {
      return buckets;
    }
    for (String line : r.body().split("\n")) {
      if (line.startsWith("orderly_deadline_lateness_seconds_bucket{")) {
        int le = line.indexOf("le=\"");
        String bound = line.substring(le + 4, line.indexOf('"', le + 4));
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        buckets.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value);
      }
    }
    return buckets;
  }

  private record Prom(double count, TreeMap<Double, Double> cumulative) {
    static Prom delta(Map<Double, Double> before, Map<Double, Double> after) {
      TreeMap<Double, Double> d = new TreeMap<>();
      after.forEach((le, v) -> d.put(le, v - before.getOrDefault(le, 0.0)));
      return new Prom(d.getOrDefault(Double.POSITIVE_INFINITY, 0.0), d);
    }

    /** The upper bound of the bucket holding quantile q. */
    String le(double q) {
      if (count <= 0) {
        return "n/a";
      }
      for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
        if (e.getValue() >= q * count) {
          return e.getKey().isInfinite() ? "+Inf" : String.format(Locale.ROOT, "%.3f", e.getKey());
        }
      }
      return "+Inf";
    }
  }
}
