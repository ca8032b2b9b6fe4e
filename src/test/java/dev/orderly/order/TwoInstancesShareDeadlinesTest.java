package dev.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.OrderlyApplication;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Several instances share the payment-deadline work safely: two full application instances on one
 * PostgreSQL database, hundreds of unpaid orders placed through both as fast as the clients go
 * under a 4-second payment window, so that they fall due in a dense stream (as dense as placement
 * was; no SQL moves their deadlines) while both instances sweep. Every order is cancelled for
 * PAYMENT_TIMEOUT exactly once and its stock released exactly once.
 *
 * <p>Needs PostgreSQL ({@code ORDERLY_TEST_DATABASE_URL}): an embedded H2 file cannot be opened by
 * two instances. Without it the test is skipped, and says so on standard output. The schema may
 * be shared with other tests, so it creates its own seller, buyers and products and asserts only
 * about its own orders.
 */
class TwoInstancesShareDeadlinesTest {

  private static final int ORDERS = 400;
  private static final int PRODUCTS = 8;
  private static final int BUYERS = 100;
  private static final Duration PAYMENT_WINDOW = Duration.ofSeconds(4);
  private static final Duration ALL_CLOSED_WITHIN = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @Test
  void twoInstancesOnOneDatabaseCancelEveryDueOrderExactlyOnceAndReleaseItsStockExactlyOnce() throws Exception {
    String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
    boolean postgres = url != null && url.startsWith("jdbc:postgresql");
    if (!postgres) {
      System.out.println("skipped: needs ORDERLY_TEST_DATABASE_URL (PostgreSQL)");
    }
    Assumptions.assumeTrue(postgres,
        "skipped: needs ORDERLY_TEST_DATABASE_URL (PostgreSQL); two instances cannot share an embedded H2 file");

    ExecutorService clients = Executors.newFixedThreadPool(16);
    ConfigurableApplicationContext a = start(url);
    try {
      ConfigurableApplicationContext b = start(url);
      try {
        run(List.of(api(a), api(b)), clients);
      } finally {
        b.close();
      }
    } finally {
      a.close();
      clients.shutdownNow();
    }
  }

