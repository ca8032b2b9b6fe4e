package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessAndPolicyApiTest extends ApiTest {

  @Test
  void adminCreatesPrincipalsWhoseTokensWork() {
    Api.Response r = api.post("/api/v1/admin/principals", ADMIN_TOKEN, Map.of("name", "zoe", "role", "BUYER", "locale", "id"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.text("token")).startsWith("ord_");
    assertThat(r.text("role")).isEqualTo("BUYER");
    assertThat(api.get("/api/v1/orders", r.text("token")).status()).isEqualTo(200);
  }

  @Test
  void missingOrBadTokenIs401AndWrongRoleIs403() {
    assertThat(api.get("/api/v1/orders", null).status()).isEqualTo(401);
    Api.Response bad = api.get("/api/v1/orders", "not-a-token");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.code()).isEqualTo("UNAUTHENTICATED");
    assertThat(bad.header("Content-Type")).contains("application/problem+json");

    Api.Principal buyer = api.buyer();
    Api.Response forbidden = api.post("/api/v1/products", buyer.token(), Map.of("sku", "X", "title", "X",
        "price", Map.of("amount", "1.00", "currency", "USD"), "stock", 1));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.code()).isEqualTo("FORBIDDEN");
    Api.Response notAdmin = api.post("/api/v1/admin/principals", buyer.token(), Map.of("name", "x", "role", "BUYER"));
    assertThat(notAdmin.status()).isEqualTo(403);
  }

  @Test
  void adminCannotCreateAnotherAdminOrUnknownLocale() {
    assertThat(api.post("/api/v1/admin/principals", ADMIN_TOKEN, Map.of("name", "x", "role", "ADMIN")).code())
        .isEqualTo("VALIDATION_FAILED");
    assertThat(api.post("/api/v1/admin/principals", ADMIN_TOKEN, Map.of("name", "x", "role", "BUYER", "locale", "fr"))
        .status()).isEqualTo(400);
    assertThat(api.post("/api/v1/admin/principals", ADMIN_TOKEN, Map.of("name", "", "role", "BUYER")).status())
        .isEqualTo(400);
  }

  @Test
  void anotherPrincipalsOrderIsNotFound() {
    Api.Principal seller = api.seller();
    Api.Principal otherSeller = api.seller();
    Api.Principal buyer = api.buyer();
    Api.Principal otherBuyer = api.buyer();
    Api.Principal support = api.support();
    UUID product = api.product(seller, "10.00", 5);
    UUID order = api.placeOrder(buyer, product, 1).id();

    assertThat(api.get("/api/v1/orders/" + order, buyer.token()).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/orders/" + order, seller.token()).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/orders/" + order, support.token()).status()).isEqualTo(200);
    Api.Response other = api.get("/api/v1/orders/" + order, otherBuyer.token());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.code()).isEqualTo("ORDER_NOT_FOUND");
    assertThat(api.get("/api/v1/orders/" + order, otherSeller.token()).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/orders/" + order + "/timeline", otherBuyer.token()).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/orders/" + order + "/process", otherSeller.token(), null).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/orders", otherBuyer.token()).body().size()).isZero();
    assertThat(api.get("/api/v1/orders", buyer.token()).body().size()).isEqualTo(1);
    assertThat(api.get("/api/v1/orders", seller.token()).body().size()).isEqualTo(1);
    assertThat(api.get("/api/v1/orders?status=PAID", seller.token()).body().size()).isZero();
    // searching does not reach past the scope either
    String number = api.order(order, buyer).path("number").asString();
    assertThat(api.get("/api/v1/orders?number=" + number, otherBuyer.token()).body().size()).isZero();
    assertThat(api.get("/api/v1/orders?number=" + number, otherSeller.token()).body().size()).isZero();
    assertThat(api.get("/api/v1/orders?buyerId=" + buyer.id(), otherSeller.token()).body().size()).isZero();
    assertThat(api.get("/api/v1/orders?number=" + number, support.token()).body().size()).isEqualTo(1);

    // the order's cases and everything hanging off the order: the same 404 for anyone else
    assertThat(api.post("/api/v1/orders/" + order + "/cases", otherBuyer.token(),
        Map.of("topic", "OTHER", "message", "not mine")).code()).isEqualTo("ORDER_NOT_FOUND");
    UUID caseId = api.post("/api/v1/orders/" + order + "/cases", buyer.token(),
        Map.of("topic", "OTHER", "message", "mine")).id();
    for (Api.Principal stranger : List.of(otherBuyer, otherSeller)) {
      for (String path : List.of("/api/v1/orders/" + order + "/cases", "/api/v1/orders/" + order + "/payments",
          "/api/v1/orders/" + order + "/refunds", "/api/v1/orders/" + order + "/cancellations")) {
        assertThat(api.get(path, stranger.token()).code()).as(path).isEqualTo("ORDER_NOT_FOUND");
      }
      assertThat(api.get("/api/v1/cases/" + caseId, stranger.token()).code()).isEqualTo("CASE_NOT_FOUND");
      assertThat(api.get("/api/v1/cases", stranger.token()).body().size()).isZero();
    }
    assertThat(api.post("/api/v1/orders/" + order + "/payment-deadline-extension", otherSeller.token(),
        Map.of("extendBy", "PT1H", "note", "x")).status()).isEqualTo(403);
  }

  @Test
  void sellerPolicyHasDefaultsAndIsValidated() {
    Api.Principal seller = api.seller();
    Api.Response defaults = api.get("/api/v1/sellers/me/policy", seller.token());
    assertThat(defaults.status()).isEqualTo(200);
    assertThat(defaults.text("paymentWindow")).isEqualTo("PT30M");
    for (String member : List.of("freeCancelWindow", "cancellationWindow", "sellerResponseWindow", "autoCompleteWindow",
        "cancellationFeePercent", "digitalCancellable", "paymentReminderBefore")) {
      assertThat(defaults.body().has(member)).as(member).isTrue();
    }

    Api.Response changed = api.put("/api/v1/sellers/me/policy", seller.token(), Map.of("paymentWindow", "PT10M",
        "cancellationFeePercent", 5, "digitalCancellable", true));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.text("paymentWindow")).isEqualTo("PT10M");
    assertThat(changed.body().path("cancellationFeePercent").decimalValue()).isEqualByComparingTo("5");

    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("paymentWindow", "PT0S"),
        Map.of("paymentWindow", "soon"), Map.of("cancellationFeePercent", 101), Map.of("cancellationFeePercent", -1),
        Map.of("autoCompleteWindow", "P400D"))) {
      Api.Response r = api.put("/api/v1/sellers/me/policy", seller.token(), bad);
      assertThat(r.status()).as(bad.toString()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(api.get("/api/v1/sellers/me/policy", seller.token()).text("paymentWindow")).isEqualTo("PT10M");
    assertThat(api.get("/api/v1/sellers/me/policy", api.buyer().token()).status()).isEqualTo(403);
  }

  @Test
  void ordersKeepThePolicyAsItWasWhenPlaced() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    api.policy(seller, Map.of("paymentWindow", "PT10M", "cancellationFeePercent", 3));
    UUID product = api.product(seller, "10.00", 5);
    UUID first = api.placeOrder(buyer, product, 1).id();
    api.policy(seller, Map.of("paymentWindow", "PT20M", "cancellationFeePercent", 7));
    UUID second = api.placeOrder(buyer, product, 1).id();

    var a = api.order(first, buyer);
    var b = api.order(second, buyer);
    assertThat(a.path("policy").path("paymentWindow").asString()).isEqualTo("PT10M");
    assertThat(a.path("policy").path("cancellationFeePercent").decimalValue()).isEqualByComparingTo("3");
    assertThat(b.path("policy").path("paymentWindow").asString()).isEqualTo("PT20M");
    assertThat(java.time.Duration.between(java.time.Instant.parse(a.path("placedAt").asString()),
        java.time.Instant.parse(a.path("paymentDeadline").asString()))).isEqualTo(java.time.Duration.ofMinutes(10));
  }
}
