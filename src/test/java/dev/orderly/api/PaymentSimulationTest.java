package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A seeded simulation over real HTTP: buyers start and switch attempts, pay or fail at the
 * provider with callbacks delayed, duplicated, reordered or lost, press "I have paid", while
 * methods go down, slow or failing and deadlines pass. Afterwards, with the provider healthy
 * again and support retrying refunds that needed attention, money must balance for every order,
 * counted at the provider itself: captured − refunded = the price for a paid order, 0 for a
 * cancelled one; and no order is both paid and cancelled.
 *
 * <p>Choices come from the seed (printed); the interleaving also depends on timing, so a failure
 * prints the order's whole story.
 */
class PaymentSimulationTest extends ApiTest {

  private static final List<String> METHODS = List.of("CARD", "ALIPAY", "WECHAT_PAY", "GOPAY", "OVO", "DANA");
  private static final List<String> MODES = List.of("NORMAL", "NORMAL", "DOWN", "DOWN", "FAILING", "SLOW");
  private static final int ORDERS = 14;
  private static final Duration RUN = Duration.ofSeconds(8);

  @AfterEach
  void normalProvider() {
    resetPaymentConditions();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {20261123L, 7L})
  void moneyBalancesForEveryOrderWhateverHappens(long seed) throws Exception {
    System.out.println("PaymentSimulationTest seed " + seed);
    resetPaymentConditions();
    Random random = new Random(seed);
    List<PaymentFixture> orders = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      String window = "PT" + (3 + random.nextInt(8)) + "S";
      orders.add(PaymentFixture.order(api, window, (5 + random.nextInt(50)) + ".00"));
    }
    Map<UUID, List<String>> references = new java.util.concurrent.ConcurrentHashMap<>();
    orders.forEach(o -> references.put(o.order(), Collections.synchronizedList(new ArrayList<>())));

    ExecutorService buyers = Executors.newFixedThreadPool(3);
    long end = System.nanoTime() + RUN.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      Random mine = new Random(seed * 31 + b);
      running.add(buyers.submit(() -> {
        while (System.nanoTime() < end) {
          act(mine, orders.get(mine.nextInt(orders.size())), references);
          sleep(mine.nextInt(150));
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
    }
    buyers.shutdown();

    // an outage of some methods while the remaining deadlines pass (grace is 3 s in tests): it lasts
    // until every order still awaiting payment has met its deadline during it
    Instant outage = Instant.now();
    for (String method : METHODS) {
      api.sandbox("PUT", "/methods/" + method, Map.of("mode", random.nextBoolean() ? "DOWN" : "NORMAL"));
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> orders.stream().allMatch(o -> deadlineMetSince(o, outage)));

    // the provider is healthy again; buyers whose attempts are still open at the provider pay them
    // (money that may now be late or a duplicate); deadlines, reconciliation and refunds settle the rest
    resetPaymentConditions();
    for (PaymentFixture o : orders) {
      for (String ref : references.get(o.order())) {
        if (random.nextInt(10) < 4) {
          api.pay(ref, "succeed", Map.of("callbackDelay", "PT" + (random.nextInt(1000) / 1000.0) + "S",
              "duplicateCallbacks", random.nextInt(2), "dropCallbacks", random.nextInt(4) == 0));
        }
      }
    }
    Api.Principal support = api.support();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      for (PaymentFixture o : orders) {
        retryRefundsNeedingAttention(o, support);
      }
      return orders.stream().allMatch(this::settled);
    });

    Map<String, Integer> tally = new java.util.TreeMap<>();
    for (PaymentFixture o : orders) {
      String story = story(o);
      tally.merge(o.status(), 1, Integer::sum);
      o.refunds().forEach(r -> tally.merge("refund " + r.path("cause").asString(), 1, Integer::sum));
      tally.merge("attempts", references.get(o.order()).size(), Integer::sum);
      tally.merge("deadline extensions", o.events("PAYMENT_DEADLINE_EXTENDED").size(), Integer::sum);
      tally.merge("refunds retried by support", o.events("REFUND_RETRY_REQUESTED").size(), Integer::sum);
      JsonNode view = o.view();
      String status = view.path("status").asString();
      BigDecimal captured = BigDecimal.ZERO;
      BigDecimal refunded = BigDecimal.ZERO;
      for (String ref : references.get(o.order())) {
        JsonNode atProvider = o.atProvider(ref);
        if ("SUCCEEDED".equals(atProvider.path("status").asString())) {
          captured = captured.add(new BigDecimal(atProvider.path("amount").path("amount").asString()));
        }
        refunded = refunded.add(new BigDecimal(atProvider.path("refunded").path("amount").asString("0")));
      }
      BigDecimal net = captured.subtract(refunded);
      BigDecimal expected = "CANCELLED".equals(status) ? BigDecimal.ZERO
          : new BigDecimal(view.path("total").path("amount").asString());
      assertThat(status).as(story).isIn("PAID", "CANCELLED");
      assertThat(net.compareTo(expected)).as("net money %s for %s order\n%s", net, status, story).isZero();
      assertThat(o.events("ORDER_PAID").size()).as(story).isLessThanOrEqualTo(1);
      if ("CANCELLED".equals(status)) {
        assertThat(o.events("ORDER_PAID")).as(story).isEmpty();
      }
      BigDecimal refundedInOrderly = o.refunds().stream()
          .map(r -> new BigDecimal(r.path("amount").path("amount").asString())).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(refundedInOrderly.compareTo(refunded)).as(story).isZero();
    }
    System.out.println("PaymentSimulationTest seed " + seed + ": " + tally);
  }

