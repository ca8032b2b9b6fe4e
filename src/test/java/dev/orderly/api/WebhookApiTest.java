package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.Shop;
import dev.orderly.support.StandardWebhooks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Webhooks: signed the Standard Webhooks way, retried with the same id, logged, and refused when unsafe. */
class WebhookApiTest extends ApiTest {

  /** What a receiver got: headers and body. */
  record Received(String path, String id, String timestamp, String signature, String body) {
    JsonNode json() {
      return Api.JSON.readTree(body);
    }
  }

  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  /** Status codes to answer with, in order; 204 once used up. */
  private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
  private volatile int answerWhenEmpty = 204;

  @Autowired
  private JdbcClient jdbc;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      var h = exchange.getRequestHeaders();
      received.add(new Received(exchange.getRequestURI().getPath(), h.getFirst("webhook-id"),
          h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
      Integer status = answers.poll();
      int code = status == null ? answerWhenEmpty : status;
      byte[] answer = (code / 100 == 2 ? "" : "receiver says no").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private Api.Response subscribe(Api.Principal who, String path, String... types) {
    return subscribe(who.token(), url(path), List.of(types));
  }

  private Api.Response subscribe(String token, String url, List<String> types) {
    return api.post("/api/v1/webhooks", token, Map.of("url", url, "types", types));
  }

  private List<JsonNode> deliveries(String token, UUID webhook) {
    Api.Response r = api.get("/api/v1/webhooks/" + webhook + "/deliveries", token);
    assertThat(r.status()).isEqualTo(200);
    return PaymentFixture.list(r.body());
  }

  private static boolean verified(Received r, String secret) {
    return StandardWebhooks.verifies(secret, r.id(), r.timestamp(), r.signature(), r.body());
  }

  @Test
  void aSellersWebhookGetsSignedEventsOfItsTypesAboutItsOrdersOnly() throws Exception {
    Shop shop = Shop.open(api, Map.of(), "20.00", false);
    Api.Response created = subscribe(shop.seller(), "/paid", "ORDER_PAID");
    assertThat(created.status()).isEqualTo(201);
    String secret = created.text("secret");
    assertThat(secret).startsWith("whsec_");
    assertThat(created.text("url")).isEqualTo(url("/paid"));
    assertThat(PaymentFixture.list(created.body().path("types"))).extracting(JsonNode::asString)
        .containsExactly("ORDER_PAID");
    UUID paidHook = created.id();
    UUID shippedHook = subscribe(shop.seller(), "/shipped", "ORDER_SHIPPED").id();
    Api.Principal otherSeller = api.seller();
    UUID othersHook = subscribe(otherSeller, "/others", "ORDER_PAID", "ORDER_SHIPPED").id();

    // listed without the secret: it is shown once
    List<JsonNode> mine = PaymentFixture.list(api.get("/api/v1/webhooks", shop.seller().token()).body());
    assertThat(mine).extracting(w -> w.path("id").asString())
        .containsExactlyInAnyOrder(paidHook.toString(), shippedHook.toString());
    assertThat(mine).allMatch(w -> !w.has("secret") && w.path("status").asString().equals("ACTIVE"));
    assertThat(PaymentFixture.list(api.get("/api/v1/webhooks", ADMIN_TOKEN).body()))
        .extracting(w -> w.path("id").asString()).contains(paidHook.toString(), othersHook.toString());

    UUID order = shop.paidOrder();
    await().atMost(Shop.WAIT).until(() -> at("/paid").size() == 1);
    Received paid = at("/paid").get(0);
    assertThat(verified(paid, secret)).isTrue();
    JsonNode body = paid.json();
    assertThat(body.path("type").asString()).isEqualTo("ORDER_PAID");
    assertThat(body.path("occurredAt").asString()).isNotBlank();
    assertThat(body.path("data").path("orderId").asString()).isEqualTo(order.toString());
    assertThat(body.path("data").path("amount").asString()).isEqualTo("20.00 USD");
    // the webhook id is the notification's id: the buyer's inbox item
    JsonNode inboxItem = PaymentFixture.list(api.get("/api/v1/inbox", shop.buyer().token()).body()).stream()
        .filter(n -> n.path("type").asString().equals("ORDER_PAID")).findFirst().orElseThrow();
    assertThat(paid.id()).isEqualTo(inboxItem.path("id").asString())
        .isEqualTo(body.path("data").path("notificationId").asString());

    shop.process(order);
    assertThat(shop.ship(order).status()).isEqualTo(200);
    await().atMost(Shop.WAIT).until(() -> at("/shipped").size() == 1);
    assertThat(at("/shipped").get(0).json().path("type").asString()).isEqualTo("ORDER_SHIPPED");

    // the ORDER_PAID subscription got no ORDER_SHIPPED, and the other seller's got nothing of this shop
    assertThat(deliveries(shop.seller().token(), paidHook)).extracting(d -> d.path("type").asString())
        .containsExactly("ORDER_PAID");
    assertThat(deliveries(otherSeller.token(), othersHook)).isEmpty();
    assertThat(at("/paid")).hasSize(1);
    assertThat(at("/others")).isEmpty();
    JsonNode delivery = deliveries(shop.seller().token(), paidHook).get(0);
    assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
    assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(204);
  }

  @Test
  void aFailingReceiverGetsTheSameIdAgainUntilItRecoversAndTheLogShowsEachAttempt() throws Exception {
    Shop shop = Shop.open(api, Map.of(), "15.00", false);
    Api.Response created = subscribe(shop.seller(), "/flaky", "ORDER_PAID");
    UUID hook = created.id();
    answers.add(500);
    answers.add(503);
    UUID order = shop.paidOrder();

    await().atMost(Shop.WAIT).until(() -> at("/flaky").size() == 3);
    List<Received> tries = at("/flaky");
    assertThat(tries).extracting(Received::id).containsOnly(tries.get(0).id());
    for (Received r : tries) {
      assertThat(verified(r, created.text("secret"))).isTrue();
      assertThat(r.json().path("data").path("orderId").asString()).isEqualTo(order.toString());
    }
    await().atMost(Shop.WAIT).until(() -> deliveries(shop.seller().token(), hook).get(0).path("status").asString()
        .equals("DELIVERED"));
    JsonNode delivery = deliveries(shop.seller().token(), hook).get(0);
    assertThat(delivery.path("type").asString()).isEqualTo("ORDER_PAID");
    assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
    assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(204);
    assertThat(delivery.path("notificationId").asString()).isEqualTo(tries.get(0).id());
    List<JsonNode> log = PaymentFixture.list(delivery.path("log"));
    assertThat(log).extracting(a -> a.path("statusCode").asInt()).containsExactly(500, 503, 204);
    assertThat(log).extracting(a -> a.path("attempt").asInt()).containsExactly(1, 2, 3);
    assertThat(log.get(0).path("error").asString()).contains("500");
    assertThat(log.get(2).path("error").isNull()).isTrue();
    assertThat(Duration.between(java.time.Instant.parse(log.get(0).path("at").asString()),
        java.time.Instant.parse(log.get(1).path("at").asString()))).isPositive();
    // the failed attempts are stored one row each; the successful one is the delivery row itself
    UUID deliveryId = UUID.fromString(delivery.path("id").asString());
    assertThat(jdbc.sql("SELECT attempt FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt")
        .param(deliveryId).query(Integer.class).list()).containsExactly(1, 2);
    assertThat(log.get(2).path("at").asString()).isEqualTo(delivery.path("deliveredAt").asString());
    assertThat(log.get(2).path("durationMs").asInt()).isNotNegative();
  }

  /**
   * A successful attempt written to the log table as well (as before the delivery row kept the last
   * attempt's duration) is shown once, not also derived from the delivery row.
   */
  @Test
  void aSuccessfulAttemptStoredInTheLogTableIsShownOnce() throws Exception {
    Shop shop = Shop.open(api, Map.of(), "15.00", false);
    UUID hook = subscribe(shop.seller(), "/stored", "ORDER_PAID").id();
    shop.paidOrder();
    await().atMost(Shop.WAIT).until(() -> !deliveries(shop.seller().token(), hook).isEmpty()
        && deliveries(shop.seller().token(), hook).get(0).path("status").asString().equals("DELIVERED"));
    JsonNode delivered = deliveries(shop.seller().token(), hook).get(0);
    UUID deliveryId = UUID.fromString(delivered.path("id").asString());
    assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id = ?").param(deliveryId)
        .query(Integer.class).single()).isZero();
    // the row an older version wrote for the successful attempt, and no duration on the delivery
    jdbc.sql("INSERT INTO webhook_attempts (id, delivery_id, attempt, attempted_at, status_code, error, duration_ms) "
            + "SELECT ?, id, attempts, delivered_at, last_status_code, NULL, 7 FROM notification_deliveries WHERE id = ?")
        .params(UUID.randomUUID(), deliveryId).update();
    jdbc.sql("UPDATE notification_deliveries SET last_duration_ms = NULL WHERE id = ?").param(deliveryId).update();
    List<JsonNode> log = PaymentFixture.list(deliveries(shop.seller().token(), hook).get(0).path("log"));
    assertThat(log).extracting(a -> a.path("attempt").asInt()).containsExactly(1);
    assertThat(log.get(0).path("durationMs").asInt()).isEqualTo(7);
    assertThat(log.get(0).path("statusCode").asInt()).isEqualTo(delivered.path("lastStatusCode").asInt());
  }

  /**
   * The relay does not wait for a batch: of one notification's two deliveries, the one to a
   * receiver that answers at once is sent and recorded while the other receiver still holds its
   * request; a webhook that stops answering delays nobody else.
   */
  @Test
  void aSubscriberThatHangsDelaysOnlyItsOwnDeliveries() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger hanging = new java.util.concurrent.atomic.AtomicInteger();
    HttpServer both = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    both.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    both.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestURI().getPath().equals("/hangs")) {
        hanging.incrementAndGet();
        try {
          release.await(8, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    both.start();
    try {
      Shop shop = Shop.open(api, Map.of(), "11.00", false);
      String base = "http://127.0.0.1:" + both.getAddress().getPort();
      UUID slow = subscribe(shop.seller().token(), base + "/hangs", List.of("ORDER_PAID")).id();
      UUID fast = subscribe(shop.seller().token(), base + "/answers", List.of("ORDER_PAID")).id();
      shop.paidOrder();

      await().atMost(Shop.WAIT).until(() -> hanging.get() == 1);
      await().atMost(Duration.ofSeconds(3)).until(() -> deliveries(shop.seller().token(), fast).get(0)
          .path("status").asString().equals("DELIVERED"));
      assertThat(release.getCount()).as("the hanging request is still held").isEqualTo(1);
      assertThat(deliveries(shop.seller().token(), slow).get(0).path("status").asString()).isEqualTo("PENDING");

      release.countDown();
      await().atMost(Shop.WAIT).until(() -> deliveries(shop.seller().token(), slow).get(0)
          .path("status").asString().equals("DELIVERED"));
      assertThat(hanging.get()).as("sent once: the late answer is recorded, not sent again").isEqualTo(1);
    } finally {
      release.countDown();
      both.stop(0);
    }
  }

  @Test
  void aWebhookFailingForTheWholeRetryPeriodIsDisabledAndItsOwnerTold() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    UUID hook = subscribe(shop.seller(), "/down", "ORDER_PAID").id();
    answerWhenEmpty = 500;
    shop.paidOrder();
    await().atMost(Shop.WAIT).until(() -> !at("/down").isEmpty());
    // as if the first attempt had been a day ago: the next failure gives up
    jdbc.sql("UPDATE notification_deliveries SET created_at = created_at - INTERVAL '2' DAY WHERE target = ?")
        .param(hook.toString()).update();
    await().atMost(Shop.WAIT).until(() -> deliveries(shop.seller().token(), hook).get(0).path("status").asString()
        .equals("GAVE_UP"));
    JsonNode listed = PaymentFixture.list(api.get("/api/v1/webhooks", shop.seller().token()).body()).get(0);
    assertThat(listed.path("status").asString()).isEqualTo("DISABLED");
    assertThat(listed.path("disabledReason").asString()).contains("500");
    List<JsonNode> told = PaymentFixture.list(api.get("/api/v1/inbox", shop.seller().token()).body()).stream()
        .filter(n -> n.path("type").asString().equals("WEBHOOK_DISABLED")).toList();
    assertThat(told).hasSize(1);
    assertThat(told.get(0).path("body").asString()).contains(url("/down"));

    // a disabled webhook gets nothing more
    int before = at("/down").size();
    shop.paidOrder();
    assertThat(deliveries(shop.seller().token(), hook)).hasSize(1);
    assertThat(at("/down")).hasSize(before);
  }

  @Test
  void badInputIsRefusedAndCreatesNothing() {
    Api.Principal seller = api.seller();
    Api.Response unknownType = subscribe(seller, "/x", "ORDER_PAID", "ORDER_TELEPORTED");
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.code()).isEqualTo("VALIDATION_FAILED");
    assertThat(subscribe(seller.token(), url("/x"), List.of()).code()).isEqualTo("VALIDATION_FAILED");
    assertThat(subscribe(seller, "/x", "WEBHOOK_DISABLED").code()).isEqualTo("VALIDATION_FAILED");
    for (String bad : List.of("ftp://example.com/hook", "not a url", "file:///etc/passwd", "http:///nohost")) {
      Api.Response r = subscribe(seller.token(), bad, List.of("ORDER_PAID"));
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.code()).as(bad).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(api.post("/api/v1/webhooks", seller.token(), Map.of("types", List.of("ORDER_PAID"))).status())
        .isEqualTo(400);
    assertThat(PaymentFixture.list(api.get("/api/v1/webhooks", seller.token()).body())).isEmpty();

    // buyers and support have no webhooks
    Api.Principal buyer = api.buyer();
    Api.Response forbidden = subscribe(buyer, "/x", "ORDER_PAID");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(api.get("/api/v1/webhooks", buyer.token()).status()).isEqualTo(403);
    assertThat(subscribe(api.support(), "/x", "ORDER_PAID").status()).isEqualTo(403);

    // another seller's webhook does not exist for you; the admin sees and deletes any
    UUID hook = subscribe(seller, "/x", "ORDER_PAID").id();
    Api.Principal other = api.seller();
    assertThat(api.get("/api/v1/webhooks/" + hook + "/deliveries", other.token()).status()).isEqualTo(404);
    assertThat(api.send("DELETE", "/api/v1/webhooks/" + hook, other.token(), null, Map.of()).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/webhooks/" + UUID.randomUUID() + "/deliveries", seller.token()).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/webhooks/" + hook + "/deliveries", ADMIN_TOKEN).status()).isEqualTo(200);
    assertThat(api.send("DELETE", "/api/v1/webhooks/" + hook, seller.token(), null, Map.of()).status())
        .isEqualTo(204);
    assertThat(PaymentFixture.list(api.get("/api/v1/webhooks", seller.token()).body())).isEmpty();
    assertThat(api.send("DELETE", "/api/v1/webhooks/" + hook, seller.token(), null, Map.of()).status())
        .isEqualTo(404);
  }

  @Test
  void theAdminSubscribesToEverySellersEventsOfItsTypes() {
    Api.Response created = subscribe(ADMIN_TOKEN, url("/all"), List.of("ORDER_PAID"));
    assertThat(created.status()).isEqualTo(201);
    UUID hook = created.id();
    try {
      Shop shop = Shop.open(api, Map.of(), "11.00", false);
      UUID order = shop.paidOrder();
      await().atMost(Shop.WAIT).until(() -> at("/all").stream()
          .anyMatch(r -> r.json().path("data").path("orderId").asString().equals(order.toString())));
    } finally {
      assertThat(api.send("DELETE", "/api/v1/webhooks/" + hook, ADMIN_TOKEN, null, Map.of()).status()).isEqualTo(204);
    }
  }

  @Test
  void theSecretIsNotStoredInClear() {
    Api.Response created = subscribe(api.seller(), "/secret", "ORDER_PAID");
    String secret = created.text("secret");
    String stored = jdbc.sql("SELECT secret FROM webhook_subscriptions WHERE id = ?").param(created.id())
        .query(String.class).single();
    assertThat(stored).isNotBlank().doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
  }
}
