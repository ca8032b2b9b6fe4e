package dev.orderly.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for order placement over HTTP against a running server (started separately by
 * bench/run.sh): a fixed number of workers, each sending POST /api/v1/orders back to back (closed
 * loop), spread over many buyers and products. A warm-up, then a timed window; a request counts
 * when it completes inside the window.
 *
 * <p>Variants: <b>two instances</b> — {@code url} is a comma list; worker w sends to url w mod n, so
 * the workers are split evenly and the line says {@code instances=n}. <b>Hot product</b> —
 * {@code hot=true}: every request orders one unit of the same product, only at the highest
 * concurrency; the line is printed as {@code HOT kind=hot ...} with the product and every 201 answer
 * counted (warm-ups included) for the stock check run.sh makes after stopping the server
 * (StockCheck). <b>Preload</b> — {@code preload=N} with {@code db-url}/{@code db-user}/{@code db-password}
 * (PostgreSQL): after the fixture is created, N old orders of its buyers and products are written
 * by BulkOrders#history (batches of {@code preload-batch}), then ANALYZE and a CHECKPOINT (what a
 * database holding them for a while would have done), then the load runs as usual.
 *
 * <p>Arguments are key=value: url, admin, db (a label), run (a label), concurrency (comma list),
 * warmup and duration (seconds), initial-warmup (seconds), products, buyers, cpu-cmd, hot, preload,
 * preload-batch, db-url, db-user, db-password. Prints one {@code RESULT} line per concurrency.
 * Not a test: run it through bench/run.sh.
 */
public final class PlacementLoad {