  private void act(Random r, PaymentFixture o, Map<UUID, List<String>> references) {
    int dice = r.nextInt(100);
    List<String> mine = references.get(o.order());
    if (dice < 30 || mine.isEmpty()) {
      Api.Response started = o.start(METHODS.get(r.nextInt(METHODS.size())));
      if (started.status() == 201) {
        mine.add(started.text("providerReference"));
      }
    } else if (dice < 70) {
      String ref = mine.get(r.nextInt(mine.size()));
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("callbackDelay", "PT" + (r.nextInt(1500) / 1000.0) + "S");
      options.put("duplicateCallbacks", r.nextInt(3));
      options.put("reorderCallbacks", r.nextBoolean());
      options.put("dropCallbacks", r.nextInt(5) == 0);
      api.pay(ref, r.nextInt(4) == 0 ? "fail" : "succeed", options);
    } else if (dice < 80) {
      List<JsonNode> attempts = o.attempts();
      if (!attempts.isEmpty()) {
        JsonNode a = attempts.get(r.nextInt(attempts.size()));
        api.post("/api/v1/orders/" + o.order() + "/payments/" + a.path("id").asString() + "/check", o.buyer().token(),
            null);
      }
    } else {
      String method = METHODS.get(r.nextInt(METHODS.size()));
      String mode = MODES.get(r.nextInt(MODES.size()));
      api.sandbox("PUT", "/methods/" + method, Map.of("mode", mode, "latency", "PT0.3S"));
    }
  }

  /**
   * The order is no longer awaiting payment, or its deadline came since {@code since} and the
   * deadline check could not close it: the provider was unreachable, or the method was degraded.
   */
  private boolean deadlineMetSince(PaymentFixture o, Instant since) {
    if (!"AWAITING_PAYMENT".equals(o.status())) {
      return true;
    }
    return java.util.stream.Stream.of("PROVIDER_UNREACHABLE_AT_DEADLINE", "PAYMENT_DEADLINE_EXTENDED")
        .flatMap(type -> o.events(type).stream())
        .anyMatch(e -> !Instant.parse(e.path("at").asString()).isBefore(since));
  }

  /** Nothing left to happen: order final for payment, no attempt pending, every refund done. */
  private boolean settled(PaymentFixture o) {
    String status = o.status();
    if ("AWAITING_PAYMENT".equals(status)) {
      return false;
    }
    if (o.attempts().stream().anyMatch(a -> "PENDING".equals(a.path("status").asString()))) {
      return false;
    }
    return o.refunds().stream().allMatch(r -> "SUCCEEDED".equals(r.path("status").asString()));
  }

  private void retryRefundsNeedingAttention(PaymentFixture o, Api.Principal support) {
    for (JsonNode refund : o.refunds()) {
      if ("NEEDS_ATTENTION".equals(refund.path("status").asString())) {
        api.post("/api/v1/refunds/" + refund.path("id").asString() + "/retry", support.token(), Map.of("note", "provider fixed"));
      }
    }
  }

  private String story(PaymentFixture o) {
    StringBuilder s = new StringBuilder("order " + o.order() + "\n");
    JsonNode events = api.get("/api/v1/orders/" + o.order() + "/timeline", o.buyer().token()).body().path("events");
    for (JsonNode e : events) {
      s.append("  ").append(e.path("at").asString()).append(' ').append(e.path("type").asString()).append(' ')
          .append(e.path("detail")).append('\n');
    }
    return s.toString();
  }

  /** Think time between one simulated person's actions: pacing the load, no test waits on it. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
