package dev.orderly.bench;

import com.sun.net.httpserver.HttpServer;
import dev.orderly.order.OrderPlacement;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How fast notifications go out, measured in process: the real application (web server on a
 * random port, its own DueWorkRunner, sweeper and notification relay) on H2 or PostgreSQL, a
 * webhook receiver in this process (JDK HttpServer on 127.0.0.1, verifying every Standard Webhooks
 * signature), and a driver. The seller subscribes one webhook to {@code ORDER_CANCELLED}; every
 * cancelled order then makes one inbox notification for its buyer (written with the change) and
 * one webhook delivery that the relay sends.
 *
 * <ul>
 *   <li><b>burst</b>: N unpaid orders whose payment deadlines are all moved to the same instant T:
 *       the sweeper cancels them (N inbox notifications written in its transactions) and the relay
 *       sends N webhooks. Reported: webhooks relayed per second (first to last arrival, and T to
 *       last arrival), and per notification the time from its order's cancellation to its webhook.
 *   <li><b>steady</b>: buyers cancel unpaid orders over HTTP at a fixed rate R for S seconds (open
 *       loop), so the relay is not saturated; per change the time from sending the cancel request
 *       (so before its commit: an upper bound) to its webhook arriving, p50/p99/max.
 * </ul>
 * Checks: every order's webhook arrived with a valid signature, each notification has exactly one
 * delivered webhook delivery, duplicates (same webhook-id twice) are counted.
 *
 * <p>Spring properties as {@code --key=value}; the driver's own are {@code --bench.*}: db (label),
 * orders, rounds, steady-rates (e.g. 100,500), steady-seconds, receiver-threads, place-threads,
 * warmup-orders. Prints {@code RESULT} lines, the last one this JVM's peak RSS (receiver included).
 * Not a test: run it through bench/run.sh.
 */
public final class NotificationBench {

  private static final int STOCK = 1_000_000;
  private static final String ADMIN = "bench-admin-token-local";

  private final Environment env;
  private final JdbcTemplate jdbc;
  private final OrderPlacement orders;
  private final BenchHttp http;
  private final BenchHttp.Shop shop;
  private final String db;
  private final Receiver receiver;

  private NotificationBench(ConfigurableApplicationContext ctx, Receiver receiver) {
    this.env = ctx.getEnvironment();
    this.jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
    this.orders = ctx.getBean(OrderPlacement.class);
    this.http = new BenchHttp("http://127.0.0.1:" + env.getProperty("local.server.port"));
    this.db = env.getProperty("bench.db", "h2");
    this.receiver = receiver;
    this.shop = http.shop(ADMIN, "n" + Long.toString(System.currentTimeMillis(), 36), intProp("bench.products", 100),
        STOCK, intProp("bench.buyers", 200), Duration.ofHours(1));
    BenchHttp.Response hook = http.send("POST", "/api/v1/webhooks", shop.seller().token(),
        Map.of("url", receiver.url(), "types", List.of("ORDER_CANCELLED")));
    if (hook.status() != 201) {
      throw new IllegalStateException("subscribe: HTTP " + hook.status() + " " + hook.body());
    }
    receiver.secret(hook.json().path("secret").asString());
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> props = BenchApp.settings(ADMIN, Map.of("orderly.webhooks.allow-private-targets", "true"), args);
    int receiverThreads = Integer.parseInt(props.getOrDefault("bench.receiver-threads", "32"));
    int code;
    try (Receiver receiver = new Receiver(receiverThreads)) {
      code = BenchApp.run(props, ctx -> new NotificationBench(ctx, receiver).run());
    }
    System.out.println(Rss.resultLine("notify", props.getOrDefault("bench.db", "h2"), ""));
    System.exit(code);
  }

  private int intProp(String name, int fallback) {
    return env.getProperty(name, Integer.class, fallback);
  }

  private void run() throws Exception {
    int warmup = intProp("bench.warmup-orders", 2000);
    if (warmup > 0) {
      burst(0, warmup);
    }
    int n = intProp("bench.orders", 10_000);
    for (int r = 1; r <= intProp("bench.rounds", 3); r++) {
      burst(r, n);
    }
    int drain = intProp("bench.drain-notifications", 10_000);
    for (int r = 1; r <= intProp("bench.drain-rounds", 3) && drain > 0; r++) {
      drain(r, drain);
    }
    int seconds = intProp("bench.steady-seconds", 10);
    for (String rate : env.getProperty("bench.steady-rates", "100,500").split(",")) {
      if (!rate.isBlank()) {
        steady(Integer.parseInt(rate.trim()), seconds);
      }
    }
  }

