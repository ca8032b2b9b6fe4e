package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrderLifecycleApiTest extends ApiTest {

  private String pay(Api.Principal buyer, UUID order) {
    Api.Response attempt = api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", "CARD"));
    assertThat(attempt.status()).isEqualTo(201);
    String ref = attempt.text("providerReference");
    assertThat(api.post("/sandbox/v1/payments/" + ref + "/succeed", null, null).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "PAID".equals(api.order(order, buyer).path("status").asString()));
    return ref;
  }

  @Test
  void orderGoesFromPlacementToCompletionAndStockFollows() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID product = api.product(seller, "12.50", 10);

    Api.Response placed = api.placeOrder(buyer, product, 3);
    assertThat(placed.status()).isEqualTo(201);
    UUID order = placed.id();
    assertThat(placed.text("status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(placed.text("number")).matches("\\d{6}-[0-9A-HJKMNP-TV-Z]{8}");
    assertThat(placed.body().path("total").path("amount").asString()).isEqualTo("37.50");
    assertThat(placed.text("buyerId")).isEqualTo(buyer.id().toString());
    assertThat(placed.text("sellerId")).isEqualTo(seller.id().toString());
    assertThat(placed.body().path("items").get(0).path("unitPrice").path("amount").asString()).isEqualTo("12.50");
    assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt()).isEqualTo(3);

    pay(buyer, order);
    JsonNode stock = api.productView(product, buyer).path("stock");
    assertThat(stock.path("available").asInt()).isEqualTo(7);
    assertThat(stock.path("reserved").asInt()).isZero();
    assertThat(api.order(order, buyer).path("paidAt").isMissingNode()).isFalse();

    assertThat(api.post("/api/v1/orders/" + order + "/process", seller.token(), null).text("status")).isEqualTo("PROCESSING");
    Api.Response shipped = api.post("/api/v1/orders/" + order + "/ship", seller.token(),
        Map.of("carrier", "JNE", "trackingNumber", "JNE123"));
    assertThat(shipped.text("status")).isEqualTo("SHIPPED");
    assertThat(shipped.text("trackingNumber")).isEqualTo("JNE123");
    assertThat(api.post("/api/v1/orders/" + order + "/deliver", seller.token(), null).text("status")).isEqualTo("DELIVERED");
    assertThat(api.post("/api/v1/orders/" + order + "/confirm-receipt", buyer.token(), null).text("status"))
        .isEqualTo("COMPLETED");

    List<String> types = new ArrayList<>();
    api.get("/api/v1/orders/" + order + "/timeline", buyer.token()).body().path("events")
        .forEach(e -> types.add(e.path("type").asString()));
    assertThat(types).containsSubsequence("ORDER_PLACED", "PAYMENT_ATTEMPT_STARTED", "PAYMENT_CALLBACK_RECEIVED",
        "ORDER_PAID", "ORDER_PROCESSING", "ORDER_SHIPPED", "ORDER_DELIVERED", "ORDER_COMPLETED");
    JsonNode first = api.get("/api/v1/orders/" + order + "/timeline", seller.token()).body().path("events").get(0);
    assertThat(first.path("actor").asString()).isEqualTo("buyer:" + buyer.id());
    assertThat(first.path("at").asString()).isNotBlank();
  }

  @Test
  void illegalTransitionsAreRefusedWithACodeAndChangeNothing() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID order = api.placeOrder(buyer, api.product(seller, "5.00", 5), 1).id();

    Api.Response ship = api.post("/api/v1/orders/" + order + "/ship", seller.token(),
        Map.of("carrier", "JNE", "trackingNumber", "1"));
    assertThat(ship.status()).isEqualTo(409);
    assertThat(ship.code()).isEqualTo("ILLEGAL_ORDER_TRANSITION");
    assertThat(api.post("/api/v1/orders/" + order + "/process", seller.token(), null).status()).isEqualTo(409);
    assertThat(api.post("/api/v1/orders/" + order + "/deliver", seller.token(), null).status()).isEqualTo(409);
    assertThat(api.post("/api/v1/orders/" + order + "/confirm-receipt", buyer.token(), null).status()).isEqualTo(409);
    // roles: a buyer cannot ship, a seller cannot confirm receipt
    assertThat(api.post("/api/v1/orders/" + order + "/process", buyer.token(), null).status()).isEqualTo(403);
    assertThat(api.post("/api/v1/orders/" + order + "/confirm-receipt", seller.token(), null).status()).isEqualTo(403);
    JsonNode after = api.order(order, buyer);
    assertThat(after.path("status").asString()).isEqualTo("AWAITING_PAYMENT");
    assertThat(api.get("/api/v1/orders/" + order + "/timeline", buyer.token()).body().path("events").size()).isEqualTo(1);
  }

  @Test
  void deliveredOrderCompletesAutomaticallyAfterTheWindow() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    api.policy(seller, Map.of("autoCompleteWindow", "PT1S"));
    UUID order = api.placeOrder(buyer, api.product(seller, "5.00", 5), 1).id();
    pay(buyer, order);
    api.post("/api/v1/orders/" + order + "/process", seller.token(), null);
    api.post("/api/v1/orders/" + order + "/ship", seller.token(), Map.of("carrier", "SiCepat", "trackingNumber", "9"));
    Api.Response delivered = api.post("/api/v1/orders/" + order + "/deliver", seller.token(), null);
    assertThat(delivered.text("autoCompleteAt")).isNotNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> "COMPLETED".equals(api.order(order, buyer).path("status").asString()));
    JsonNode events = api.get("/api/v1/orders/" + order + "/timeline", buyer.token()).body().path("events");
    assertThat(events.get(events.size() - 1).path("actor").asString()).isEqualTo("system:auto-complete");
  }

  @Test
  void unpaidOrderIsCancelledAtDeadlineAndStockReleased() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    api.policy(seller, Map.of("paymentWindow", "PT1S"));
    UUID product = api.product(seller, "5.00", 4);
    UUID order = api.placeOrder(buyer, product, 4).id();
    assertThat(api.productView(product, buyer).path("stock").path("available").asInt()).isZero();
    assertThat(api.placeOrder(api.buyer(), product, 1).code()).isEqualTo("INSUFFICIENT_STOCK");

    await().atMost(Duration.ofSeconds(5)).until(() -> "CANCELLED".equals(api.order(order, buyer).path("status").asString()));
    JsonNode cancelled = api.order(order, buyer);
    assertThat(cancelled.path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
    JsonNode stock = api.productView(product, buyer).path("stock");
    assertThat(stock.path("available").asInt()).isEqualTo(4);
    assertThat(stock.path("reserved").asInt()).isZero();
    JsonNode events = api.get("/api/v1/orders/" + order + "/timeline", buyer.token()).body().path("events");
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.path("type").asString()).isEqualTo("ORDER_CANCELLED");
    assertThat(last.path("actor").asString()).isEqualTo("system:payment-deadline");
    assertThat(last.path("detail").path("reason").asString()).isEqualTo("PAYMENT_TIMEOUT");
    // too late to pay now
    Api.Response late = api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", "CARD"));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.code()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
  }

  @Test
  void orderOfSeveralItemsFromTwoSellersIsRefused() {
    Api.Principal buyer = api.buyer();
    UUID a = api.product(api.seller(), "1.00", 5);
    UUID b = api.product(api.seller(), "1.00", 5);
    Api.Response r = api.post("/api/v1/orders", buyer.token(), Map.of("items", List.of(
        Map.of("productId", a.toString(), "quantity", 1), Map.of("productId", b.toString(), "quantity", 1))));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.code()).isEqualTo("MIXED_SELLERS");
    assertThat(api.productView(a, buyer).path("stock").path("available").asInt()).isEqualTo(5);
  }

  @Test
  void severalLinesReserveAllOrNothing() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID plenty = api.product(seller, "1.00", 10);
    UUID scarce = api.product(seller, "2.00", 1);
    Api.Response refused = api.post("/api/v1/orders", buyer.token(), Map.of("items", List.of(
        Map.of("productId", plenty.toString(), "quantity", 3), Map.of("productId", scarce.toString(), "quantity", 2))));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("INSUFFICIENT_STOCK");
    assertThat(refused.body().path("available").asInt()).isEqualTo(1);
    assertThat(api.productView(plenty, buyer).path("stock").path("available").asInt()).isEqualTo(10);

    Api.Response ok = api.post("/api/v1/orders", buyer.token(), Map.of("items", List.of(
        Map.of("productId", plenty.toString(), "quantity", 3), Map.of("productId", scarce.toString(), "quantity", 1),
        Map.of("productId", plenty.toString(), "quantity", 2))));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.body().path("total").path("amount").asString()).isEqualTo("7.00");
    assertThat(api.productView(plenty, buyer).path("stock").path("reserved").asInt()).isEqualTo(5);
  }
}
