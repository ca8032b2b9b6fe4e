package dev.orderly.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the RESULT lines of a bench/run.sh run into a Markdown summary: medians over runs (or
 * rounds), with every individual value alongside. Not a test: run by bench/run.sh.
 */
public final class BenchSummary {

  public static void main(String[] args) throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.startsWith("RESULT ")) {
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (String kv : line.substring(7).trim().split("\\s+")) {
        int eq = kv.indexOf('=');
        row.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      rows.add(row);
    }
    StringBuilder out = new StringBuilder("# Orderly benchmark summary\n\n");
    if (args.length > 1 && Files.exists(Path.of(args[1]))) {
      Files.readAllLines(Path.of(args[1])).forEach(l -> out.append("- ").append(l).append('\n'));
      out.append('\n');
    }
    placement(rows, out);
    ceiling(rows, out);
    hot(rows, out);
    burst(rows, out);
    spread(rows, out);
    notifications(rows, out);
    rss(rows, out);
    System.out.print(out);
  }

  private static Map<String, List<Map<String, String>>> group(List<Map<String, String>> rows, String kind,
      Function<Map<String, String>, String> key) {
    return rows.stream().filter(r -> kind.equals(r.get("kind")))
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
  }

  private static void placement(List<Map<String, String>> rows, StringBuilder out) {
    // instances (scenario two) and preload (PRELOAD_ORDERS) are absent from older results: 1 and 0
    var groups = group(rows, "placement", r -> String.format("%s %d %012d %04d", r.get("db"),
        Integer.parseInt(r.getOrDefault("instances", "1")), Long.parseLong(r.getOrDefault("preload", "0")),
        Integer.parseInt(r.get("concurrency"))));
    if (groups.isEmpty()) {
      return;
    }
    out.append("## Placement over HTTP (POST /api/v1/orders, closed loop)\n\n")
        .append("instances = servers on one database sharing the workers; preload = old orders in the tables before\n\n")
        .append("| db | instances | preload | concurrency | runs | orders/s (median) | p50 ms | p99 ms | errors | "
            + "cpu ms/order server / pg / generator | orders/s per run |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    groups.forEach((k, g) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | **%s** | %s | %s | %s | %s | %s |%n",
        g.get(0).get("db"), g.get(0).getOrDefault("instances", "1"), g.get(0).getOrDefault("preload", "0"),
        Integer.parseInt(g.get(0).get("concurrency")), g.size(), median(g, "rps"), median(g, "p50_ms"),
        median(g, "p99_ms"), sum(g, "errors"), median(g, "cpu_ms_per_order_server") + " / "
            + median(g, "cpu_ms_per_order_pg") + " / " + median(g, "cpu_ms_per_order_gen"), all(g, "rps"))));
    out.append('\n');
  }

  private static void ceiling(List<Map<String, String>> rows, StringBuilder out) {
    var groups = group(rows, "ceiling", r -> r.get("db") + " " + r.get("idempotency") + " "
        + String.format("%04d", Integer.parseInt(r.get("concurrency"))));
    if (groups.isEmpty()) {
      return;
    }
    out.append("## Placement ceiling: the same rows written by a bare JDBC loop (PlacementCeiling)\n\n")
        .append("one transaction per order: stock UPDATE, orders, order_items, order_events (+ idempotency_keys); "
            + "no HTTP, no reads\n\n")
        .append("| db | idempotency row | concurrency | runs | orders/s (median) | p50 ms | p99 ms | errors | "
            + "cpu ms/order process / pg | checks | orders/s per run |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    groups.forEach((k, g) -> out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | **%s** | %s | %s | %s | %s | %s | %s |%n",
        g.get(0).get("db"), g.get(0).get("idempotency"), Integer.parseInt(g.get(0).get("concurrency")), g.size(),
        median(g, "orders_per_s"), median(g, "p50_ms"), median(g, "p99_ms"), sum(g, "errors"),
        median(g, "cpu_ms_per_order_process") + " / " + median(g, "cpu_ms_per_order_pg"),
        g.stream().allMatch(r -> "true".equals(r.get("stock_ok"))) ? "stock ok" : "CHECK FAILED", all(g, "orders_per_s"))));
    out.append('\n');
  }

  private static void hot(List<Map<String, String>> rows, StringBuilder out) {
    var groups = group(rows, "hot", r -> r.get("db") + " " + String.format("%04d", Integer.parseInt(r.get("concurrency"))));
    if (groups.isEmpty()) {
      return;
    }
    out.append("## Hot product: every worker orders the same product\n\n")
        .append("stock check after the server stopped: available + reserved + sold = initial, reserved + sold = "
            + "order lines = 201 answers\n\n")
        .append("| db | concurrency | runs | orders/s (median) | p50 ms | p99 ms | errors | checks | "
            + "201 answers / reserved per run | orders/s per run |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    groups.forEach((k, g) -> {
      List<String> counts = new ArrayList<>();
      g.forEach(r -> counts.add(r.get("created_total") + " / " + r.get("reserved")));
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | **%s** | %s | %s | %s | %s | %s | %s |%n",
          g.get(0).get("db"), Integer.parseInt(g.get(0).get("concurrency")), g.size(), median(g, "rps"),
          median(g, "p50_ms"), median(g, "p99_ms"), sum(g, "errors"),
          g.stream().allMatch(r -> "true".equals(r.get("stock_ok"))) ? "no oversell, stock ok" : "CHECK FAILED",
          String.join(", ", counts), all(g, "rps")));
    });
    out.append('\n');
  }

  private static void rss(List<Map<String, String>> rows, StringBuilder out) {
    var groups = group(rows, "rss", r -> r.get("scenario") + " " + r.get("db") + " " + r.getOrDefault("orders", ""));
    if (groups.isEmpty()) {
      return;
    }
    out.append("## Peak resident memory of the process under test (VmHWM, -Xmx512m)\n\n")
        .append("placement, two, hot: the server jar (read just before it is stopped); ceiling, deadline, notify: "
            + "the bench's own JVM with the application in it\n\n")
        .append("| scenario | db | orders | processes | peak RSS MiB (max) | per process |\n")
        .append("|---|---|---|---|---|---|\n");
    groups.forEach((k, g) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | **%d** | %s |%n",
        g.get(0).get("scenario"), g.get(0).get("db"), g.get(0).getOrDefault("orders", ""), g.size(),
        g.stream().mapToLong(r -> Long.parseLong(r.get("rss_peak_mb"))).max().orElse(-1), all(g, "rss_peak_mb"))));
    out.append('\n');
  }

  private static void burst(List<Map<String, String>> rows, StringBuilder out) {
    var groups = group(rows, "burst", r -> r.get("db") + " " + String.format("%07d", Integer.parseInt(r.get("orders")))
        + " " + r.getOrDefault("load", "placed"));
    if (groups.isEmpty()) {
      return;
    }
    out.append("## Deadlines all due at the same instant T\n\n")
        .append("close all = T to the last order's commit, observed; db = T to max(cancelled_at); lateness = "
            + "cancelled_at - payment_deadline per order; µs/order = close all / orders; loaded = placed through "
            + "OrderPlacement or bulk-written (BulkOrders), orders/s of that\n\n")
        .append("| db | orders | rounds | close all ms (median) | µs/order | db ms | lateness p50 ms | p99 ms | "
            + "loaded, orders/s | checks | close all ms per round |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    groups.forEach((k, g) -> out.append(String.format(Locale.ROOT, "| %s | %s | %d | **%s** | %s | %s | %s | %s | %s %s | %s | %s |%n",
        g.get(0).get("db"), g.get(0).get("orders"), g.size(), median(g, "close_all_ms"),
        usPerOrder(g), median(g, "close_all_db_ms"),
        median(g, "lateness_p50_ms"), median(g, "lateness_p99_ms"), g.get(0).getOrDefault("load", "placed"),
        median(g, "place_rps"), checks(g), all(g, "close_all_ms"))));
    out.append('\n');
  }

  private static void spread(List<Map<String, String>> rows, StringBuilder out) {
    var groups = group(rows, "spread", r -> r.get("db") + " " + r.get("orders") + " " + r.get("seconds"));
    if (groups.isEmpty()) {
      return;
    }
    out.append("## Deadlines spread evenly (not saturated)\n\n")
        .append("| db | orders | over s | rounds | lateness p50 ms (median) | p99 ms | max ms | "
            + "Prometheus p50 / p99 bucket (s) | checks | p50 / p99 per round |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    groups.forEach((k, g) -> {
      List<String> perRound = new ArrayList<>();
      g.forEach(r -> perRound.add(r.get("lateness_p50_ms") + "/" + r.get("lateness_p99_ms")));
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | **%s** | **%s** | %s | %s / %s | %s | %s |%n",
          g.get(0).get("db"), g.get(0).get("orders"), g.get(0).get("seconds"), g.size(), median(g, "lateness_p50_ms"),
          median(g, "lateness_p99_ms"), median(g, "lateness_max_ms"), g.get(g.size() - 1).get("prom_p50_le_s"),
          g.get(g.size() - 1).get("prom_p99_le_s"), checks(g), String.join(", ", perRound)));
    });
    out.append('\n');
  }

  private static void notifications(List<Map<String, String>> rows, StringBuilder out) {
    var drain = group(rows, "notify-drain", r -> r.get("db") + " " + r.get("notifications"));
    var burst = group(rows, "notify-burst", r -> r.get("db") + " " + r.get("notifications"));
    var steady = group(rows, "notify-steady", r -> r.get("db") + " " + String.format("%06d", Integer.parseInt(r.get("rate"))));
    if (drain.isEmpty() && burst.isEmpty() && steady.isEmpty()) {
      return;
    }
    out.append("## Notifications: signed webhooks to a local receiver\n\n")
        .append("| db | scenario | rounds | webhooks/s (median) | latency p50 ms | p99 ms | checks | webhooks/s per round |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    drain.forEach((k, g) -> out.append(String.format(Locale.ROOT, "| %s | %s due at once (relay alone) | %d | **%s** | "
            + "%s | %s | %s | %s |%n", g.get(0).get("db"), g.get(0).get("notifications"), g.size(),
        median(g, "relayed_per_s"), median(g, "due_to_webhook_p50_ms"), median(g, "due_to_webhook_p99_ms"),
        deliveryChecks(g), all(g, "relayed_per_s"))));
    burst.forEach((k, g) -> out.append(String.format(Locale.ROOT, "| %s | %s orders expire at once | %d | **%s** | "
            + "%s | %s | %s | %s |%n", g.get(0).get("db"), g.get(0).get("notifications"), g.size(),
        median(g, "end_to_end_per_s"), median(g, "cancel_to_webhook_p50_ms"), median(g, "cancel_to_webhook_p99_ms"),
        deliveryChecks(g), all(g, "end_to_end_per_s"))));
    steady.forEach((k, g) -> out.append(String.format(Locale.ROOT, "| %s | %s cancellations/s for %s s | %d | %s "
            + "offered | **%s** | **%s** | %s | request p50/p99 %s / %s ms |%n", g.get(0).get("db"), g.get(0).get("rate"),
        g.get(0).get("seconds"), g.size(), median(g, "offered_per_s"), median(g, "cancel_to_webhook_p50_ms"),
        median(g, "cancel_to_webhook_p99_ms"), deliveryChecks(g), median(g, "cancel_request_p50_ms"),
        median(g, "cancel_request_p99_ms"))));
    out.append('\n');
  }

  /** The median close-all time per order in microseconds: compares 10k, 100k and 1M bursts (older results too). */
  private static String usPerOrder(List<Map<String, String>> g) {
    String closeAll = median(g, "close_all_ms");
    return closeAll.equals("n/a") ? closeAll
        : String.format(Locale.ROOT, "%.1f", Double.parseDouble(closeAll) * 1000 / Double.parseDouble(g.get(0).get("orders")));
  }

  private static String deliveryChecks(List<Map<String, String>> g) {
    long duplicates = g.stream().mapToLong(r -> Long.parseLong(r.get("duplicates"))).sum();
    return (g.stream().allMatch(r -> "true".equals(r.get("ok"))) ? "all delivered, signatures ok" : "CHECK FAILED")
        + (duplicates > 0 ? ", " + duplicates + " duplicates" : "");
  }

  private static String checks(List<Map<String, String>> g) {
    boolean ok = g.stream().allMatch(r -> "true".equals(r.get("stock_ok")) && "true".equals(r.get("events_ok")));
    boolean valid = g.stream().allMatch(r -> "true".equals(r.get("valid")));
    return (ok ? "stock+events ok" : "CHECK FAILED") + (valid ? "" : ", SOME ROUND INVALID (deadline set too late)");
  }

  private static String median(List<Map<String, String>> g, String field) {
    double[] v = g.stream().filter(r -> r.containsKey(field)).mapToDouble(r -> Double.parseDouble(r.get(field)))
        .filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return "n/a";
    }
    double m = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return m == Math.rint(m) && Math.abs(m) < 1e9 ? String.valueOf((long) m) : String.format(Locale.ROOT, "%.1f", m);
  }

  private static String sum(List<Map<String, String>> g, String field) {
    return String.valueOf(g.stream().mapToLong(r -> Long.parseLong(r.get(field))).sum());
  }

  private static String all(List<Map<String, String>> g, String field) {
    return String.join(", ", g.stream().map(r -> r.get(field)).toList());
  }
}
