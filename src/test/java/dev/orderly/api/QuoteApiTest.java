package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Shop;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A quote is honoured or refused, never changed silently (PRODUCT.md, Cancellation; issue 11,
 * item 7). The buyer is shown terms, something changes, the buyer confirms: the answer is the new
 * terms and nothing is requested or charged that the buyer did not accept.
 */
class QuoteApiTest extends ApiTest {

  /** The case: shown IMMEDIATE with no fee; a payment lands; the confirmation must not cost 7.00. */
  private static final Map<String, Object> FEE_AFTER_PAYMENT = Map.of("freeCancelWindow", "PT0S",
      "cancellationWindow", "PT24H", "sellerResponseWindow", "PT48H", "cancellationFeePercent", 10);
  private static final Map<String, String> NO_FEE = Map.of("amount", "0.00", "currency", "USD");

  @Test
  void aPaymentThatLandsBetweenTheQuoteAndTheConfirmationGivesTheNewTermsAndChargesNothing() {
    Shop shop = Shop.open(api, FEE_AFTER_PAYMENT, "70.00", false);
    UUID order = shop.placeOrder();
    JsonNode shown = shop.eligibility(order).body();
    assertThat(shown.path("mode").asString()).isEqualTo("IMMEDIATE");
    assertThat(shown.path("fee").path("amount").asString()).isEqualTo("0.00");

    shop.pay(order); // the payment lands while the buyer reads the answer

    Api.Response refused = shop.requestCancellation(order, "CHANGED_MIND", null, NO_FEE);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("CANCELLATION_TERMS_CHANGED");
    JsonNode now = refused.body().path("eligibility");
    assertThat(now.path("allowed").asBoolean()).isTrue();
    assertThat(now.path("mode").asString()).isEqualTo("SELLER_APPROVAL");
    assertThat(now.path("fee").path("amount").asString()).isEqualTo("7.00");
    assertThat(now.path("refundAmount").path("amount").asString()).isEqualTo("63.00");
    nothingRequestedOrCharged(shop, order);

    // confirming without a fee when one applies is refused the same way
    assertThat(shop.requestCancellation(order, "CHANGED_MIND", null, null).code()).isEqualTo("CANCELLATION_TERMS_CHANGED");
    nothingRequestedOrCharged(shop, order);

    // accepting the new terms is a request for exactly them
    Api.Response accepted = shop.requestCancellation(order, "CHANGED_MIND", null,
        Map.of("amount", "7.00", "currency", "USD"));
    assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(201);
    assertThat(accepted.text("status")).isEqualTo("PENDING_SELLER");
    assertThat(accepted.body().path("fee").path("amount").asString()).isEqualTo("7.00");
  }

  @Test
  void aPaymentTheProviderTookButNeverReportedIsFoundByTheCancellationAndItsFeeIsNotCharged() {
    Shop shop = Shop.open(api, FEE_AFTER_PAYMENT, "70.00", false);
    UUID order = shop.placeOrder();
    assertThat(shop.eligibility(order).body().path("mode").asString()).isEqualTo("IMMEDIATE");
    Api.Response attempt = api.post("/api/v1/orders/" + order + "/payments", shop.buyer().token(), Map.of("method", "CARD"));
    // the buyer pays at the provider; its callback is lost: Orderly still thinks the order is unpaid
    api.pay(attempt.text("providerReference"), "succeed", Map.of("dropCallbacks", true));
    assertThat(shop.status(order)).isEqualTo("AWAITING_PAYMENT");

    // cancelling closes the attempt at the provider first, which answers "already paid": the race inside one request
    Api.Response refused = shop.requestCancellation(order, "CHANGED_MIND", null, NO_FEE);
    assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("CANCELLATION_TERMS_CHANGED");
    assertThat(refused.body().path("eligibility").path("fee").path("amount").asString()).isEqualTo("7.00");
    assertThat(shop.status(order)).isEqualTo("PAID");
    nothingRequestedOrCharged(shop, order);
  }

  @Test
  void aFeeThatDroppedIsStillNewTermsToConfirm() {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT1H"), "70.00", false);
    UUID order = shop.paidOrder(); // inside the free window: no fee
    Api.Response refused = shop.requestCancellation(order, "CHANGED_MIND", null, Map.of("amount", "7.00", "currency", "USD"));
    assertThat(refused.code()).isEqualTo("CANCELLATION_TERMS_CHANGED");
    assertThat(refused.body().path("eligibility").path("mode").asString()).isEqualTo("IMMEDIATE");
    nothingRequestedOrCharged(shop, order);
  }

  @Test
  void termsTheSellerChangedAfterTheBuyerSawThemRefuseTheOrder() {
    Shop shop = Shop.open(api, Map.of("cancellationFeePercent", 0), "10.00", false);
    JsonNode seen = api.get("/api/v1/products/" + shop.product() + "/cancellation-terms", shop.buyer().token()).body();
    String version = seen.path("termsVersion").asString();
    assertThat(version).isNotBlank();

    api.policy(shop.seller(), Map.of("cancellationFeePercent", 50)); // while the buyer was at the checkout
    Api.Response refused = api.post("/api/v1/orders", shop.buyer().token(), Map.of("items",
        List.of(Map.of("productId", shop.product().toString(), "quantity", 1)), "acceptedTermsVersion", version));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("SELLER_TERMS_CHANGED");
    String current = refused.text("termsVersion");
    assertThat(current).isNotEqualTo(version);
    assertThat(refused.body().path("policy").path("cancellationFeePercent").asInt()).isEqualTo(50);
    assertThat(api.get("/api/v1/orders", shop.buyer().token()).body().size()).isZero();
    assertThat(shop.stock().path("available").asInt()).isEqualTo(50);

    Api.Response placed = api.post("/api/v1/orders", shop.buyer().token(), Map.of("items",
        List.of(Map.of("productId", shop.product().toString(), "quantity", 1)), "acceptedTermsVersion", current));
    assertThat(placed.status()).isEqualTo(201);
    assertThat(placed.body().path("policy").path("cancellationFeePercent").asInt()).isEqualTo(50);
  }

  private void nothingRequestedOrCharged(Shop shop, UUID order) {
    assertThat(api.get("/api/v1/orders/" + order + "/cancellations", shop.buyer().token()).body().size()).isZero();
    assertThat(shop.refunds(order)).isEmpty();
    // the refusal was made under the order's lock, in the request itself: nothing is left to happen later
    assertThat(shop.status(order)).isIn("PAID", "AWAITING_PAYMENT");
  }
}
