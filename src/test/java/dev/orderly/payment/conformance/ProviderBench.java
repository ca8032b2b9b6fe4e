package dev.orderly.payment.conformance;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark (bench/providers.sh, bench/README.md "Issue 16"), not a test: for each payment provider,
 * the time from its callback arriving to the order being PAID, and the CPU the server spends per
 * attempt opening the payment and taking its callback. The server under test is the packaged jar (full
 * JIT, -Xmx512m) with CARD routed to Stripe, ALIPAY to Alipay, WECHAT_PAY to WeChat Pay (their
 * stand-ins run in this JVM) and GOPAY to the sandbox, which runs in a second jar, so that the
 * sandbox's own work is not counted as the adapter's. The notifications are signed here exactly as
 * the conformance suite signs them, and sent one at a time over one keep-alive connection: the latency
 * is the callback's bare HTTP round trip, which ends once the payment is applied (the order is PAID
 * when the answer leaves; a sample of the orders is read back after). Prints
 * {@code RESULT kind=provider ...} lines.
 */
public final class ProviderBench {

  record Provider(String name, String method, String currency, String price, StandIn standIn) {}

  public static void main(String[] args) throws Exception {
    int attempts = Integer.parseInt(System.getProperty("bench.attempts", "1000"));
    int warmup = Integer.parseInt(System.getProperty("bench.warmup", "300"));
    int rounds = Integer.parseInt(System.getProperty("bench.rounds", "2"));
    Path dir = Files.createTempDirectory("orderly-provider-bench");
    SandboxStandIn sandbox = new SandboxStandIn(); // unused as a proxy: the sandbox jar is reached directly
    StripeStandIn stripe = new StripeStandIn();
    AlipayStandIn alipay = new AlipayStandIn();
    WechatPayStandIn wechat = new WechatPayStandIn();
    List<String> jvm = List.of("-Xmx512m");
    try (JarProcess provider = JarProcess.start(dir.resolve("sandbox-provider.log"), jvm, List.of("--server.port=0",
        "--orderly.data-dir=" + dir.resolve("provider"), "--orderly.mode=demo", "--orderly.demo.seed=false",
        "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN))) {
      String providerUrl = "http://127.0.0.1:" + provider.awaitPort(Duration.ofSeconds(120));
      sandbox.target(providerUrl);
      List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--orderly.data-dir=" + dir.resolve("server"),
          "--orderly.mode=demo", "--orderly.demo.seed=false", "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
          "--orderly.payment.sandbox.base-url=" + providerUrl,
          "--orderly.payment.reconcile-after=PT1H", "--orderly.restrictions.max-unpaid-orders=100000",
          "--orderly.payment.methods.CARD.provider=stripe", "--orderly.payment.methods.ALIPAY.provider=alipay",
          "--orderly.payment.methods.WECHAT_PAY.provider=wechatpay", "--orderly.payment.methods.GOPAY.provider=sandbox"));
      for (StandIn s : List.of(stripe, alipay, wechat)) {
        s.settings().forEach((k, v) -> appArgs.add("--orderly.payment.providers." + s.provider() + "." + k + "=" + v));
      }
      try (JarProcess server = JarProcess.start(dir.resolve("server.log"), jvm, appArgs)) {
        Api api = new Api("http://127.0.0.1:" + server.awaitPort(Duration.ofSeconds(120)));
        List<Provider> providers = List.of(
            new Provider("sandbox", "GOPAY", "USD", "20.00", sandbox),
            new Provider("stripe", "CARD", "USD", "20.00", stripe),
            new Provider("alipay", "ALIPAY", "CNY", "88.00", alipay),
            new Provider("wechatpay", "WECHAT_PAY", "CNY", "88.00", wechat));
        Map<String, String> last = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
          for (Provider p : providers) {
            run(api, server, p, warmup, null);
            last.put(p.name(), run(api, server, p, attempts, "round=" + round));
          }
        }
        System.out.println("summary (last round): ");
        last.forEach((name, line) -> System.out.println("  " + line));
      }
    } finally {
      for (StandIn s : List.of(sandbox, stripe, alipay, wechat)) {
        s.close();
      }
    }
  }

  /** One batch: {@code n} orders placed (not measured), their attempts opened, paid, and their callbacks delivered. */
  static String run(Api api, JarProcess server, Provider p, int n, String label) throws IOException {
    Api.Principal seller = api.seller();
    api.policy(seller, Map.of("paymentWindow", "PT2H"));
    UUID product = api.product(seller, p.price(), p.currency(), n + 10, false);
    List<Api.Principal> buyers = new ArrayList<>();
    List<UUID> orders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i % 20 == 0) {
        buyers.add(api.buyer()); // daily limits per buyer stay far away
      }
      orders.add(api.placeOrder(buyers.get(buyers.size() - 1), product, 1).id());
    }

    Duration cpu0 = server.cpu();
    String[] references = new String[n];
    for (int i = 0; i < n; i++) {
      Api.Response started = api.post("/api/v1/orders/" + orders.get(i) + "/payments", buyers.get(i / 20).token(),
          Map.of("method", p.method()));
      if (started.status() != 201) {
        throw new IllegalStateException(p.name() + ": attempt refused: " + started.raw().body());
      }
      references[i] = started.text("providerReference");
    }
    Duration cpu1 = server.cpu();

    List<StandIn.Notification> notifications = new ArrayList<>();
    for (String reference : references) {
      p.standIn().buyerPays(reference);
      notifications.add(p.standIn().paid(reference));
    }
    double[] latencies = new double[n];
    Duration cpu2 = server.cpu();
    for (int i = 0; i < n; i++) {
      StandIn.Notification note = notifications.get(i);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + "/provider-callbacks/" + p.name()))
          .header("Content-Type", note.contentType()).POST(HttpRequest.BodyPublishers.ofString(note.body()));
      note.headers().forEach(request::header);
      HttpRequest built = request.build();
      // the bare round trip: no checking of the answer against the API document inside the timing
      long t0 = System.nanoTime();
      HttpResponse<String> answer = send(built);
      latencies[i] = (System.nanoTime() - t0) / 1e6;
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(p.name() + ": callback refused: " + answer.body());
      }
    }
    Duration cpu3 = server.cpu();
    for (int i = 0; i < n; i += Math.max(1, n / 50)) {
      String status = api.order(orders.get(i), buyers.get(i / 20)).path("status").asString();
      if (!"PAID".equals(status)) {
        throw new IllegalStateException(p.name() + ": order " + orders.get(i) + " is " + status + " after its callback");
      }
    }
    if (label == null) {
      return null;
    }
    Arrays.sort(latencies);
    double create = (cpu1.toNanos() - cpu0.toNanos()) / 1e6 / n;
    double callback = (cpu3.toNanos() - cpu2.toNanos()) / 1e6 / n;
    String line = String.format(Locale.ROOT, "RESULT kind=provider %s provider=%s method=%s attempts=%d "
            + "create_cpu_ms=%.2f callback_cpu_ms=%.2f attempt_cpu_ms=%.2f callback_p50_ms=%.2f callback_p90_ms=%.2f "
            + "callback_p99_ms=%.2f callback_max_ms=%.2f", label, p.name(), p.method(), n, create, callback,
        create + callback, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), latencies[n - 1]);
    System.out.println(line);
    return line;
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
