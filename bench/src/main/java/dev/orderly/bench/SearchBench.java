package dev.orderly.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Lists and search with a big table (issue 14, "Measure and report"): bulk-loads {@code orders}
 * finished orders of one shop into the running server's PostgreSQL database (BulkOrders#history:
 * 200 buyers, a year of orders, 4 in 5 completed), then times each list as support and as the
 * seller would read it, on its first page and on its hundredth (reached by following 99
 * {@code Link: rel="next"} headers), one request at a time, {@code samples} times each, page 1 and
 * page 100 alternating. Prints one {@code RESULT kind=search} line per list and page, and the
 * PostgreSQL plan of each list's query (EXPLAIN ANALYZE, BUFFERS) for the README's design notes.
 *
 * <p>Options (key=value): url, admin, orders [1000000], samples [200], limit [50], db-url, db-user,
 * db-password, run.
 */
public final class SearchBench {
  private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");

  private SearchBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:8080", "admin",
        "bench-admin-token-local", "orders", "1000000", "samples", "200", "limit", "50", "run", "1"));
    for (String a : args) {
      int eq = a.indexOf('=');
      opt.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String base = opt.get("url");
    long orders = Long.parseLong(opt.get("orders"));
    int samples = Integer.parseInt(opt.get("samples"));
    int limit = Integer.parseInt(opt.get("limit"));
    BenchHttp http = new BenchHttp(base);
    BenchHttp.Shop shop = http.shop(opt.get("admin"), "s" + Long.toString(System.currentTimeMillis(), 36), 20, 1_000_000,
        200, Duration.ofHours(1));
    BenchHttp.Principal support = http.principal(opt.get("admin"), "bench-support", "SUPPORT");
    var ds = new DriverManagerDataSource(opt.get("db-url"), opt.getOrDefault("db-user", "postgres"),
        opt.getOrDefault("db-password", ""));
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    long start = System.nanoTime();
    BulkOrders.history(jdbc, shop.seller().id(), shop.buyers().stream().map(BenchHttp.Principal::id).toList(),
        shop.products(), orders, 250_000);
    jdbc.execute("VACUUM ANALYZE orders");
    jdbc.execute("CHECKPOINT");
    System.out.printf("load: %d orders in %d s, orders table and indexes %s%n", orders,
        (System.nanoTime() - start) / 1_000_000_000L,
        jdbc.queryForObject("SELECT pg_size_pretty(pg_total_relation_size('orders'))", String.class));

    UUID buyer = shop.buyers().get(7).id();
    Map<String, Object> some = jdbc.queryForMap(
        "SELECT number, placed_at FROM orders WHERE buyer_id = ? ORDER BY placed_at LIMIT 1 OFFSET 2000", buyer);
    String number = (String) some.get("number");
    Instant month = ((java.sql.Timestamp) some.get("placed_at")).toInstant();
    String window = "placedFrom=" + month + "&placedTo=" + month.plus(Duration.ofDays(30));

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    record Lst(String name, String who, String token, String path) {}
    String l = "limit=" + limit;
    List<Lst> lists = List.of(
        new Lst("all-orders", "support", support.token(), "/api/v1/orders?" + l),
        new Lst("status-cancelled", "support", support.token(), "/api/v1/orders?status=CANCELLED&" + l),
        new Lst("buyer", "support", support.token(), "/api/v1/orders?buyerId=" + buyer + "&" + l),
        new Lst("placed-30-days", "support", support.token(), "/api/v1/orders?" + window + "&" + l),
        new Lst("number", "support", support.token(), "/api/v1/orders?number=" + number + "&" + l),
        new Lst("shop", "seller", shop.seller().token(), "/api/v1/orders?" + l),
        new Lst("shop-status-cancelled", "seller", shop.seller().token(), "/api/v1/orders?status=CANCELLED&" + l),
        new Lst("shop-buyer-completed", "seller", shop.seller().token(),
            "/api/v1/orders?buyerId=" + buyer + "&status=COMPLETED&" + l));
    for (Lst list : lists) {
      // the hundredth page's address, by following the links (a list with fewer pages: its last)
      String page100 = list.path();
      int page = 1;
      while (page < 100) {
        String next = next(get(client, base, page100, list.token()));
        if (next == null) {
          break;
        }
        page100 = next;
        page++;
      }
      long[][] nanos = new long[2][samples];
      for (int i = 0; i < 20; i++) { // warm-up
        get(client, base, list.path(), list.token());
        get(client, base, page100, list.token());
      }
      for (int i = 0; i < samples; i++) {
        for (int p = 0; p < 2; p++) {
          long t0 = System.nanoTime();
          get(client, base, p == 0 ? list.path() : page100, list.token());
          nanos[p][i] = System.nanoTime() - t0;
        }
      }
      for (int p = 0; p < 2; p++) {
        long[] sorted = nanos[p].clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT,
            "RESULT kind=search db=pg run=%s orders=%d list=%s as=%s page=%d samples=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
            opt.get("run"), orders, list.name(), list.who(), p == 0 ? 1 : page, samples,
            Stats.percentile(sorted, 0.50) / 1e6, Stats.percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
      }
    }
    explain(jdbc, shop.seller().id(), buyer, number, month, limit);
  }

  /** The plans of the lists' queries as OrderRepository#list writes them, on page 1 and after a cursor deep in. */
  private static void explain(JdbcTemplate jdbc, UUID seller, UUID buyer, String number, Instant month, int limit) {
    Map<String, Object> deep = jdbc.queryForMap("SELECT placed_at, id FROM orders ORDER BY placed_at DESC, id DESC "
        + "LIMIT 1 OFFSET " + (99 * limit));
    String cursor = " AND (placed_at, id) < ('" + deep.get("placed_at") + "'::timestamptz, '" + deep.get("id") + "'::uuid)";
    String order = " ORDER BY placed_at DESC, id DESC LIMIT " + (limit + 1);
    Map<String, String> where = new LinkedHashMap<>();
    where.put("support, all orders", "");
    where.put("support, status", " AND status = 'CANCELLED'");
    where.put("support, buyer", " AND buyer_id = '" + buyer + "'");
    where.put("support, 30 days", " AND placed_at >= '" + month + "' AND placed_at < '" + month.plus(Duration.ofDays(30)) + "'");
    where.put("support, number", " AND number = '" + number + "'");
    where.put("seller, own", " AND seller_id = '" + seller + "'");
    where.put("seller, status", " AND seller_id = '" + seller + "' AND status = 'CANCELLED'");
    where.put("seller, buyer and status", " AND seller_id = '" + seller + "' AND buyer_id = '" + buyer
        + "' AND status = 'COMPLETED'");
    for (var e : where.entrySet()) {
      for (String after : List.of("", cursor)) {
        String sql = "SELECT * FROM orders WHERE 1 = 1" + e.getValue() + after + order;
        System.out.println("PLAN " + e.getKey() + (after.isEmpty() ? ", first page" : ", after a cursor 99 pages in")
            + ":\n  " + sql);
        for (Map<String, Object> row : jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)) {
          System.out.println("  | " + row.values().iterator().next());
        }
      }
    }
  }

  private static HttpResponse<String> get(HttpClient client, String base, String path, String token) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  private static String next(HttpResponse<String> r) {
    String link = r.headers().firstValue("Link").orElse(null);
    if (link == null) {
      return null;
    }
    Matcher m = NEXT.matcher(link);
    if (!m.find()) {
      return null;
    }
    URI uri = URI.create(m.group(1));
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }
}