  /** 201 answers over the whole run, warm-ups included (hot product: what the stock must account for). */
  private static final AtomicLong CREATED = new AtomicLong();
  /** Requests that failed in the client (timeout, connection): their order may or may not exist. */
  private static final AtomicLong CLIENT_FAILURES = new AtomicLong();

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>(Map.of(
        "url", "http://127.0.0.1:8080", "admin", "bench-admin-token-local", "db", "h2", "run", "1",
        "concurrency", "8,16,32", "warmup", "5", "duration", "20", "products", "100", "buyers", "200"));
    for (String a : args) {
      int eq = a.indexOf('=');
      opt.put(a.substring(0, eq), a.substring(eq + 1));
    }
    List<String> urls = List.of(opt.get("url").split(","));
    opt.put("instances", String.valueOf(urls.size()));
    BenchHttp http = new BenchHttp(urls.get(0));
    int products = Integer.parseInt(opt.get("products"));
    int buyers = Integer.parseInt(opt.get("buyers"));
    boolean hot = Boolean.parseBoolean(opt.getOrDefault("hot", "false"));
    // the web stack's floor: the same request refused (quantity 0, 400) before any database statement
    boolean floor = Boolean.parseBoolean(opt.getOrDefault("floor", "false"));
    long setupStart = System.nanoTime();
    BenchHttp.Shop shop = http.shop(opt.get("admin"), "p" + Long.toString(System.currentTimeMillis(), 36), products,
        1_000_000, buyers, Duration.ofHours(1));
    System.out.printf("setup: %d products, %d buyers in %d ms%n", products, buyers,
        (System.nanoTime() - setupStart) / 1_000_000);
    long preload = Long.parseLong(opt.getOrDefault("preload", "0"));
    if (preload > 0) {
      preload(opt, shop, preload);
    }
    // pre-built requests, per server: the generator should spend its share of the 2 cores on sending, not on JSON
    List<List<byte[]>> requests = new ArrayList<>();
    for (String url : urls) {
      String host = java.net.URI.create(url).getAuthority();
      List<byte[]> mine = new ArrayList<>();
      for (int i = 0; i < 4096; i++) {
        BenchHttp.Principal buyer = shop.buyers().get(i % buyers);
        UUID product = hot ? shop.products().get(0) : shop.products().get(ThreadLocalRandom.current().nextInt(products));
        mine.add(RawHttp.request("POST", "/api/v1/orders", host, buyer.token(), BenchHttp.orderBody(product, floor ? 0 : 1)));
      }
      requests.add(mine);
    }
    int max = java.util.Arrays.stream(opt.get("concurrency").split(",")).mapToInt(c -> Integer.parseInt(c.trim())).max()
        .orElse(8);
    // JIT and connection pool warm-up at the highest concurrency, not measured
    int initialWarmup = Integer.parseInt(opt.getOrDefault("initial-warmup", "15"));
    if (initialWarmup > 0) {
      Map<String, String> quiet = new LinkedHashMap<>(opt);
      quiet.remove("cpu-cmd");
      quiet.put("quiet", "true");
      level(urls, requests, max, 0, initialWarmup, quiet);
    }
    int warmup = Integer.parseInt(opt.get("warmup"));
    int duration = Integer.parseInt(opt.get("duration"));
    if (hot) {
      // the contended row: every worker at once, so only the highest level
      opt.put("hot-product", shop.products().get(0).toString());
      level(urls, requests, max, warmup, duration, opt);
      return;
    }
    for (String c : opt.get("concurrency").split(",")) {
      int concurrency = Integer.parseInt(c.trim());
      level(urls, requests, concurrency, warmup, duration, opt);
    }
  }

  /** Writes the old orders into the server's database while the server idles, then lets PostgreSQL settle. */
  private static void preload(Map<String, String> opt, BenchHttp.Shop shop, long n) {
    var ds = new org.springframework.jdbc.datasource.DriverManagerDataSource(opt.get("db-url"),
        opt.getOrDefault("db-user", "postgres"), opt.getOrDefault("db-password", ""));
    var jdbc = new org.springframework.jdbc.core.JdbcTemplate(ds);
    long start = System.nanoTime();
    BulkOrders.history(jdbc, shop.seller().id(), shop.buyers().stream().map(BenchHttp.Principal::id).toList(),
        shop.products(), n, Integer.parseInt(opt.getOrDefault("preload-batch", "1000000")));
    long loaded = System.nanoTime();
    jdbc.execute("ANALYZE orders, order_items, order_events, products");
    jdbc.execute("CHECKPOINT");
    String size = jdbc.queryForObject("SELECT pg_size_pretty(pg_database_size(current_database()))", String.class);
    System.out.println("preload: orders by status " + jdbc.queryForList(
        "SELECT status, cancel_reason, COUNT(*) AS n FROM orders GROUP BY status, cancel_reason ORDER BY 1, 2"));
    System.out.printf("preload: %d orders in %d s, ANALYZE + CHECKPOINT %d s, database %s%n", n,
        (loaded - start) / 1_000_000_000L, (System.nanoTime() - loaded) / 1_000_000_000L, size);
  }

  /**
   * At the given nanoTime: CPU seconds used so far by the server under test and PostgreSQL (from
   * the cpu-cmd, e.g. "bench/cpu.sh PID"), and by this load generator.
   */
  private static double[] cpu(Map<String, String> opt, long at) {
    return Cpu.sample(opt.get("cpu-cmd"), at);
  }

  /** CPU milliseconds per placed order of the server, PostgreSQL and the generator, and the machine's busy share. */
  private static String cpuSplit(double[][] cpu, int orders, int seconds) {
    if (cpu[0] == null || cpu[1] == null || orders == 0) {
      return "";
    }
    double[] ms = new double[3];
    double total = 0;
    for (int i = 0; i < 3; i++) {
      double d = cpu[1][i] - cpu[0][i];
      ms[i] = d * 1000 / orders;
      total += Double.isNaN(d) ? 0 : d;
    }
    return String.format(java.util.Locale.ROOT,
        "cpu_ms_per_order_server=%.2f cpu_ms_per_order_pg=%.2f cpu_ms_per_order_gen=%.2f cpu_busy_of_%d_cores=%.0f%%",
        ms[0], ms[1], ms[2], Runtime.getRuntime().availableProcessors(),
        100 * total / seconds / Runtime.getRuntime().availableProcessors());
  }

  private static void level(List<String> urls, List<List<byte[]>> requests, int concurrency, int warmupSeconds,
      int durationSeconds, Map<String, String> opt) throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmupSeconds * 1_000_000_000L;
    long measureTo = measureFrom + durationSeconds * 1_000_000_000L;
    Stats.Longs[] latencies = new Stats.Longs[concurrency];
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    Map<Integer, String> sampleBodies = new ConcurrentHashMap<>();
    boolean floor = Boolean.parseBoolean(opt.getOrDefault("floor", "false"));
    int expected = floor ? 400 : 201;
    AtomicLong failures = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    double[][] cpu = new double[2][];
    Thread sampler = new Thread(() -> {
      cpu[0] = cpu(opt, measureFrom);
      cpu[1] = cpu(opt, measureTo);
    }, "cpu-sampler");
    sampler.start();
    for (int w = 0; w < concurrency; w++) {
      Stats.Longs mine = latencies[w] = new Stats.Longs();
      int worker = w;
      // the worker's server (scenario two: every other worker to the second one)
      List<byte[]> targets = requests.get(w % requests.size());
      RawHttp connection = new RawHttp(urls.get(w % urls.size()));
      Thread t = new Thread(() -> {
        int i = worker;
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= measureTo) {
            connection.close();
            return;
          }
          byte[] request = targets.get(i % targets.size());
          i += concurrency;
          int status;
          try {
            BenchHttp.Response r = connection.send(request);
            status = r.status();
            if (status == 201) {
              CREATED.incrementAndGet();
            }
            if (status != expected) {
              sampleBodies.putIfAbsent(status, r.body());
            }
          } catch (java.io.IOException | RuntimeException e) {
            failures.incrementAndGet();
            CLIENT_FAILURES.incrementAndGet();
            status = -1;
            sampleBodies.putIfAbsent(-1, String.valueOf(e.getMessage()));
          }
          long t1 = System.nanoTime();
          if (t1 >= measureFrom && t1 < measureTo) {
            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            if (status == expected) {
              mine.add(t1 - t0);
            }
          }
        }
      }, "placer-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    sampler.join();
    Stats.Longs all = new Stats.Longs();
    for (Stats.Longs l : latencies) {
      all.addAll(l);
    }
    long[] sorted = all.sorted();
    long errors = statuses.entrySet().stream().filter(e -> e.getKey() != expected).mapToLong(e -> e.getValue().get()).sum();
    double rps = sorted.length / (double) durationSeconds;
    if (opt.containsKey("quiet")) {
      System.out.printf("initial warm-up: %d orders/s at concurrency %d, %d errors%n", (long) rps, concurrency, errors);
      return;
    }
    boolean hot = opt.containsKey("hot-product");
    System.out.printf("%s db=%s run=%s instances=%s preload=%s concurrency=%d ok=%d errors=%d seconds=%d rps=%.1f "
            + "p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s %s%s%n",
        hot ? "HOT kind=hot" : floor ? "RESULT kind=floor" : "RESULT kind=placement", opt.get("db"), opt.get("run"), opt.get("instances"),
        opt.getOrDefault("preload", "0"), concurrency, sorted.length, errors, durationSeconds, rps,
        Stats.ms(Stats.percentile(sorted, 0.50) / 1e6), Stats.ms(Stats.percentile(sorted, 0.90) / 1e6),
        Stats.ms(Stats.percentile(sorted, 0.99) / 1e6), Stats.ms(Stats.percentile(sorted, 1.0) / 1e6),
        cpuSplit(cpu, sorted.length, durationSeconds),
        hot ? " product=" + opt.get("hot-product") + " created_total=" + CREATED.get() + " client_failures_total="
            + CLIENT_FAILURES.get() : "");
    if (errors > 0) {
      System.out.println("statuses: " + statuses + " samples: " + sampleBodies);
    }
  }
}
