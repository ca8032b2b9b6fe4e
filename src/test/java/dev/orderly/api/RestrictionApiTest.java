package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Shop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Repeat non-payers and the unpaid-orders cap (PRODUCT.md rule 9 of "Unpaid orders", API.md "Repeat
 * non-payers") over HTTP, with ApiTest's small limits (one shared context, so that no second
 * application's timers act on other tests' orders): 2 orders expired within a minute restrict the
 * buyer for an hour; at most 3 unpaid orders at once. Every test uses fresh buyers.
 */
class RestrictionApiTest extends ApiTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private Api.Principal support;
  /** A seller whose orders must be paid within one second: they expire at once. */
  private Api.Principal hastySeller;
  private UUID hastyProduct;
  /** A seller with the default payment window. */
  private Api.Principal seller;
  private UUID product;

  @BeforeEach
  void shops() {
    support = api.support();
    hastySeller = api.seller();
    api.policy(hastySeller, Map.of("paymentWindow", "PT1S"));
    hastyProduct = api.product(hastySeller, "3.00", 1_000);
    seller = api.seller();
    product = api.product(seller, "5.00", 1_000);
  }

  @Test
  void buyerWhoLetsOrdersExpireIsRestrictedUntilSupportLiftsIt() {
    Api.Principal buyer = api.buyer();
    Instant secondExpired = letExpire(buyer, 2);

    // restricted: refused before anything is reserved, with the end of the restriction
    Api.Response refused = api.placeOrder(buyer, product, 1);
    assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("BUYER_RESTRICTED");
    Instant until = Instant.parse(refused.text("restrictedUntil"));
    assertThat(until).isAfter(secondExpired.plus(Duration.ofMinutes(59))).isBefore(Instant.now().plus(Duration.ofHours(1)));
    assertThat(refused.text("title")).isEqualTo("Ordering paused for a while");
    assertThat(refused.text("detail")).contains("restrictedUntil");
    assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt()).isZero();
    assertThat(api.get("/api/v1/orders", buyer.token()).body().size()).isEqualTo(2);
    // in the buyer's language
    Api.Response chinese = api.post("/api/v1/orders", buyer.token(), items(product, 1), Map.of("Accept-Language", "zh-CN"));
    assertThat(chinese.code()).isEqualTo("BUYER_RESTRICTED");
    assertThat(chinese.text("title")).isEqualTo("暂时无法下单");

    // support sees the standing
    JsonNode standing = standing(buyer.id());
    assertThat(standing.path("buyerId").asString()).isEqualTo(buyer.id().toString());
    assertThat(Instant.parse(standing.path("restrictedUntil").asString())).isEqualTo(until);
    assertThat(standing.path("expiredCount").asInt()).isEqualTo(2);
    assertThat(standing.path("unpaidCount").asInt()).isZero();
    assertThat(standing.has("liftedAt")).isFalse();
    assertThat(standing.path("history").size()).isZero();

    // support lifts it, with a note, recorded with the actor
    Api.Response lifted = api.post("/api/v1/support/buyers/" + buyer.id() + "/lift-restriction", support.token(),
        Map.of("note", "Buyer's bank was down all week; confirmed by phone."));
    assertThat(lifted.status()).as(lifted.raw().body()).isEqualTo(200);
    assertThat(lifted.body().path("restrictedUntil").isNull()).isTrue();
    assertThat(lifted.body().has("restrictedUntil")).isTrue();
    assertThat(lifted.body().path("expiredCount").asInt()).isZero();
    Instant liftedAt = Instant.parse(lifted.text("liftedAt"));
    JsonNode entry = lifted.body().path("history").get(0);
    assertThat(entry.path("action").asString()).isEqualTo("RESTRICTION_LIFTED");
    assertThat(entry.path("actor").asString()).isEqualTo("support:" + support.id());
    assertThat(entry.path("note").asString()).isEqualTo("Buyer's bank was down all week; confirmed by phone.");
    assertThat(Instant.parse(entry.path("at").asString())).isEqualTo(liftedAt);
    assertThat(Instant.parse(entry.path("restrictedUntil").asString())).isEqualTo(until);
    assertThat(standing(buyer.id())).isEqualTo(lifted.body());

    // placing works again
    Api.Response placed = api.placeOrder(buyer, product, 1);
    assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);

    // only expiries after the lift count: one is not enough, the second restricts again
    letExpire(buyer, 1);
    assertThat(standing(buyer.id()).path("expiredCount").asInt()).isEqualTo(1);
    assertThat(api.placeOrder(buyer, product, 1).status()).isEqualTo(201);
    Instant again = letExpire(buyer, 1);
    Api.Response refusedAgain = api.placeOrder(buyer, product, 1);
    assertThat(refusedAgain.code()).isEqualTo("BUYER_RESTRICTED");
    assertThat(Instant.parse(refusedAgain.text("restrictedUntil"))).isAfter(again.plus(Duration.ofMinutes(59)));
    JsonNode after = standing(buyer.id());
    assertThat(after.path("expiredCount").asInt()).isEqualTo(2);
    assertThat(after.path("unpaidCount").asInt()).isEqualTo(2);
    assertThat(Instant.parse(after.path("liftedAt").asString())).isEqualTo(liftedAt);
    assertThat(after.path("history").size()).isEqualTo(1);
  }

  @Test
  void aBuyerHoldsAtMostThreeUnpaidOrdersAndPayingOrCancellingOneFreesASlot() {
    Api.Principal buyer = api.buyer();
    List<UUID> orders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Api.Response placed = api.placeOrder(buyer, product, 1);
      assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
      orders.add(placed.id());
    }
    Api.Response fourth = api.placeOrder(buyer, product, 1);
    assertThat(fourth.status()).isEqualTo(422);
    assertThat(fourth.code()).isEqualTo("TOO_MANY_UNPAID_ORDERS");
    assertThat(fourth.body().path("unpaidCount").asInt()).isEqualTo(3);
    assertThat(fourth.body().path("maxUnpaidOrders").asInt()).isEqualTo(3);
    assertThat(fourth.text("title")).isEqualTo("Too many unpaid orders");
    Api.Response indonesian = api.post("/api/v1/orders", buyer.token(), items(product, 1), Map.of("Accept-Language", "id"));
    assertThat(indonesian.text("title")).isEqualTo("Terlalu banyak pesanan belum dibayar");
    assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt()).isEqualTo(3);
    assertThat(standing(buyer.id()).path("unpaidCount").asInt()).isEqualTo(3);
    assertThat(standing(buyer.id()).path("restrictedUntil").isNull()).isTrue();

    // paying one frees a slot, for one more order
    Shop shop = new Shop(api, seller, buyer, product);
    shop.pay(orders.get(0));
    assertThat(standing(buyer.id()).path("unpaidCount").asInt()).isEqualTo(2);
    assertThat(api.placeOrder(buyer, product, 1).status()).isEqualTo(201);
    assertThat(api.placeOrder(buyer, product, 1).code()).isEqualTo("TOO_MANY_UNPAID_ORDERS");

    // so does cancelling one (not an expiry: it does not count towards a restriction)
    Api.Response cancelled = api.post("/api/v1/orders/" + orders.get(1) + "/cancellations", buyer.token(),
        Map.of("reason", "CHANGED_MIND"));
    assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(201);
    assertThat(api.placeOrder(buyer, product, 1).status()).isEqualTo(201);
    assertThat(api.placeOrder(buyer, product, 1).code()).isEqualTo("TOO_MANY_UNPAID_ORDERS");
    assertThat(standing(buyer.id()).path("expiredCount").asInt()).isZero();

    // another buyer is not affected
    assertThat(api.placeOrder(api.buyer(), product, 1).status()).isEqualTo(201);
  }

  @Test
  void concurrentPlacementsByOneBuyerNeverExceedTheCap() throws Exception {
    for (int held = 0; held < 3; held++) {
      Api.Principal buyer = api.buyer();
      for (int i = 0; i < held; i++) {
        assertThat(api.placeOrder(buyer, product, 1).status()).isEqualTo(201);
      }
      int reservedBefore = api.productView(product, buyer).path("stock").path("reserved").asInt();
      List<Api.Response> responses = parallel(10, i -> api.placeOrder(buyer, product, 1));
      long placed = responses.stream().filter(r -> r.status() == 201).count();
      assertThat(placed).as("placed with %d already held: %s", held, responses.stream().map(r -> r.status() + " " + r.code()).toList())
          .isEqualTo(3 - held);
      assertThat(responses).filteredOn(r -> r.status() != 201)
          .allSatisfy(r -> assertThat(r.code()).isEqualTo("TOO_MANY_UNPAID_ORDERS"));
      assertThat(api.get("/api/v1/orders?status=AWAITING_PAYMENT", buyer.token()).body().size()).isEqualTo(3);
      assertThat(standing(buyer.id()).path("unpaidCount").asInt()).isEqualTo(3);
      assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt() - reservedBefore)
          .isEqualTo(3 - held);
    }
  }

  @Test
  void onlySupportMaySeeAStandingOrLiftARestriction() {
    Api.Principal buyer = api.buyer();
    letExpire(buyer, 2);
    String path = "/api/v1/support/buyers/" + buyer.id();
    for (Api.Principal notSupport : List.of(buyer, api.buyer(), hastySeller)) {
      Api.Response get = api.get(path, notSupport.token());
      assertThat(get.status()).isEqualTo(403);
      assertThat(get.code()).isEqualTo("FORBIDDEN");
      Api.Response lift = api.post(path + "/lift-restriction", notSupport.token(), Map.of("note", "let me buy"));
      assertThat(lift.status()).isEqualTo(403);
      assertThat(lift.code()).isEqualTo("FORBIDDEN");
    }
    assertThat(api.get(path, null).status()).isEqualTo(401);
    assertThat(api.post(path + "/lift-restriction", "not-a-token", Map.of("note", "x")).status()).isEqualTo(401);

    assertUnchangedAndRestricted(buyer);
  }

  @Test
  void badInputIsRefusedWith400And404AndChangesNothing() {
    Api.Principal buyer = api.buyer();
    letExpire(buyer, 2);
    String lift = "/api/v1/support/buyers/" + buyer.id() + "/lift-restriction";
    List<Object> badBodies = List.of(Map.of(), Map.of("note", ""), Map.of("note", "   "), Map.of("note", "x".repeat(1001)),
        "{\"note\": ", "[]", "{\"note\": [\"x\"]}");
    for (Object body : badBodies) {
      Api.Response r = api.post(lift, support.token(), body);
      assertThat(r.status()).as("body %s: %s", body, r.raw().body()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
    }
    Api.Response noBody = api.send("POST", lift, support.token(), null, Map.of());
    assertThat(noBody.status()).isEqualTo(400);
    assertThat(noBody.code()).isEqualTo("VALIDATION_FAILED");

    assertThat(api.get("/api/v1/support/buyers/not-a-uuid", support.token()).code()).isEqualTo("VALIDATION_FAILED");
    assertThat(api.post("/api/v1/support/buyers/not-a-uuid/lift-restriction", support.token(), Map.of("note", "x"))
        .code()).isEqualTo("VALIDATION_FAILED");
    // unknown principals and principals that are not buyers are not found
    for (UUID notABuyer : List.of(UUID.randomUUID(), hastySeller.id(), support.id())) {
      Api.Response get = api.get("/api/v1/support/buyers/" + notABuyer, support.token());
      assertThat(get.status()).isEqualTo(404);
      assertThat(get.code()).isEqualTo("NOT_FOUND");
      Api.Response post = api.post("/api/v1/support/buyers/" + notABuyer + "/lift-restriction", support.token(),
          Map.of("note", "x"));
      assertThat(post.status()).isEqualTo(404);
      assertThat(post.code()).isEqualTo("NOT_FOUND");
    }

    assertUnchangedAndRestricted(buyer);
  }

  // ---- helpers ----

  /** Places {@code count} orders with the one-second seller and waits until all expired; the last expiry. */
  private Instant letExpire(Api.Principal buyer, int count) {
    List<UUID> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Api.Response placed = api.placeOrder(buyer, hastyProduct, 1);
      assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
      orders.add(placed.id());
    }
    List<Instant> expired = new ArrayList<>();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      expired.clear();
      for (UUID order : orders) {
        JsonNode view = api.order(order, buyer);
        assertThat(view.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(view.path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
        expired.add(Instant.parse(view.path("cancelledAt").asString()));
      }
    });
    return expired.stream().max(Instant::compareTo).orElseThrow();
  }

  private void assertUnchangedAndRestricted(Api.Principal buyer) {
    JsonNode standing = standing(buyer.id());
    assertThat(standing.path("restrictedUntil").isNull()).isFalse();
    assertThat(standing.path("expiredCount").asInt()).isEqualTo(2);
    assertThat(standing.has("liftedAt")).isFalse();
    assertThat(standing.path("history").size()).isZero();
    assertThat(api.placeOrder(buyer, product, 1).code()).isEqualTo("BUYER_RESTRICTED");
  }

  private JsonNode standing(UUID buyer) {
    Api.Response r = api.get("/api/v1/support/buyers/" + buyer, support.token());
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.body();
  }

  private static Map<String, Object> items(UUID product, int quantity) {
    return Map.of("items", List.of(Map.of("productId", product.toString(), "quantity", quantity)));
  }

  private static <T> List<T> parallel(int n, java.util.function.IntFunction<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(pool.submit(() -> {
          start.await();
          return call.apply(k);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
