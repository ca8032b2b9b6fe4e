package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BadInputApiTest extends ApiTest {

  @Test
  void malformedOrInvalidOrdersAre400AndChangeNothing() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID product = api.product(seller, "3.00", 5);
    String p = product.toString();
    List<String> bodies = List.of(
        "{not json",
        "",
        "[]",
        "{}",
        "{\"items\": []}",
        "{\"items\": \"many\"}",
        "{\"items\": [{\"productId\": \"" + p + "\", \"quantity\": 0}]}",
        "{\"items\": [{\"productId\": \"" + p + "\", \"quantity\": -2}]}",
        "{\"items\": [{\"productId\": \"" + p + "\", \"quantity\": \"two\"}]}",
        "{\"items\": [{\"productId\": \"" + p + "\", \"quantity\": 1.5}]}",
        "{\"items\": [{\"productId\": \"" + p + "\", \"quantity\": 99999999999}]}",
        "{\"items\": [{\"productId\": \"" + p + "\", \"quantity\": 10001}]}",
        "{\"items\": [{\"productId\": \"not-a-uuid\", \"quantity\": 1}]}",
        "{\"items\": [{\"quantity\": 1}]}",
        "{\"items\": [null]}",
        "{\"items\": [" + String.join(",", java.util.Collections.nCopies(101,
            "{\"productId\": \"" + p + "\", \"quantity\": 1}")) + "]}");
    for (String body : bodies) {
      Api.Response r = api.send("POST", "/api/v1/orders", buyer.token(), body, Map.of());
      assertThat(r.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(400);
      assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.text("title")).isNotBlank();
    }
    // a body over the limit is refused before it is read as JSON: 413, not 400
    Api.Response oversize = api.send("POST", "/api/v1/orders", buyer.token(),
        "{\"items\": [{\"productId\": \"" + p + "\", \"quantity\": 1}], \"pad\": \"" + "x".repeat(70_000) + "\"}",
        Map.of());
    assertThat(oversize.status()).isEqualTo(413);
    assertThat(oversize.code()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(api.get("/api/v1/orders", buyer.token()).body().size()).isZero();
    assertThat(api.productView(product, buyer).path("stock").path("available").asInt()).isEqualTo(5);
  }

  @Test
  void unknownProductAndBadPathsAreClearErrors() {
    Api.Principal buyer = api.buyer();
    Api.Response r = api.placeOrder(buyer, UUID.randomUUID(), 1);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.code()).isEqualTo("PRODUCT_NOT_FOUND");
    assertThat(api.get("/api/v1/orders/not-a-uuid", buyer.token()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/orders?status=LOST", buyer.token()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/nothing-here", buyer.token()).code()).isEqualTo("NOT_FOUND");
    assertThat(api.send("DELETE", "/api/v1/orders", buyer.token(), null, Map.of()).status()).isEqualTo(405);
  }

  @Test
  void messagesFollowAcceptLanguage() {
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "3.00", 1);
    Map<String, String> expectedTitles = Map.of("en", "Not enough stock", "zh-CN", "库存不足", "id", "Stok tidak cukup");
    expectedTitles.forEach((lang, title) -> {
      Api.Response r = api.post("/api/v1/orders", api.buyer().token(),
          Map.of("items", List.of(Map.of("productId", product.toString(), "quantity", 2))),
          Map.of("Accept-Language", lang));
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.code()).isEqualTo("INSUFFICIENT_STOCK");
      assertThat(r.text("title")).isEqualTo(title);
      assertThat(r.text("detail")).isNotBlank();
      assertThat(r.text("type")).isEqualTo("/errors/INSUFFICIENT_STOCK");
    });
    Api.Response unknownLanguage = api.get("/api/v1/orders", "bad", Map.of("Accept-Language", "fr"));
    assertThat(unknownLanguage.text("title")).isEqualTo("Not authenticated");
  }
}
