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
 * page 100 alternating; then the same for support cases bulk-written on one order in ten
 * (support's queue by first response due, by status and topic, the shop's, a buyer's). Prints one
 * {@code RESULT kind=search} line per list and page, and the PostgreSQL plan of each list's query (EXPLAIN ANALYZE, BUFFERS) for the README's design notes.
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
    time(client, base, lists, samples, orders, opt.get("run"));

    // support cases on one order in ten: 30 % open, 20 % pending, 20 % solved, 30 % closed
    long casesStart = System.nanoTime();
    int cases = jdbc.update("""
        INSERT INTO support_cases (id, number, order_id, order_number, buyer_id, seller_id, topic, opened_by, opener_role,
          status, created_at, first_response_due, first_responded_at, solved_at, closed_at, updated_at)
        SELECT gen_random_uuid(), 'CASE-' || o.number || '-1', o.id, o.number, o.buyer_id, o.seller_id,
          (ARRAY['PAYMENT_PROBLEM','CANCELLATION_REFUSED','REFUND_NOT_RECEIVED','DELIVERY_PROBLEM','OTHER'])[1 + (o.k / 10) % 5],
          o.buyer_id, 'BUYER',
          CASE WHEN o.k % 100 < 30 THEN 'OPEN' WHEN o.k % 100 < 50 THEN 'PENDING' WHEN o.k % 100 < 70 THEN 'SOLVED'
            ELSE 'CLOSED' END,
          o.placed_at + interval '1 day', o.placed_at + interval '2 days',
          CASE WHEN o.k % 100 >= 30 THEN o.placed_at + interval '30 hours' END,
          CASE WHEN o.k % 100 >= 50 THEN o.placed_at + interval '3 days' END,
          CASE WHEN o.k % 100 >= 70 THEN o.placed_at + interval '10 days' END,
          o.placed_at + interval '3 days'
        FROM (SELECT id, number, buyer_id, seller_id, placed_at, row_number() OVER (ORDER BY placed_at, id) AS k
              FROM orders) o
        WHERE o.k % 10 = 0""");
    jdbc.execute("VACUUM ANALYZE support_cases");
    System.out.printf("load: %d support cases in %d s%n", cases, (System.nanoTime() - casesStart) / 1_000_000_000L);
    // the buyer with the most cases (which buyers get one depends on how BulkOrders spreads them)
    UUID mostCases = jdbc.queryForObject("SELECT buyer_id FROM support_cases GROUP BY buyer_id ORDER BY COUNT(*) DESC, "
        + "buyer_id LIMIT 1", UUID.class);
    BenchHttp.Principal caseBuyer = shop.buyers().stream().filter(b -> b.id().equals(mostCases)).findFirst()
        .orElseThrow();
    time(client, base, List.of(
        new Lst("cases-queue", "support", support.token(), "/api/v1/cases?" + l),
        new Lst("cases-open", "support", support.token(), "/api/v1/cases?status=OPEN&" + l),
        new Lst("cases-topic-pending", "support", support.token(), "/api/v1/cases?status=PENDING&topic=OTHER&" + l),
        new Lst("cases-shop", "seller", shop.seller().token(), "/api/v1/cases?" + l),
        new Lst("cases-own", "buyer", caseBuyer.token(), "/api/v1/cases?" + l)), samples, orders, opt.get("run"));
    explain(jdbc, shop.seller().id(), buyer, number, month, limit);
    explainCases(jdbc, shop.seller().id(), limit);
  }

  /** The plans of support's case list (by first response due) and the shop's (newest first), page 1 and page 100. */
  private static void explainCases(JdbcTemplate jdbc, UUID seller, int limit) {
    record Q(String name, String filter, String time, String order, String cmp) {}
    for (Q q : List.of(
        new Q("support, cases", "", "first_response_due", " ORDER BY first_response_due, id", ">"),
        new Q("support, open cases", " AND list_status = 'OPEN'", "first_response_due", " ORDER BY first_response_due, id",
            ">"),
        new Q("seller, own cases", " AND seller_id = '" + seller + "'", "created_at",
            " ORDER BY created_at DESC, id DESC", "<"))) {
      String filter = "SELECT * FROM support_cases WHERE 1 = 1" + q.filter();
      List<Map<String, Object>> deep = jdbc.queryForList(filter.replace("SELECT *", "SELECT " + q.time() + " AS t, id")
          + q.order() + " LIMIT 1 OFFSET " + (99 * limit - 1));
      List<String> afters = new java.util.ArrayList<>(List.of(""));
      if (!deep.isEmpty()) {
        afters.add(" AND (" + q.time() + ", id) " + q.cmp() + " ('" + deep.get(0).get("t") + "'::timestamptz, '"
            + deep.get(0).get("id") + "'::uuid)");
      }
      for (String after : afters) {
        String sql = filter + after + q.order() + " LIMIT " + (limit + 1);
        System.out.println("PLAN " + q.name() + (after.isEmpty() ? ", first page" : ", the page after 99 pages")
            + ":\n  " + sql);
        for (Map<String, Object> row : jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)) {
          System.out.println("  | " + row.values().iterator().next());
        }
      }
    }
  }

  record Lst(String name, String who, String token, String path) {}

  /** Each list's first page and its hundredth (its last when shorter), alternating, {@code samples} times each. */
  private static void time(HttpClient client, String base, List<Lst> lists, int samples, long orders, String run)
      throws Exception {
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
            run, orders, list.name(), list.who(), p == 0 ? 1 : page, samples,
            Stats.percentile(sorted, 0.50) / 1e6, Stats.percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
      }
    }
  }

  /**
   * The plans of the lists' queries as OrderRepository#list writes them (support's status filter on
   * {@code list_status}): on page 1, and after the
   * cursor that list's own hundredth page starts from (none when it has fewer pages).
   */
  private static void explain(JdbcTemplate jdbc, UUID seller, UUID buyer, String number, Instant month, int limit) {
    String order = " ORDER BY placed_at DESC, id DESC";
    Map<String, String> where = new LinkedHashMap<>();
    where.put("support, all orders", "");
    where.put("support, status", " AND list_status = 'CANCELLED'");
    where.put("support, buyer", " AND buyer_id = '" + buyer + "'");
    where.put("support, 30 days", " AND placed_at >= '" + month + "' AND placed_at < '" + month.plus(Duration.ofDays(30)) + "'");
    where.put("support, number", " AND number = '" + number + "'");
    where.put("seller, own", " AND seller_id = '" + seller + "'");
    where.put("seller, status", " AND seller_id = '" + seller + "' AND status = 'CANCELLED'");
    where.put("seller, buyer and status", " AND seller_id = '" + seller + "' AND buyer_id = '" + buyer
        + "' AND status = 'COMPLETED'");
    for (var e : where.entrySet()) {
      String filter = "SELECT * FROM orders WHERE 1 = 1" + e.getValue();
      // the last row of page 99: page 100 starts after it
      List<Map<String, Object>> deep = jdbc.queryForList(filter.replace("SELECT *", "SELECT placed_at, id") + order
          + " LIMIT 1 OFFSET " + (99 * limit - 1));
      List<String> afters = new java.util.ArrayList<>(List.of(""));
      if (!deep.isEmpty()) {
        afters.add(" AND (placed_at, id) < ('" + deep.get(0).get("placed_at") + "'::timestamptz, '" + deep.get(0).get("id")
            + "'::uuid)");
      }
      for (String after : afters) {
        String sql = filter + after + order + " LIMIT " + (limit + 1);
        System.out.println("PLAN " + e.getKey() + (after.isEmpty() ? ", first page" : ", the page after 99 pages")
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
