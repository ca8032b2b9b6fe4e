package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.RawHttp;
import dev.orderly.support.Shop;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every input issue 11 names, each with the answer it must get. The hostile-input sweep covers
 * the kinds on every operation; these pin the named cases to their exact codes and members.
 */
class EdgesApiTest extends ApiTest {

  private static final JsonMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  // ---- item 2: no 5xx for a client's mistake ----------------------------------------------------

  @Test
  void aLimitOutOfRangeIsA400NamingLimitOnEveryList() {
    Api.Principal buyer = api.buyer();
    Api.Principal seller = api.seller();
    Api.Principal support = api.support();
    UUID hook = api.post("/api/v1/webhooks", seller.token(),
        Map.of("url", "http://127.0.0.1:9/hook", "types", List.of("ORDER_PAID"))).id();
    Map<String, Api.Principal> lists = Map.of("/api/v1/orders", buyer, "/api/v1/inbox", buyer,
        "/api/v1/cancellations", buyer, "/api/v1/support/queue", support, "/api/v1/webhooks/" + hook + "/deliveries",
        seller, "/api/v1/products", buyer, "/api/v1/webhooks", seller);
    lists.forEach((path, who) -> {
      for (String limit : List.of("0", "501", "201", "-1", "abc")) {
        Api.Response r = api.get(path + "?limit=" + limit, who.token());
        assertThat(r.status()).as(path + "?limit=" + limit).isEqualTo(400);
        assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(r.body().path("errors").get(0).path("field").asString()).isEqualTo("limit");
      }
      assertThat(api.get(path + "?limit=0", who.token()).body().path("errors").get(0).path("message").asString())
          .contains("1");
      assertThat(api.get(path + "?limit=200", who.token()).status()).as(path + "?limit=200").isEqualTo(200);
    });
  }

  @Test
  void aMalformedQueryStringIsA400EvenOnHealthAndTheErrorPages() {
    RawHttp http = new RawHttp(port);
    Map<String, String> token = Map.of("Authorization", "Bearer " + api.buyer().token());
    for (String path : List.of("/api/v1/orders", "/actuator/health", "/errors/NOT_FOUND")) {
      for (String query : List.of("=x", "a=%", "a=%zz", "a=%C0%AF")) {
        RawHttp.Response r = http.send("GET", path + "?" + query, token, null);
        assertThat(r.status()).as(path + "?" + query).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(STRICT.readTree(r.body()).path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(STRICT.readTree(r.body()).path("errors").get(0).path("field").asString()).isEqualTo("query");
      }
    }
  }

  @Test
  void anAmountBeyondWhatOrderlyStoresIsA400AndNothingIsStored() {
    Api.Principal seller = api.seller();
    Api.Response product = api.post("/api/v1/products", seller.token(), Map.of("sku", "HUGE", "title", "Too dear",
        "price", Map.of("amount", "10000000000000000.00", "currency", "USD"), "stock", 1));
    assertThat(product.status()).isEqualTo(400);
    assertThat(product.body().path("errors").get(0).path("field").asString()).isEqualTo("price");
    assertThat(product.body().path("errors").get(0).path("message").asString()).contains("15 digits");
    assertThat(api.get("/api/v1/products", seller.token()).body().size()).isZero();

    // each line storable, the total not: 99,999,999,999,999.99 x 20
    UUID dear = api.product(seller, "99999999999999.99", 100);
    Api.Principal buyer = api.buyer();
    Api.Response order = api.placeOrder(buyer, dear, 20);
    assertThat(order.status()).isEqualTo(400);
    assertThat(order.body().path("errors").get(0).path("field").asString()).isEqualTo("items");
    assertThat(order.body().path("errors").get(0).path("message").asString()).contains("1999999999999999.80");
    assertThat(api.get("/api/v1/orders", buyer.token()).body().size()).isZero();
    assertThat(api.productView(dear, buyer).path("stock").path("available").asInt()).isEqualTo(100);
  }

  @Test
  void oversizeBodiesAre413AndA401SaysBearerAndA405SaysWhatIsAllowed() {
    Api.Response big = api.send("POST", "/api/v1/orders", api.buyer().token(),
        "{\"items\": [], \"pad\": \"" + "x".repeat(70_000) + "\"}", Map.of());
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.code()).isEqualTo("PAYLOAD_TOO_LARGE");
    Api.Response anonymous = api.get("/api/v1/orders", null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orderly\"");
    assertThat(api.get("/api/v1/orders", "not-a-token").header("WWW-Authenticate")).contains("invalid_token");
    Api.Response wrongMethod = api.send("DELETE", "/api/v1/orders", api.buyer().token(), null, Map.of());
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");
  }