  private void run(List<Api> instances, ExecutorService clients) throws Exception {
    Api first = instances.get(0);
    Api.Principal seller = first.seller();

    // ---- the orders to place: one or two lines over several products of the seller ----
    Map<Integer, Integer> demand = new HashMap<>();
    for (int i = 0; i < ORDERS; i++) {
      lines(i).forEach((p, q) -> demand.merge(p, q, Integer::sum));
    }
    List<UUID> products = new ArrayList<>();
    Map<UUID, Integer> initialStock = new HashMap<>();
    for (int p = 0; p < PRODUCTS; p++) {
      int stock = demand.get(p) + 5; // every order fits, and some stock is never reserved
      UUID product = first.product(seller, "2.50", stock);
      products.add(product);
      initialStock.put(product, stock);
    }

    // ---- buyers, a few orders each (under any cap on unpaid orders per buyer), made on both instances ----
    List<Api.Principal> buyers = parallel(clients, BUYERS, i -> instances.get(i % 2).buyer());

    // ---- place everything through both instances, as fast as the clients go ----
    first.policy(seller, Map.of("paymentWindow", PAYMENT_WINDOW.toString()));
    Instant placingFrom = Instant.now();
    List<Api.Response> placed = parallel(clients, ORDERS, i -> {
      List<Map<String, Object>> items = new ArrayList<>();
      lines(i).forEach((p, quantity) ->
          items.add(Map.of("productId", products.get(p).toString(), "quantity", quantity)));
      return instances.get(i % 2).post("/api/v1/orders", buyers.get(i % BUYERS).token(), Map.of("items", items));
    });
    Instant placingUntil = Instant.now();

    List<UUID> orders = new ArrayList<>();
    Map<UUID, Api.Principal> buyerOf = new HashMap<>();
    Instant earliestDeadline = Instant.MAX;
    Instant latestDeadline = Instant.MIN;
    for (int i = 0; i < ORDERS; i++) {
      Api.Response r = placed.get(i);
      assertThat(r.status()).as("placing order %d: %s", i, r.raw().body()).isEqualTo(201);
      UUID id = r.id();
      orders.add(id);
      buyerOf.put(id, buyers.get(i % BUYERS));
      Instant deadline = Instant.parse(r.text("paymentDeadline"));
      earliestDeadline = deadline.isBefore(earliestDeadline) ? deadline : earliestDeadline;
      latestDeadline = deadline.isAfter(latestDeadline) ? deadline : latestDeadline;
    }
    System.out.printf("two instances: %d orders placed in %d ms; deadlines %s .. %s (spread %d ms)%n",
        ORDERS, Duration.between(placingFrom, placingUntil).toMillis(), earliestDeadline, latestDeadline,
        Duration.between(earliestDeadline, latestDeadline).toMillis());

    // stock is conserved at every moment, while the instances close orders
    for (UUID product : products) {
      assertStockConserved(first, seller, product, initialStock.get(product));
    }

    // ---- wait until none of the seller's orders awaits payment any more ----
    Duration budget = Duration.between(Instant.now(), latestDeadline).plus(ALL_CLOSED_WITHIN);
    await().atMost(budget.isNegative() ? ALL_CLOSED_WITHIN : budget).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          Api.Response awaiting = instances.get(1).get("/api/v1/orders?status=AWAITING_PAYMENT&limit=200", seller.token());
          assertThat(awaiting.status()).isEqualTo(200);
          assertThat(awaiting.body().size()).as("orders still awaiting payment").isZero();
        });
    Instant allClosed = Instant.now();
    System.out.printf("two instances: all orders closed %d ms after the latest deadline%n",
        Duration.between(latestDeadline, allClosed).toMillis());

    // a later order of another seller (1 s window) is closed: the sweepers have run past these
    // orders since, and nothing below may show one of them closed twice
    Api.Principal laterSeller = first.seller();
    first.policy(laterSeller, Map.of("paymentWindow", "PT1S"));
    UUID laterProduct = first.product(laterSeller, "2.50", 1);
    Api.Principal laterBuyer = first.buyer();
    UUID later = instances.get(1).placeOrder(laterBuyer, laterProduct, 1).id();
    await().atMost(ALL_CLOSED_WITHIN).pollInterval(Duration.ofMillis(100))
        .until(() -> "CANCELLED".equals(first.order(later, laterBuyer).path("status").asString(null)));

    // ---- every order: cancelled for PAYMENT_TIMEOUT, with exactly one cancellation on its timeline ----
    // each order read on its own: a list answer holds at most 200 (API.md, Lists)
    Set<UUID> cancelledIds = new HashSet<>();
    for (UUID id : orders) {
      Api.Response r = first.get("/api/v1/orders/" + id, seller.token());
      assertThat(r.status()).isEqualTo(200);
      JsonNode order = r.body();
      if ("CANCELLED".equals(order.path("status").asString())) {
        cancelledIds.add(id);
      }
      assertThat(order.path("cancelReason").asString(null)).as("cancel reason of %s", id).isEqualTo("PAYMENT_TIMEOUT");
    }
    assertThat(cancelledIds).as("the seller's cancelled orders").containsExactlyInAnyOrderElementsOf(orders);

    List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
    parallel(clients, ORDERS, i -> {
      UUID order = orders.get(i);
      Api api = instances.get((i + 1) % 2);
      Api.Principal buyer = buyerOf.get(order);
      JsonNode view = api.order(order, buyer);
      assertThat(view.path("status").asString(null)).as("status of %s", order).isEqualTo("CANCELLED");
      assertThat(view.path("cancelReason").asString(null)).as("cancel reason of %s", order).isEqualTo("PAYMENT_TIMEOUT");
      Api.Response timeline = api.get("/api/v1/orders/" + order + "/timeline", buyer.token());
      assertThat(timeline.status()).as("timeline of %s", order).isEqualTo(200);
      List<JsonNode> cancellations = new ArrayList<>();
      for (JsonNode event : timeline.body().path("events")) {
        if ("ORDER_CANCELLED".equals(event.path("type").asString(null))) {
          cancellations.add(event);
        }
      }
      assertThat(cancellations).as("ORDER_CANCELLED events of %s: %s", order, timeline.raw().body()).hasSize(1);
      JsonNode event = cancellations.get(0);
      assertThat(event.path("detail").path("reason").asString(null)).isEqualTo("PAYMENT_TIMEOUT");
      JsonNode late = event.path("detail").path("latenessMs");
      if (late.isNumber()) {
        lateness.add(late.asLong());
      }
      return null;
    });

    // ---- notifications: never two reminders for one order (the window is shorter than the reminder
    // offset, so each is due right away; one that lost the race to the deadline is simply not sent),
    // and one notice of each cancellation, though both instances ran ----
    java.util.concurrent.atomic.AtomicInteger reminded = new java.util.concurrent.atomic.AtomicInteger();
    parallel(clients, BUYERS, i -> {
      Api.Principal buyer = buyers.get(i);
      JsonNode inbox = instances.get(i % 2).get("/api/v1/inbox?limit=200", buyer.token()).body();
      Map<String, Integer> reminders = new HashMap<>();
      Map<String, Integer> cancelNotices = new HashMap<>();
      for (JsonNode n : inbox) {
        String order = n.path("orderId").asString();
        switch (n.path("type").asString()) {
          case "PAYMENT_REMINDER" -> reminders.merge(order, 1, Integer::sum);
          case "ORDER_CANCELLED" -> cancelNotices.merge(order, 1, Integer::sum);
          default -> { }
        }
      }
      List<String> own = new ArrayList<>();
      buyerOf.forEach((order, b) -> {
        if (b.id().equals(buyer.id())) {
          own.add(order.toString());
        }
      });
      for (String order : own) {
        assertThat(reminders.getOrDefault(order, 0)).as("reminders of order %s", order).isLessThanOrEqualTo(1);
        reminded.addAndGet(reminders.getOrDefault(order, 0));
        assertThat(cancelNotices.get(order)).as("cancellation notices of order %s", order).isEqualTo(1);
      }
      return null;
    });
    assertThat(reminded.get()).as("orders reminded").isGreaterThan(ORDERS / 2);

    // ---- stock: everything reserved came back, once ----
    for (UUID product : products) {
      JsonNode stock = first.productView(product, seller).path("stock");
      assertThat(stock.path("reserved").asInt()).as("reserved stock of %s", product).isZero();
      assertThat(stock.path("available").asInt()).as("available stock of %s", product)
          .isEqualTo(initialStock.get(product));
    }

    report(instances, lateness);
  }

  /** What the run looked like: lateness of the closings and, as far as it can be seen, who did them. */
  private static void report(List<Api> instances, List<Long> lateness) {
    List<Long> sorted = new ArrayList<>(lateness);
    Collections.sort(sorted);
    if (!sorted.isEmpty()) {
      System.out.printf("two instances: lateness ms p50=%d p99=%d max=%d (n=%d)%n", sorted.get(sorted.size() / 2),
          sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
          sorted.get(sorted.size() - 1), sorted.size());
    }
    // the timeline actor is the same for both instances; each instance's own metrics tell the split
    // (these counters also include any other due orders in a shared schema)
    for (int i = 0; i < instances.size(); i++) {
      Api.Response metrics = instances.get(i).get("/actuator/prometheus", null);
      String expired = metrics.raw().body().lines()
          .filter(l -> l.startsWith("orderly_orders_expired_total"))
          .findFirst().orElse("orderly_orders_expired_total: not reported (HTTP " + metrics.status() + ")");
      System.out.printf("two instances: instance %d: %s%n", i + 1, expired);
    }
  }

  private static void assertStockConserved(Api api, Api.Principal viewer, UUID product, int initial) {
    JsonNode stock = api.productView(product, viewer).path("stock");
    assertThat(stock.path("available").asInt() + stock.path("reserved").asInt())
        .as("available + reserved of %s (nothing is paid)", product).isEqualTo(initial);
  }

  /** Order i's lines, as product index to quantity: 1 to 3 of one product, every fifth one more of another. */
  private static Map<Integer, Integer> lines(int i) {
    Map<Integer, Integer> lines = new LinkedHashMap<>();
    lines.put(i % PRODUCTS, 1 + i % 3);
    if (i % 5 == 0) {
      lines.put((i + 3) % PRODUCTS, 1);
    }
    return lines;
  }

  private interface Task<T> {
    T run(int i) throws Exception;
  }

  private static <T> List<T> parallel(ExecutorService pool, int count, Task<T> task) throws Exception {
    List<Future<T>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = i;
      futures.add(pool.submit((Callable<T>) () -> task.run(n)));
    }
    List<T> results = new ArrayList<>(count);
    for (Future<T> f : futures) {
      try {
        results.add(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error; // assertion failures keep their message
        }
        throw e;
      }
    }
    return results;
  }

  /**
   * A full application instance in this JVM on the shared database. The settings go in as
   * command-line arguments so that they win over application.properties. Small deadline batches
   * make the four sweep workers (two per instance) contend for the same due rows.
   */
  private ConfigurableApplicationContext start(String url) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--orderly.mode=demo", "--orderly.demo.seed=false",
        "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
        "--orderly.timers.max-idle=PT0.2S",
        "--orderly.timers.payment-deadline.batch-size=25",
        // a slow placement must not restrict a buyer whose first orders already expired (repeat non-payers)
        "--orderly.restrictions.max-expired=1000",
        "--orderly.restrictions.max-unpaid-orders=1000",
        "--orderly.data-dir=" + dataDir,
        "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + envOr("ORDERLY_TEST_DATABASE_USER", "postgres"),
        "--spring.datasource.password=" + envOr("ORDERLY_TEST_DATABASE_PASSWORD", "")));
    return new SpringApplicationBuilder(OrderlyApplication.class).run(args.toArray(String[]::new));
  }

  private static Api api(ConfigurableApplicationContext context) {
    return new Api("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
