package dev.orderly.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database's ceiling for placement: how many orders per second a bare JDBC loop writes when it
 * writes exactly the rows one HTTP placement writes, with nothing else (no HTTP, JSON, security,
 * validation, reads of product, policy or buyer, Spring transactions or pool). Compared with the
 * placement scenario, it tells how much of the placement cost is the database's own.
 *
 * <p>How: the application is started once in process (Flyway creates the schema; the fixture seller
 * with a one-hour payment window, products and buyers are created through the admin API), then
 * closed; the workers then use one plain {@code DriverManager} connection each, to the same JDBC URL
 * the application used (on H2 its own file URL with WRITE_DELAY=0, on PostgreSQL run.sh's URL). Each
 * worker, in a closed loop, in one transaction per order: reserves stock ({@code UPDATE products …
 * WHERE id = ? AND available >= ?}), inserts the {@code orders} row (every column placement writes,
 * the seller policy snapshot included), its {@code order_items} line, one {@code ORDER_PLACED} row
 * in {@code order_events}, and (unless {@code --bench.idempotency=false}) the {@code idempotency_keys}
 * row with a stored answer, then commits. Order numbers come from {@code order_number_seq} in
 * blocks of 100, as the application takes them. The same warm-up and timed windows as PlacementLoad;
 * an order counts when its commit returns inside the window. After each level: stock conserved
 * (available + reserved + sold unchanged, reserved = orders written).
 *
 * <p>Options ({@code --bench.*}): db (label), run (label), concurrency (comma list), warmup,
 * duration, initial-warmup (seconds), products, buyers, idempotency, cpu-script (bench/cpu.sh: CPU
 * of this process, the database engine included on H2, and of PostgreSQL). Other {@code --key=value}
 * go to Spring. Prints {@code RESULT kind=ceiling} lines and this JVM's peak RSS. Not a test: run it
 * through bench/run.sh.
 */
public final class PlacementCeiling {

  private static final String ADMIN = "bench-admin-token-local";
  private static final int STOCK = 1_000_000;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);

  /** What a worker needs of a product: placement reads it per order; here once. */
  private record Product(UUID id, BigDecimal price, String currency, boolean digital) {}

  /** The seller policy's eight columns as stored, and the two durations placement derives times from. */
  private record Policy(Object[] columns, long paymentWindowMs, long reminderBeforeMs) {}

  private final Map<String, String> opt;
  private final BenchDb db;
  private final UUID seller;
  private final List<Product> products;
  private final List<UUID> buyers;
  private final Policy policy;
  private final boolean idempotency;
  private final AtomicLong committed = new AtomicLong();

  private PlacementCeiling(Map<String, String> opt, BenchDb db, UUID seller, List<Product> products, List<UUID> buyers,
      Policy policy) {
    this.opt = opt;
    this.db = db;
    this.seller = seller;
    this.products = products;
    this.buyers = buyers;
    this.policy = policy;
    this.idempotency = Boolean.parseBoolean(opt.getOrDefault("bench.idempotency", "true"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = BenchApp.settings(ADMIN, Map.of(), args);
    PlacementCeiling[] ceiling = new PlacementCeiling[1];
    int code = BenchApp.run(opt, ctx -> ceiling[0] = fixture(opt, ctx.getEnvironment(),
        new JdbcTemplate(ctx.getBean(DataSource.class))));
    // the application is closed now: its pool, timers and (on H2) the database file are released
    if (code == 0) {
      try {
        ceiling[0].run();
      } catch (Exception e) {
        e.printStackTrace();
        code = 1;
      }
    }
    System.out.println(Rss.resultLine("ceiling", opt.getOrDefault("bench.db", "h2"), "run=" + opt.getOrDefault("bench.run", "1")));
    System.exit(code);
  }

  /** Creates the fixture through the API and reads back what the workers write into every order. */
  private static PlacementCeiling fixture(Map<String, String> opt, Environment env, JdbcTemplate jdbc) {
    BenchHttp http = new BenchHttp("http://127.0.0.1:" + env.getProperty("local.server.port"));
    BenchHttp.Shop shop = http.shop(ADMIN, "c" + Long.toString(System.currentTimeMillis(), 36),
        Integer.parseInt(opt.getOrDefault("bench.products", "100")), STOCK,
        Integer.parseInt(opt.getOrDefault("bench.buyers", "200")), Duration.ofHours(1));
    List<Product> products = new ArrayList<>();
    for (UUID id : shop.products()) {
      products.add(jdbc.queryForObject("SELECT price_amount, currency, digital FROM products WHERE id = ?",
          (rs, i) -> new Product(id, rs.getBigDecimal(1), rs.getString(2), rs.getBoolean(3)), id));
    }
    Policy policy = jdbc.queryForObject("SELECT payment_window_ms, free_cancel_window_ms, cancellation_window_ms, "
            + "seller_response_window_ms, auto_complete_window_ms, cancellation_fee_percent, digital_cancellable, "
            + "payment_reminder_before_ms FROM seller_policies WHERE seller_id = ?",
        (rs, i) -> {
          Object[] columns = new Object[8];
          for (int c = 0; c < 8; c++) {
            columns[c] = rs.getObject(c + 1);
          }
          return new Policy(columns, rs.getLong(1), rs.getLong(8));
        }, shop.seller().id());
    BenchDb db = BenchDb.of(env.getProperty("spring.datasource.url"), env.getProperty("spring.datasource.username"),
        env.getProperty("spring.datasource.password", ""));
    System.out.println("database: " + db.url());
    return new PlacementCeiling(opt, db, shop.seller().id(), products,
        shop.buyers().stream().map(BenchHttp.Principal::id).toList(), policy);
  }

  private int intOpt(String name, int fallback) {
    return Integer.parseInt(opt.getOrDefault("bench." + name, String.valueOf(fallback)));
  }

  private void run() throws Exception {
    int[] levels = Arrays.stream(opt.getOrDefault("bench.concurrency", "8,16,32").split(","))
        .mapToInt(c -> Integer.parseInt(c.trim())).toArray();
    int max = Arrays.stream(levels).max().orElse(8);
    // one connection per worker, opened once, as a pool would hold them
    List<Worker> workers = new ArrayList<>();
    for (int w = 0; w < max; w++) {
      workers.add(new Worker(db.connect(), w));
    }
    try {
      int initial = intOpt("initial-warmup", 15);
      if (initial > 0) {
        Level l = level(workers.subList(0, max), 0, initial);
        System.out.printf("initial warm-up: %d orders/s at concurrency %d, %d errors%n", l.orders / initial, max, l.errors);
      }
      for (int c : levels) {
        int duration = intOpt("duration", 20);
        Level l = level(workers.subList(0, c), intOpt("warmup", 5), duration);
        long[] sorted = l.latencies.sorted();
        System.out.printf(Locale.ROOT, "RESULT kind=ceiling db=%s run=%s concurrency=%d idempotency=%s ok=%d errors=%d "
                + "seconds=%d orders_per_s=%.1f p50_ms=%s p99_ms=%s %s stock_ok=%s%n",
            opt.getOrDefault("bench.db", "h2"), opt.getOrDefault("bench.run", "1"), c, idempotency, sorted.length,
            l.errors, duration, sorted.length / (double) duration, Stats.ms(Stats.percentile(sorted, 0.5) / 1e6),
            Stats.ms(Stats.percentile(sorted, 0.99) / 1e6),
            Cpu.perOrder(l.cpuFrom, l.cpuTo, sorted.length, "process", "pg"), stockOk());
        if (l.firstError != null) {
          System.out.println("first error: " + l.firstError);
        }
      }
    } finally {
      for (Worker w : workers) {
        w.connection.close();
      }
    }
  }

  private record Level(long orders, long errors, Stats.Longs latencies, double[] cpuFrom, double[] cpuTo,
      String firstError) {}

  /** Runs the workers for warmup + duration seconds; counts what committed inside the timed window. */
  private Level level(List<Worker> active, int warmupSeconds, int durationSeconds) throws InterruptedException {
    long start = System.nanoTime();
    long from = start + warmupSeconds * 1_000_000_000L;
    long to = from + durationSeconds * 1_000_000_000L;
    String cpuCmd = opt.containsKey("bench.cpu-script") ? opt.get("bench.cpu-script") + " " + ProcessHandle.current().pid()
        : null;
    double[][] cpu = new double[2][];
    Thread sampler = new Thread(() -> {
      cpu[0] = Cpu.sample(cpuCmd, from);
      cpu[1] = Cpu.sample(cpuCmd, to);
    }, "cpu-sampler");
    sampler.start();
    List<Thread> threads = new ArrayList<>();
    for (Worker w : active) {
      w.reset();
      Thread t = new Thread(() -> w.loop(active.size(), from, to), "ceiling-" + w.index);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    sampler.join();
    Stats.Longs all = new Stats.Longs();
    long orders = 0;
    long errors = 0;
    String firstError = null;
    for (Worker w : active) {
      all.addAll(w.latencies);
      orders += w.windowOrders;
      errors += w.windowErrors;
      firstError = firstError == null ? w.firstError : firstError;
    }
    return new Level(orders, errors, all, cpu[0], cpu[1], firstError);
  }

  /** Stock conserved for every fixture product, and reserved units = orders written (one unit each). */
  private boolean stockOk() throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*), SUM(reserved), "
            + "SUM(CASE WHEN available + reserved + sold <> ? THEN 1 ELSE 0 END) FROM products WHERE seller_id = ?")) {
      s.setInt(1, STOCK);
      s.setObject(2, seller);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) == products.size() && rs.getLong(2) == committed.get() && rs.getInt(3) == 0;
      }
    }
  }

  /** One worker: its own connection and prepared statements, one order per transaction. */
  private final class Worker {
    final Connection connection;
    final int index;
    final PreparedStatement reserve;
    final PreparedStatement order;
    final PreparedStatement item;
    final PreparedStatement event;
    final PreparedStatement key;
    final PreparedStatement numberBlock;
    final MessageDigest sha;
    long nextNumber;
    long numberLimit;
    Stats.Longs latencies;
    long windowOrders;
    long windowErrors;
    String firstError;

    Worker(Connection connection, int index) throws Exception {
      this.connection = connection;
      this.index = index;
      connection.setAutoCommit(false);
      reserve = connection.prepareStatement(
          "UPDATE products SET available = available - ?, reserved = reserved + ? WHERE id = ? AND available >= ?");
      order = connection.prepareStatement("""
          INSERT INTO orders (id, number, buyer_id, seller_id, status, total_amount, currency, digital, placed_at,
            payment_deadline, payment_reminder_at, payment_pending, policy_payment_window_ms, policy_free_cancel_window_ms,
            policy_cancellation_window_ms, policy_seller_response_window_ms, policy_auto_complete_window_ms,
            policy_cancellation_fee_percent, policy_digital_cancellable, policy_payment_reminder_before_ms)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
      item = connection.prepareStatement(
          "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_amount) VALUES (?, ?, ?, ?, ?)");
      event = connection.prepareStatement(
          "INSERT INTO order_events (order_id, occurred_at, type, actor, detail) VALUES (?, ?, ?, ?, ?)");
      key = connection.prepareStatement("INSERT INTO idempotency_keys (principal_id, idem_key, request_hash, "
          + "response_status, content_type, response_body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
      numberBlock = connection.prepareStatement("SELECT nextval('order_number_seq')");
      sha = MessageDigest.getInstance("SHA-256");
    }

    void reset() {
      latencies = new Stats.Longs();
      windowOrders = 0;
      windowErrors = 0;
      firstError = null;
    }

    void loop(int concurrency, long from, long to) {
      long i = index;
      while (true) {
        long t0 = System.nanoTime();
        if (t0 >= to) {
          return;
        }
        boolean ok;
        try {
          place(buyers.get((int) (i % buyers.size())), products.get(ThreadLocalRandom.current().nextInt(products.size())));
          committed.incrementAndGet();
          ok = true;
        } catch (SQLException | RuntimeException e) {
          ok = false;
          try {
            connection.rollback();
          } catch (SQLException ignored) {
            // the next order's statements will fail too, and be counted
          }
          firstError = firstError == null ? String.valueOf(e) : firstError;
        }
        i += concurrency;
        long t1 = System.nanoTime();
        if (t1 >= from && t1 < to) {
          if (ok) {
            windowOrders++;
            latencies.add(t1 - t0);
          } else {
            windowErrors++;
          }
        }
      }
    }

    /** The rows of one placement of one unit of {@code p} by {@code buyer}, in one transaction. */
    void place(UUID buyer, Product p) throws SQLException {
      Instant now = Instant.now();
      OffsetDateTime placedAt = now.atOffset(ZoneOffset.UTC);
      Instant deadline = now.plusMillis(policy.paymentWindowMs);
      Instant reminder = deadline.minusMillis(policy.reminderBeforeMs);
      reminder = reminder.isBefore(now) ? now : reminder;
      UUID id = UUID.randomUUID();
      String number = DAY.format(now) + "-" + encode(nextCounter());
      reserve.setInt(1, 1);
      reserve.setInt(2, 1);
      reserve.setObject(3, p.id());
      reserve.setInt(4, 1);
      if (reserve.executeUpdate() != 1) {
        throw new IllegalStateException("insufficient stock for " + p.id());
      }
      int c = 1;
      order.setObject(c++, id);
      order.setString(c++, number);
      order.setObject(c++, buyer);
      order.setObject(c++, seller);
      order.setString(c++, "AWAITING_PAYMENT");
      order.setBigDecimal(c++, p.price());
      order.setString(c++, p.currency());
      order.setBoolean(c++, p.digital());
      order.setObject(c++, placedAt);
      order.setObject(c++, deadline.atOffset(ZoneOffset.UTC));
      order.setObject(c++, reminder.atOffset(ZoneOffset.UTC));
      order.setBoolean(c++, false);
      for (Object column : policy.columns()) {
        order.setObject(c++, column);
      }
      order.executeUpdate();
      item.setObject(1, id);
      item.setInt(2, 1);
      item.setObject(3, p.id());
      item.setInt(4, 1);
      item.setBigDecimal(5, p.price());
      item.executeUpdate();
      String total = p.price().toPlainString() + " " + p.currency();
      event.setObject(1, id);
      event.setObject(2, placedAt);
      event.setString(3, "ORDER_PLACED");
      event.setString(4, "buyer:" + buyer);
      event.setString(5, "{\"number\":\"" + number + "\",\"total\":\"" + total + "\",\"paymentDeadline\":\"" + deadline
          + "\"}");
      event.executeUpdate();
      if (idempotency) {
        String body = answer(id, number, buyer, seller, p, now, deadline, policy);
        key.setObject(1, buyer);
        key.setString(2, UUID.randomUUID().toString());
        key.setString(3, HexFormat.of().formatHex(sha.digest(BenchHttp.orderBody(p.id(), 1).getBytes(StandardCharsets.UTF_8))));
        key.setInt(4, 201);
        key.setString(5, "application/json");
        key.setString(6, body);
        key.setObject(7, placedAt);
        key.executeUpdate();
      }
      connection.commit();
    }

    /** A counter from the application's sequence, a block of 100 per round trip as OrderNumbers takes them. */
    long nextCounter() throws SQLException {
      if (nextNumber >= numberLimit) {
        try (ResultSet rs = numberBlock.executeQuery()) {
          rs.next();
          nextNumber = rs.getLong(1);
          numberLimit = nextNumber + 100;
        }
      }
      return nextNumber++;
    }
  }

  /** The stored answer: an OrderView's fields (nulls included, as the application writes them), by hand. */
  private static String answer(UUID id, String number, UUID buyer, UUID seller, Product p, Instant now,
      Instant deadline, Policy policy) {
    String money = "{\"amount\":\"" + p.price().toPlainString() + "\",\"currency\":\"" + p.currency() + "\"}";
    Object[] c = policy.columns();
    return "{\"id\":\"" + id + "\",\"number\":\"" + number + "\",\"buyerId\":\"" + buyer + "\",\"sellerId\":\""
        + seller + "\",\"status\":\"AWAITING_PAYMENT\",\"cancelReason\":null,\"items\":[{\"productId\":\"" + p.id()
        + "\",\"quantity\":1,\"unitPrice\":" + money + "}],\"total\":" + money + ",\"placedAt\":\"" + now
        + "\",\"paymentDeadline\":\"" + deadline + "\",\"paidAt\":null,\"processingAt\":null,\"shippedAt\":null,"
        + "\"deliveredAt\":null,\"completedAt\":null,\"cancelledAt\":null,\"autoCompleteAt\":null,\"carrier\":null,"
        + "\"trackingNumber\":null,\"paymentPending\":false,\"policy\":{\"paymentWindow\":\"PT" + c[0]
        + "S\",\"freeCancelWindow\":\"PT" + c[1] + "S\",\"cancellationWindow\":\"PT" + c[2]
        + "S\",\"sellerResponseWindow\":\"PT" + c[3] + "S\",\"autoCompleteWindow\":\"PT" + c[4]
        + "S\",\"cancellationFeePercent\":" + c[5] + ",\"digitalCancellable\":" + c[6]
        + ",\"paymentReminderBefore\":\"PT" + c[7] + "S\"}}";
  }

  /** OrderNumbers' scramble (a bijection on 40 bits) into eight Crockford base-32 characters, copied. */
  static String encode(long counter) {
    String crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    long x = (counter * (0x9E3779B97FL | 1)) & ((1L << 40) - 1);
    x ^= x >>> 17;
    char[] out = new char[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = crockford.charAt((int) (x & 31));
      x >>>= 5;
    }
    return new String(out);
  }
}
