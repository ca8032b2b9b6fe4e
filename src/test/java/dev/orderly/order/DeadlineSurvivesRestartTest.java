package dev.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.OrderlyApplication;
import dev.orderly.support.Api;
import dev.orderly.support.ApiContract;
import dev.orderly.support.ApiTest;
import dev.orderly.support.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Payment deadlines are durable: orders whose deadline passes while the service is down are
 * cancelled, exactly once, by the next instance that starts on the same database.
 *
 * <p>Runs on a fresh embedded H2 file, or on PostgreSQL when {@code ORDERLY_TEST_DATABASE_URL} is
 * set (the schema is then shared with other tests, so only this test's own orders are asserted).
 * The instances are real applications in this JVM, reached over HTTP. The restarted one's clock
 * is put past the deadlines instead of waiting for them ({@link MovableClock}).
 */
class DeadlineSurvivesRestartTest {

  private static final Duration PAYMENT_WINDOW = Duration.ofSeconds(2);
  private static final int STOCK = 10;

  @TempDir
  Path dataDir;

  @Test
  void ordersWhoseDeadlinePassedWhileTheServiceWasDownAreCancelledExactlyOnceAfterRestart() throws Exception {
    List<UUID> orders = new ArrayList<>();
    Api.Principal seller;
    Api.Principal buyer;
    UUID product;
    Instant earliestDeadline = Instant.MAX;
    Instant latestDeadline = Instant.MIN;

    // the first instance's timers are off: however slow this machine is, it cannot close an order
    // before it goes down, so every cancellation below is the restarted instance's work
    ConfigurableApplicationContext first = start(dataDir, "--orderly.timers.enabled=false");
    try {
      Api api = api(first);
      seller = api.seller();
      buyer = api.buyer();
      product = api.product(seller, "4.00", STOCK);
      api.policy(seller, Map.of("paymentWindow", PAYMENT_WINDOW.toString()));

      // quantities 1 + 2 + 3 + 4 reserve the whole stock
      for (int quantity = 1; quantity <= 4; quantity++) {
        Api.Response placed = api.placeOrder(buyer, product, quantity);
        assertThat(placed.status()).as("placing an order: %s", placed.raw().body()).isEqualTo(201);
        assertThat(placed.text("status")).isEqualTo("AWAITING_PAYMENT");
        orders.add(placed.id());
        Instant deadline = Instant.parse(placed.text("paymentDeadline"));
        earliestDeadline = deadline.isBefore(earliestDeadline) ? deadline : earliestDeadline;
        latestDeadline = deadline.isAfter(latestDeadline) ? deadline : latestDeadline;
      }
      assertStock(api, product, buyer, 0, STOCK);
      for (UUID order : orders) {
        assertThat(api.order(order, buyer).path("status").asString(null)).isEqualTo("AWAITING_PAYMENT");
      }
    } finally {
      first.close();
    }
    Instant down = Instant.now();
    System.out.printf("restart test: %d orders placed, deadlines %s .. %s, first instance down at %s%n",
        orders.size(), earliestDeadline, latestDeadline, down);

    // the deadlines pass while nothing runs: the restarted instance's clock starts past them
    MovableClock clock = new MovableClock();
    clock.moveTo(latestDeadline.plusMillis(300));

    Instant restarting = clock.instant();
    ConfigurableApplicationContext second = start(dataDir, clock);
    try {
      Api api = api(second);
      Instant started = clock.instant();
      // the API document every answer is checked against is read first: built on its first request,
      // it can take seconds on a busy machine, which are not the timers' to account for
      ApiContract.of(api.base());
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
        for (UUID order : orders) {
          JsonNode view = api.order(order, buyer);
          assertThat(view.path("status").asString(null)).as("status of %s", order).isEqualTo("CANCELLED");
          assertThat(view.path("cancelReason").asString(null)).as("cancel reason of %s", order)
              .isEqualTo("PAYMENT_TIMEOUT");
        }
      });
      assertStock(api, product, buyer, STOCK, 0);
      System.out.printf("restart test: second instance up at %s, all %d orders seen cancelled over HTTP %d ms later%n",
          started, orders.size(), Duration.between(started, clock.instant()).toMillis());

      // a later order's deadline passes and it is closed: the sweeper has run past these orders
      // since, and nothing closed one of them a second time
      UUID later = api.placeOrder(buyer, api.product(seller, "4.00", 1), 1).id();
      clock.moveTo(Instant.parse(api.order(later, buyer).path("paymentDeadline").asString()).plusMillis(1), second);
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> "CANCELLED".equals(api.order(later, buyer).path("status").asString(null)));
      for (UUID order : orders) {
        List<JsonNode> cancelled = cancellations(api, order, buyer);
        assertThat(cancelled).as("ORDER_CANCELLED events of %s", order).hasSize(1);
        JsonNode event = cancelled.get(0);
        assertThat(event.path("actor").asString(null)).isEqualTo("system:payment-deadline");
        assertThat(event.path("detail").path("reason").asString(null)).isEqualTo("PAYMENT_TIMEOUT");
        Instant at = Instant.parse(event.path("at").asString());
        assertThat(at).as("cancelled by the restarted instance, after the first one was down").isAfter(down);
        System.out.printf("restart test: order %s cancelled at %s, %d ms after the restart began (startup took %d ms)%n",
            order, at, Duration.between(restarting, at).toMillis(), Duration.between(restarting, started).toMillis());
      }
      assertStock(api, product, buyer, STOCK, 0);
    } finally {
      second.close();
    }
  }

  private static List<JsonNode> cancellations(Api api, UUID order, Api.Principal viewer) {
    Api.Response timeline = api.get("/api/v1/orders/" + order + "/timeline", viewer.token());
    assertThat(timeline.status()).as("timeline of %s: %s", order, timeline.raw().body()).isEqualTo(200);
    List<JsonNode> cancelled = new ArrayList<>();
    for (JsonNode event : timeline.body().path("events")) {
      if ("ORDER_CANCELLED".equals(event.path("type").asString(null))) {
        cancelled.add(event);
      }
    }
    return cancelled;
  }

  private static void assertStock(Api api, UUID product, Api.Principal viewer, int available, int reserved) {
    JsonNode stock = api.productView(product, viewer).path("stock");
    assertThat(stock.path("available").asInt()).as("available stock").isEqualTo(available);
    assertThat(stock.path("reserved").asInt()).as("reserved stock").isEqualTo(reserved);
  }

  /**
   * A full application instance in this JVM. The settings go in as command-line arguments: they
   * must win over application.properties (SpringApplicationBuilder.properties would only set
   * defaults, which application.properties overrides).
   */
  static ConfigurableApplicationContext start(Path dataDir, String... extraArgs) {
    return start(dataDir, null, extraArgs);
  }

  /** As {@link #start(Path, String...)}, on {@code clock} when it is not null. */
  static ConfigurableApplicationContext start(Path dataDir, MovableClock clock, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--orderly.mode=demo", "--orderly.demo.seed=false",
        "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
        "--orderly.timers.max-idle=PT0.2S",
        // one buyer holds and lets expire several orders: the anti-hoarding rules are not under test
        "--orderly.restrictions.max-unpaid-orders=1000000",
        "--orderly.restrictions.max-expired=1000000",
        "--orderly.data-dir=" + dataDir));
    String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      args.add("--spring.datasource.url=" + url);
      args.add("--spring.datasource.username=" + envOr("ORDERLY_TEST_DATABASE_USER", "postgres"));
      args.add("--spring.datasource.password=" + envOr("ORDERLY_TEST_DATABASE_PASSWORD", ""));
    }
    args.addAll(List.of(extraArgs));
    SpringApplicationBuilder app = new SpringApplicationBuilder(OrderlyApplication.class);
    if (clock != null) {
      app.initializers(clock.installer());
    }
    return app.run(args.toArray(String[]::new));
  }

  static Api api(ConfigurableApplicationContext context) {
    return new Api("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
