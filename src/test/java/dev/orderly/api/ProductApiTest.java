package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProductApiTest extends ApiTest {

  @Test
  void sellerCreatesProductAnyoneReadsIt() {
    Api.Principal seller = api.seller();
    Api.Response created = api.post("/api/v1/products", seller.token(), Map.of("sku", "MUG-1", "title", "Mug",
        "price", Map.of("amount", "8.5", "currency", "USD"), "stock", 7, "digital", false));
    assertThat(created.status()).isEqualTo(201);
    UUID id = created.id();
    Api.Response read = api.get("/api/v1/products/" + id, api.buyer().token());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text("sellerId")).isEqualTo(seller.id().toString());
    assertThat(read.body().path("price").path("amount").asString()).isEqualTo("8.50");
    assertThat(read.body().path("stock").path("available").asInt()).isEqualTo(7);
    assertThat(read.body().path("stock").path("reserved").asInt()).isZero();
  }

  @Test
  void duplicateSkuInOneShopIsAConflict() {
    Api.Principal seller = api.seller();
    Map<String, Object> body = Map.of("sku", "DUP", "title", "A", "price", Map.of("amount", "1.00", "currency", "USD"),
        "stock", 1);
    assertThat(api.post("/api/v1/products", seller.token(), body).status()).isEqualTo(201);
    Api.Response again = api.post("/api/v1/products", seller.token(), body);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("DUPLICATE_SKU");
    assertThat(api.post("/api/v1/products", api.seller().token(), body).status()).isEqualTo(201);
  }

  @Test
  void invalidProductsAreRefused() {
    Api.Principal seller = api.seller();
    for (Object price : new Object[] {Map.of("amount", "-1", "currency", "USD"), Map.of("amount", "0", "currency", "USD"),
        Map.of("amount", "1.001", "currency", "USD"), Map.of("amount", "1", "currency", "XXY"),
        Map.of("amount", "abc", "currency", "USD")}) {
      Api.Response r = api.post("/api/v1/products", seller.token(), Map.of("sku", "S" + UUID.randomUUID(), "title", "T",
          "price", price, "stock", 1));
      assertThat(r.status()).as(price.toString()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
    }
    Api.Response negativeStock = api.post("/api/v1/products", seller.token(), Map.of("sku", "N", "title", "T",
        "price", Map.of("amount", "1", "currency", "USD"), "stock", -5));
    assertThat(negativeStock.status()).isEqualTo(400);
    assertThat(api.get("/api/v1/products", seller.token()).body().size()).isZero();
    assertThat(api.get("/api/v1/products/" + UUID.randomUUID(), seller.token()).code()).isEqualTo("PRODUCT_NOT_FOUND");
  }
}