  // ---- scenarios ----

  private void burst(int round, int n) throws Exception {
    List<UUID> ids = place(n);
    receiver.expect(ids);
    long lead = 3000 + n / 5; // the UPDATE below must commit before T
    Instant t = Instant.now().plusMillis(lead).truncatedTo(ChronoUnit.MILLIS);
    int moved = jdbc.update("UPDATE orders SET payment_deadline = ? WHERE status = 'AWAITING_PAYMENT'", ts(t));
    if (moved != n) {
      throw new IllegalStateException("expected " + n + " unpaid orders, moved " + moved);
    }
    receiver.await(Duration.ofSeconds(60 + n / 100));
    Map<UUID, Instant> cancelled = cancelledAt(ids);
    Stats.Longs latency = new Stats.Longs();
    Instant lastCancel = Instant.MIN;
    for (UUID id : ids) {
      Instant c = cancelled.get(id);
      latency.add(Duration.between(c, receiver.arrival(id)).toMillis());
      lastCancel = c.isAfter(lastCancel) ? c : lastCancel;
    }
    long[] sorted = latency.sorted();
    Instant first = receiver.firstArrival();
    Instant last = receiver.lastArrival();
    double relayed = n / Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
    double endToEnd = n / Math.max(1e-3, Duration.between(t, last).toNanos() / 1e9);
    System.out.println((round == 0 ? "WARMUP " : "RESULT ") + String.format(Locale.ROOT,
        "kind=notify-burst db=%s round=%d notifications=%d close_all_ms=%d last_webhook_ms=%d relayed_per_s=%.0f "
            + "end_to_end_per_s=%.0f cancel_to_webhook_p50_ms=%d cancel_to_webhook_p99_ms=%d "
            + "cancel_to_webhook_max_ms=%d %s",
        db, round, n, Duration.between(t, lastCancel).toMillis(), Duration.between(t, last).toMillis(), relayed,
        endToEnd, Stats.percentile(sorted, 0.5), Stats.percentile(sorted, 0.99), Stats.percentile(sorted, 1.0),
        checks(ids)));
  }