  // ---- item 3: problem bodies are well-formed JSON objects --------------------------------------

  @Test
  void aRefusalNamesTheOrdersStatusWithoutASecondStatusMember() {
    PaymentFixture f = PaymentFixture.order(api, "PT30M", "10.00");
    Api.Response r = api.post("/api/v1/orders/" + f.order() + "/confirm-receipt", f.buyer().token(), null);
    assertThat(r.status()).isEqualTo(409);
    JsonNode problem = STRICT.readTree(r.raw().body()); // throws on a member given twice
    assertThat(problem.path("status").asInt()).isEqualTo(409);
    assertThat(problem.path("orderStatus").asString()).isEqualTo("AWAITING_PAYMENT");
  }

  // ---- item 5: inputs are strict where a typo would cost money ----------------------------------

  @Test
  void numbersAsStringsDurationsAsNumbersAndUnknownOrRepeatedMembersAreRefusedByName() {
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "5.00", 10);
    Api.Principal buyer = api.buyer();
    assertRefused(api.send("POST", "/api/v1/orders", buyer.token(),
        "{\"items\": [{\"productId\": \"" + product + "\", \"quantity\": \"1\"}]}", Map.of()), "items[0].quantity");
    assertRefused(api.put("/api/v1/sellers/me/policy", seller.token(), Map.of("cancellationFeePercent", "50")),
        "cancellationFeePercent");
    assertRefused(api.put("/api/v1/sellers/me/policy", seller.token(), Map.of("paymentWindow", 3600)), "paymentWindow");
    assertRefused(api.put("/api/v1/sellers/me/policy", seller.token(), Map.of("paymentWindw", "PT1H")), "paymentWindw");
    assertRefused(api.send("PUT", "/api/v1/sellers/me/policy", seller.token(),
        "{\"paymentWindow\": \"PT1H\", \"paymentWindow\": \"PT2H\"}", Map.of()), "paymentWindow");
    // none of it changed the policy
    assertThat(api.get("/api/v1/sellers/me/policy", seller.token()).text("paymentWindow")).isEqualTo("PT30M");
    assertThat(api.get("/api/v1/orders", buyer.token()).body().size()).isZero();
  }

  @Test
  void controlBidiAndLoneSurrogateCharactersAreRefusedInSkuAndTitle() {
    Api.Principal seller = api.seller();
    for (String bad : List.of("A\\u0000B", "A\\u202EB", "\\ud800")) {
      for (String member : List.of("sku", "title")) {
        String sku = member.equals("sku") ? bad : "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        String title = member.equals("title") ? bad : "Fine";
        assertRefused(api.send("POST", "/api/v1/products", seller.token(), "{\"sku\": \"" + sku + "\", \"title\": \""
            + title + "\", \"price\": {\"amount\": \"1.00\", \"currency\": \"USD\"}, \"stock\": 1}", Map.of()), member);
      }
    }
    assertThat(api.get("/api/v1/products", seller.token()).body().size()).isZero();
  }

  @Test
  void aFreeCancelWindowLongerThanTheCancellationWindowIsRefused() {
    Api.Principal seller = api.seller();
    assertRefused(api.put("/api/v1/sellers/me/policy", seller.token(),
        Map.of("freeCancelWindow", "PT2H", "cancellationWindow", "PT1H")), "freeCancelWindow");
    assertThat(api.get("/api/v1/sellers/me/policy", seller.token()).text("freeCancelWindow")).isEqualTo("PT30M");
  }

  @Test
  void textLimitsCountCharactersNotUtf16Units() {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H"), "20.00", false);
    UUID order = shop.paidOrder();
    String emoji = new String(Character.toChars(0x1F600));
    Api.Response tooLong = shop.requestCancellation(order, "OTHER", emoji.repeat(1001));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().path("errors").get(0).path("field").asString()).isEqualTo("note");
    // 600 emoji are 600 characters (1,200 UTF-16 units): within the limit of 1,000, and stored whole
    Api.Response fine = shop.requestCancellation(order, "OTHER", emoji.repeat(600));
    assertThat(fine.status()).as(fine.raw().body()).isEqualTo(201);
    assertThat(shop.cancellation(fine.id()).path("note").asString()).isEqualTo(emoji.repeat(600));
  }

  // ---- item 6: money in payable units ------------------------------------------------------------

  @Test
  void aFeeOnRupiahIsWholeRupiahAndFeePlusRefundIsWhatWasPaid() {
    Api.Principal seller = api.seller();
    api.policy(seller, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H", "cancellationFeePercent", 10));
    UUID product = api.product(seller, "15555", "IDR", 5, false);
    assertThat(api.post("/api/v1/products", seller.token(), Map.of("sku", "HALF", "title", "Half a rupiah",
        "price", Map.of("amount", "15555.50", "currency", "IDR"), "stock", 1)).code()).isEqualTo("VALIDATION_FAILED");
    Shop shop = new Shop(api, seller, api.buyer(), product);
    UUID order = shop.placeOrder();
    Api.Response attempt = api.post("/api/v1/orders/" + order + "/payments", shop.buyer().token(), Map.of("method", "GOPAY"));
    assertThat(attempt.status()).as(attempt.raw().body()).isEqualTo(201);
    assertThat(attempt.body().path("amount").path("amount").asString()).isEqualTo("15555");
    api.pay(attempt.text("providerReference"), "succeed", null);
    org.awaitility.Awaitility.await().atMost(Shop.WAIT).until(() -> "PAID".equals(shop.status(order)));

    JsonNode eligibility = shop.eligibility(order).body();
    assertThat(eligibility.path("fee").path("amount").asString()).isEqualTo("1556");
    assertThat(eligibility.path("refundAmount").path("amount").asString()).isEqualTo("13999");
    UUID request = shop.requestCancellation(order, "CHANGED_MIND", null).id();
    assertThat(shop.act(request, "approve", seller, null).status()).isEqualTo(200);
    JsonNode refund = shop.refundSucceeded(order);
    assertThat(refund.path("amount").path("amount").asString()).isEqualTo("13999");
    assertThat(api.get("/api/v1/refunds/" + refund.path("id").asString(), shop.buyer().token()).body()
        .path("amount").path("amount").asString()).isEqualTo("13999");
  }

  @Test
  void aMethodTakesOnlyCurrenciesItHasLimitsIn() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID euro = api.product(seller, "30.00", "EUR", 5, false);
    UUID order = api.placeOrder(buyer, euro, 1).id();
    JsonNode options = api.get("/api/v1/orders/" + order + "/payment-options", buyer.token()).body();
    for (JsonNode m : options.path("methods")) {
      if (m.path("method").asString().equals("CARD")) {
        assertThat(m.path("status").asString()).isEqualTo("AVAILABLE");
        assertThat(m.path("maxPerPayment").path("amount").asString()).isEqualTo("5000.00");
      } else {
        assertThat(m.path("status").asString()).as(m.toString()).isEqualTo("UNAVAILABLE");
        assertThat(m.path("refusal").asString()).isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE");
      }
    }
    Api.Principal kuwaiti = api.seller();
    UUID dinar = api.product(kuwaiti, "3.500", "KWD", 5, false);
    UUID other = api.placeOrder(buyer, dinar, 1).id();
    assertThat(api.get("/api/v1/orders/" + other + "/payment-options", buyer.token()).body().path("methods"))
        .allSatisfy(m -> assertThat(m.path("refusal").asString()).isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE"));
    assertThat(api.post("/api/v1/orders/" + other + "/payments", buyer.token(), Map.of("method", "CARD")).code())
        .isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE");
  }

  // ---- item 8: answers that agree with the state --------------------------------------------------

  @Test
  void paymentOptionsOfAPaidOrCancelledOrderSayWhyNothingCanPayIt() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    UUID paid = shop.paidOrder();
    JsonNode options = api.get("/api/v1/orders/" + paid + "/payment-options", shop.buyer().token()).body();
    assertThat(options.path("payable").asBoolean()).isFalse();
    assertThat(options.path("orderStatus").asString()).isEqualTo("PAID");
    assertThat(options.path("reason").path("code").asString()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
    assertThat(options.path("reason").path("message").asString()).isNotBlank();
    assertThat(options.path("methods")).allSatisfy(m -> {
      assertThat(m.path("status").asString()).isEqualTo("UNAVAILABLE");
      assertThat(m.path("refusal").asString()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
    });
    UUID unpaid = shop.placeOrder();
    assertThat(shop.requestCancellation(unpaid, "CHANGED_MIND", null).status()).isEqualTo(201);
    assertThat(api.get("/api/v1/orders/" + unpaid + "/payment-options", shop.buyer().token()).body()
        .path("reason").path("code").asString()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
    UUID open = shop.placeOrder();
    assertThat(api.get("/api/v1/orders/" + open + "/payment-options", shop.buyer().token()).body()
        .path("payable").asBoolean()).isTrue();
  }

  private static void assertRefused(Api.Response r, String member) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
    assertThat(r.body().path("errors").get(0).path("field").asString()).as(r.raw().body()).isEqualTo(member);
  }
}