  /**
   * The relay alone: N notifications with their webhook deliveries written as Notifications#send
   * writes them (one per cancelled order of this round), all due at the same instant T; reported
   * is how fast the relay drains them.
   */
  private void drain(int round, int n) throws Exception {
    List<UUID> ids = place(n);
    receiver.expect(ids);
    UUID hook = jdbc.queryForObject("SELECT id FROM webhook_subscriptions WHERE owner_id = ? AND status = 'ACTIVE'",
        UUID.class, shop.seller().id());
    Map<UUID, BenchHttp.Principal> buyerOf = buyers(ids);
    Instant now = Instant.now();
    Instant t = now.plusMillis(2000 + n / 5).truncatedTo(ChronoUnit.MILLIS);
    List<Object[]> notifications = new ArrayList<>(n);
    List<Object[]> deliveries = new ArrayList<>(n);
    for (UUID order : ids) {
      UUID id = UUID.randomUUID();
      notifications.add(new Object[] {id, buyerOf.get(order).id(), "ORDER_CANCELLED", order,
          "{\"reason\":\"PAYMENT_TIMEOUT\",\"orderNumber\":\"BENCH\"}", ts(now)});
      deliveries.add(new Object[] {UUID.randomUUID(), id, "WEBHOOK", hook.toString(), ts(t), ts(now)});
    }
    jdbc.batchUpdate("INSERT INTO notifications (id, recipient_id, type, order_id, data, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?)", notifications);
    jdbc.batchUpdate("INSERT INTO notification_deliveries (id, notification_id, channel, target, status, attempts, "
        + "next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)", deliveries);
    if (env.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:")) {
      // what autovacuum's analyze would have done after so many inserts: the planner then knows the
      // table holds due rows (on a never-analyzed table it scans the whole table for every claim)
      jdbc.execute("ANALYZE notifications, notification_deliveries");
    }
    long marginMs = Duration.between(Instant.now(), t).toMillis();
    // CPU from before T (the relay sleeps until then) to the last arrival: this JVM (relay and the
    // in-process receiver) and PostgreSQL (all of its processes: other sessions' work counts too)
    String cpuScript = env.getProperty("bench.cpu-script", "");
    String cpuCmd = cpuScript.isBlank() ? null : cpuScript + " " + ProcessHandle.current().pid();
    boolean pg = env.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:");
    Map<String, Long> pgFrom = pg ? pgCounters() : Map.of();
    double[] cpuFrom = Cpu.sample(cpuCmd, 0);
    Map<String, Long> threadsFrom = threadCpu();
    receiver.await(Duration.ofSeconds(60 + n / 100));
    double[] cpuTo = Cpu.sample(cpuCmd, 0);
    Map<String, Long> threadsTo = threadCpu();
    if (pg) {
      // PostgreSQL's backends report their counters within ~10 s of going idle (PGSTAT_IDLE_INTERVAL)
      Thread.sleep(11_000);
      Map<String, Long> pgTo = pgCounters();
      StringBuilder perWebhook = new StringBuilder();
      pgTo.forEach((k, v) -> perWebhook.append(String.format(Locale.ROOT, " %s=%.3f", k,
          (v - pgFrom.getOrDefault(k, 0L)) / (double) n)));
      System.out.println("PGSTAT kind=notify-drain db=" + db + " round=" + round + " per_webhook:" + perWebhook);
    }
    Instant first = receiver.firstArrival();
    Instant last = receiver.lastArrival();
    Stats.Longs lateness = new Stats.Longs();
    ids.forEach(id -> lateness.add(Duration.between(t, receiver.arrival(id)).toMillis()));
    long[] sorted = lateness.sorted();
    System.out.println("RESULT " + String.format(Locale.ROOT,
        "kind=notify-drain db=%s round=%d notifications=%d margin_ms=%d first_webhook_ms=%d last_webhook_ms=%d "
            + "relayed_per_s=%.0f due_to_webhook_p50_ms=%d due_to_webhook_p99_ms=%d %s %s",
        db, round, n, marginMs, Duration.between(t, first).toMillis(), Duration.between(t, last).toMillis(),
        n / Math.max(1e-3, Duration.between(t, last).toNanos() / 1e9), Stats.percentile(sorted, 0.5),
        Stats.percentile(sorted, 0.99), Cpu.perOrder(cpuFrom, cpuTo, n, "process", "pg")
            .replace("per_order", "per_webhook"), checks(ids)));
    // where this JVM's CPU went, by thread kind (digits in thread names dropped); not a RESULT line
    StringBuilder byThread = new StringBuilder();
    threadsTo.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threadsFrom.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> byThread.append(String.format(Locale.ROOT, " %s=%.3f", e.getKey().replace(' ', '_'),
            e.getValue() / 1e6 / n)));
    System.out.println("THREADS kind=notify-drain db=" + db + " round=" + round + " cpu_ms_per_webhook_by_thread:"
        + byThread);
    // the round's orders are left unpaid: close them so the next round's placements stand alone
    jdbc.update("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'PAYMENT_TIMEOUT', cancelled_at = ?, "
        + "payment_reminder_at = NULL WHERE status = 'AWAITING_PAYMENT'", ts(Instant.now()));
  }

  /**
   * The database's counters the relay moves (pg_stat_statements is not always loaded): commits,
   * and rows updated, HOT-updated and inserted and index scans on the outbox tables.
   */
  private Map<String, Long> pgCounters() {
    Map<String, Long> c = new java.util.TreeMap<>();
    jdbc.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
        rs -> { c.put("commits", rs.getLong(1)); });
    jdbc.query("SELECT relname, COALESCE(idx_scan, 0), seq_scan, n_tup_upd, n_tup_hot_upd, n_tup_ins FROM pg_stat_user_tables "
        + "WHERE relname IN ('notification_deliveries', 'webhook_attempts', 'notifications', 'webhook_subscriptions')",
        rs -> {
          String t = rs.getString(1).replace("notification_", "n_").replace("webhook_", "w_");
          c.put(t + "_idx_scans", rs.getLong(2));
          c.put(t + "_seq_scans", rs.getLong(3));
          c.put(t + "_updated", rs.getLong(4));
          c.put(t + "_hot_updated", rs.getLong(5));
          c.put(t + "_inserted", rs.getLong(6));
        });
    return c;
  }

  /** CPU nanoseconds of this JVM's live threads, summed by name with its digits dropped. */
  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> byName = new HashMap<>();
    for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = mx.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) {
        byName.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
      }
    }
    return byName;
  }

  private void steady(int rate, int seconds) throws Exception {
    int n = rate * seconds;
    List<UUID> ids = place(n);
    receiver.expect(ids);
    Map<UUID, BenchHttp.Principal> buyerOf = buyers(ids);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(64, Math.max(8, rate / 10)));
    Map<UUID, Instant> sent = new ConcurrentHashMap<>();
    Map<UUID, Long> answeredMs = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    long start = System.nanoTime() + 200_000_000L;
    try {
      List<Future<?>> done = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        UUID order = ids.get(i);
        done.add(pool.submit(() -> {
          sent.put(order, Instant.now());
          long requestStart = System.nanoTime();
          BenchHttp.Response r = http.send("POST", "/api/v1/orders/" + order + "/cancellations",
              buyerOf.get(order).token(), Map.of("reason", "CHANGED_MIND"));
          answeredMs.put(order, (System.nanoTime() - requestStart) / 1_000_000);
          if (r.status() != 201) {
            refused.incrementAndGet();
            System.out.println("cancel refused: HTTP " + r.status() + " " + r.body());
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double offered = n / ((System.nanoTime() - start) / 1e9);
    receiver.await(Duration.ofSeconds(60));
    Map<UUID, Instant> cancelled = cancelledAt(ids);
    Stats.Longs fromRequest = new Stats.Longs();
    Stats.Longs fromCancel = new Stats.Longs();
    for (UUID id : ids) {
      fromRequest.add(Duration.between(sent.get(id), receiver.arrival(id)).toMillis());
      fromCancel.add(Duration.between(cancelled.get(id), receiver.arrival(id)).toMillis());
    }
    long[] request = fromRequest.sorted();
    long[] change = fromCancel.sorted();
    Stats.Longs answers = new Stats.Longs();
    answeredMs.values().forEach(answers::add);
    long[] answered = answers.sorted();
    System.out.println("RESULT " + String.format(Locale.ROOT,
        "kind=notify-steady db=%s rate=%d seconds=%d offered_per_s=%.0f notifications=%d refused=%d "
            + "cancel_request_p50_ms=%d cancel_request_p99_ms=%d "
            + "cancel_to_webhook_p50_ms=%d cancel_to_webhook_p99_ms=%d cancel_to_webhook_max_ms=%d "
            + "request_to_webhook_p50_ms=%d request_to_webhook_p99_ms=%d %s",
        db, rate, seconds, offered, n, refused.get(), Stats.percentile(answered, 0.5),
        Stats.percentile(answered, 0.99), Stats.percentile(change, 0.5), Stats.percentile(change, 0.99),
        Stats.percentile(change, 1.0), Stats.percentile(request, 0.5), Stats.percentile(request, 0.99),
        checks(ids)));
  }

  // ---- steps ----

  private List<UUID> place(int n) throws Exception {
    return BenchApp.place(orders, shop, n, intProp("bench.place-threads", 4));
  }

  private Map<UUID, BenchHttp.Principal> buyers(List<UUID> ids) {
    Map<UUID, BenchHttp.Principal> byId = new HashMap<>();
    shop.buyers().forEach(b -> byId.put(b.id(), b));
    Map<UUID, BenchHttp.Principal> result = new HashMap<>();
    jdbc.query("SELECT id, buyer_id FROM orders WHERE status = 'AWAITING_PAYMENT'",
        rs -> {
          result.put(rs.getObject(1, UUID.class), byId.get(rs.getObject(2, UUID.class)));
        });
    if (!result.keySet().containsAll(ids)) {
      throw new IllegalStateException("placed orders missing");
    }
    return result;
  }

  private Map<UUID, Instant> cancelledAt(List<UUID> ids) {
    Set<UUID> wanted = Set.copyOf(ids);
    Map<UUID, Instant> result = new HashMap<>();
    jdbc.query("SELECT id, cancelled_at FROM orders WHERE status = 'CANCELLED' AND cancelled_at IS NOT NULL", rs -> {
      UUID id = rs.getObject(1, UUID.class);
      if (wanted.contains(id)) {
        result.put(id, rs.getObject(2, OffsetDateTime.class).toInstant());
      }
    });
    if (result.size() != ids.size()) {
      throw new IllegalStateException(ids.size() - result.size() + " orders not cancelled");
    }
    return result;
  }

  /** What the database and the receiver say about the round's notifications. */
  private String checks(List<UUID> ids) throws InterruptedException {
    // the relay records a batch's outcomes after its last webhook arrived: give it a moment
    long end = System.nanoTime() + 10_000_000_000L;
    String result;
    while (!(result = checksNow(ids)).endsWith("ok=true") && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    return result;
  }

  private String checksNow(List<UUID> ids) {
    Set<UUID> wanted = Set.copyOf(ids);
    AtomicInteger notifications = new AtomicInteger();
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    jdbc.query("""
        SELECT n.order_id, d.status FROM notifications n
        JOIN notification_deliveries d ON d.notification_id = n.id AND d.channel = 'WEBHOOK'
        WHERE n.type = 'ORDER_CANCELLED'""", rs -> {
      if (wanted.contains(rs.getObject(1, UUID.class))) {
        notifications.incrementAndGet();
        (("DELIVERED".equals(rs.getString(2))) ? delivered : other).incrementAndGet();
      }
    });
    boolean ok = notifications.get() == ids.size() && delivered.get() == ids.size() && receiver.invalid() == 0
        && receiver.arrived() == ids.size();
    return String.format(Locale.ROOT, "webhook_deliveries=%d delivered=%d not_delivered=%d duplicates=%d bad_signatures=%d ok=%s",
        notifications.get(), delivered.get(), other.get(), receiver.duplicates(), receiver.invalid(), ok);
  }

  private static OffsetDateTime ts(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  /** The webhook receiver: verifies signatures, records when each expected order's webhook first arrived. */
  static final class Receiver implements AutoCloseable {
    private static final String ORDER_ID = "\"orderId\":\"";
    private final HttpServer server;
    private final ExecutorService threads;
    private volatile String secret;
    private volatile Set<UUID> expected = Set.of();
    private final Map<UUID, Instant> arrivals = new ConcurrentHashMap<>();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();

    Receiver(int threadCount) throws Exception {
      threads = Executors.newFixedThreadPool(threadCount, r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
      });
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
      server.setExecutor(threads);
      server.createContext("/", exchange -> {
        Instant at = Instant.now();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var h = exchange.getRequestHeaders();
        String id = h.getFirst("webhook-id");
        boolean valid = StandardWebhooks.verifies(secret, id, h.getFirst("webhook-timestamp"),
            h.getFirst("webhook-signature"), body);
        if (!valid) {
          invalid.incrementAndGet();
        } else if (!seenIds.add(id)) {
          duplicates.incrementAndGet();
        } else {
          // the signature is verified over the raw body; the order id is all the bench needs from it
          int start = body.indexOf(ORDER_ID) + ORDER_ID.length();
          UUID order = UUID.fromString(body.substring(start, start + 36));
          if (expected.contains(order)) {
            arrivals.putIfAbsent(order, at);
          }
        }
        exchange.sendResponseHeaders(valid ? 204 : 400, -1);
        exchange.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void secret(String secret) {
      this.secret = secret;
    }

    void expect(List<UUID> orders) {
      arrivals.clear();
      duplicates.set(0);
      invalid.set(0);
      expected = Set.copyOf(orders);
    }

    void await(Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (arrivals.size() < expected.size()) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException((expected.size() - arrivals.size()) + " webhooks missing after " + timeout);
        }
        Thread.sleep(2);
      }
    }

    Instant arrival(UUID order) {
      return arrivals.get(order);
    }

    Instant firstArrival() {
      return arrivals.values().stream().min(Instant::compareTo).orElseThrow();
    }

    Instant lastArrival() {
      return arrivals.values().stream().max(Instant::compareTo).orElseThrow();
    }

    int arrived() {
      return arrivals.size();
    }

    long duplicates() {
      return duplicates.get();
    }

    long invalid() {
      return invalid.get();
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }
}
