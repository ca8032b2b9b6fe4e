package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.cancellation.CancellationEvent;
import dev.orderly.refund.RefundEvent;
import dev.orderly.support.Api;
import dev.orderly.support.EventLog;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.Shop;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import java.util.List;

/** Every path of a buyer's cancellation, and the seller's and support's own (PRODUCT.md "Cancellation"). */
class CancellationApiTest extends ApiTest {

  /** Free cancellation for 30 min after payment; then requests to the seller for 24 h, 10 % fee. */
  private static final Map<String, Object> FREE_FIRST = Map.of("freeCancelWindow", "PT30M",
      "cancellationWindow", "PT24H", "sellerResponseWindow", "PT48H", "cancellationFeePercent", 10);
  /** No free period: every cancellation of a paid order goes to the seller. */
  private static final Map<String, Object> SELLER_DECIDES = Map.of("freeCancelWindow", "PT0S",
      "cancellationWindow", "PT24H", "sellerResponseWindow", "PT48H", "cancellationFeePercent", 10);

  @Test
  void anUnpaidOrderIsCancelledAtOnceAfterItsPendingPaymentIsClosedAtTheProvider() {
    Shop shop = Shop.open(api, FREE_FIRST, "20.00", false);
    UUID order = shop.placeOrder();
    Api.Response attempt = api.post("/api/v1/orders/" + order + "/payments", shop.buyer().token(),
        Map.of("method", "GOPAY"));
    JsonNode eligibility = shop.eligibility(order).body();
    assertThat(eligibility.path("allowed").asBoolean()).isTrue();
    assertThat(eligibility.path("mode").asString()).isEqualTo("IMMEDIATE");
    assertThat(eligibility.path("refundAmount").path("amount").asString()).isEqualTo("0.00");

    Api.Response cancelled = shop.requestCancellation(order, "CHANGED_MIND", null);
    assertThat(cancelled.status()).isEqualTo(201);
    assertThat(cancelled.text("status")).isEqualTo("APPROVED");
    assertThat(cancelled.text("confirmationNumber")).startsWith("CX-");
    assertThat(cancelled.text("confirmation")).contains(cancelled.text("confirmationNumber"));
    assertThat(shop.status(order)).isEqualTo("CANCELLED");
    assertThat(shop.order(order).path("cancelReason").asString()).isEqualTo("BUYER_CANCELLED");
    String ref = attempt.text("providerReference");
    assertThat(api.sandbox("GET", "/payments/" + ref, null).body().path("status").asString()).isEqualTo("CLOSED");
    assertThat(api.pay(ref, "succeed", null).status()).isEqualTo(409);
    assertThat(shop.stock().path("available").asInt()).isEqualTo(50);
    assertThat(shop.stock().path("reserved").asInt()).isZero();
    assertThat(shop.refunds(order)).isEmpty();
  }

  @Test
  void aPaidOrderInsideTheFreeWindowIsCancelledAtOnceWithAFullRefund() {
    Shop shop = Shop.open(api, FREE_FIRST, "20.00", false);
    UUID order = shop.paidOrder();
    JsonNode eligibility = shop.eligibility(order).body();
    assertThat(eligibility.path("mode").asString()).isEqualTo("IMMEDIATE");
    assertThat(eligibility.path("fee").path("amount").asString()).isEqualTo("0.00");
    assertThat(eligibility.path("refundAmount").path("amount").asString()).isEqualTo("20.00");

    assertThat(shop.requestCancellation(order, "FOUND_CHEAPER", null).text("status")).isEqualTo("APPROVED");
    JsonNode refund = shop.refundSucceeded(order);
    assertThat(refund.path("cause").asString()).isEqualTo("BUYER_CANCELLED");
    assertThat(refund.path("amount").path("amount").asString()).isEqualTo("20.00");
    assertThat(refund.path("expectedBy").asString()).isNotBlank();
    // sold stock goes back on sale
    assertThat(shop.stock().path("available").asInt()).isEqualTo(50);
  }

  @Test
  void afterTheFreeWindowTheSellerApprovesAndTheFeeIsDeductedFromTheRefund() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    JsonNode eligibility = shop.eligibility(order).body();
    assertThat(eligibility.path("mode").asString()).isEqualTo("SELLER_APPROVAL");
    assertThat(eligibility.path("fee").path("amount").asString()).isEqualTo("2.00");
    assertThat(eligibility.path("refundAmount").path("amount").asString()).isEqualTo("18.00");
    assertThat(Instant.parse(eligibility.path("sellerRespondBy").asString())).isAfter(Instant.now().plusSeconds(47 * 3600));

    Api.Response request = shop.requestCancellation(order, "WRONG_SIZE_OR_ITEM", "ordered M, need L");
    assertThat(request.status()).isEqualTo(201);
    assertThat(request.text("status")).isEqualTo("PENDING_SELLER");
    assertThat(request.body().path("fee").path("amount").asString()).isEqualTo("2.00");
    assertThat(request.text("respondBy")).isNotBlank();
    assertThat(shop.status(order)).isEqualTo("PAID");
    UUID id = request.id();
    // the seller sees it in its queue; another seller does not
    assertThat(PaymentFixture.list(api.get("/api/v1/cancellations?status=PENDING_SELLER", shop.seller().token()).body())
        .stream().map(c -> c.path("id").asString())).contains(id.toString());
    assertThat(api.get("/api/v1/cancellations/" + id, api.seller().token()).status()).isEqualTo(404);
    assertThat(shop.act(id, "approve", shop.buyer(), Map.of()).status()).isEqualTo(403);

    Api.Response approved = shop.act(id, "approve", shop.seller(), Map.of("note", "ok"));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.text("status")).isEqualTo("APPROVED");
    assertThat(shop.status(order)).isEqualTo("CANCELLED");
    JsonNode refund = shop.refundSucceeded(order);
    assertThat(refund.path("amount").path("amount").asString()).isEqualTo("18.00");
    assertThat(shop.events(order, "CANCELLATION_REQUESTED")).hasSize(1);
    assertThat(shop.events(order, "CANCELLATION_APPROVED")).hasSize(1);
    assertThat(shop.events(order, "CANCELLATION_CONFIRMED")).hasSize(1);
    // every step is emitted for the notifications to deliver
    assertThat(EventLog.of(CancellationEvent.class).stream().filter(e -> e.cancellationId().equals(id))
        .map(e -> e.step().name())).containsExactly("REQUESTED", "DECIDED");
    assertThat(EventLog.of(RefundEvent.class).stream().filter(e -> e.orderId().equals(order))
        .map(e -> e.status().name())).containsExactly("PENDING", "SUCCEEDED");
    // decided once: a second answer is refused
    assertThat(shop.act(id, "reject", shop.seller(), Map.of("note", "no")).code())
        .isEqualTo("ILLEGAL_CANCELLATION_TRANSITION");
  }

  @Test
  void aRejectedBuyerEscalatesAndSupportApprovesWithARefund() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    shop.process(order);
    UUID id = shop.requestCancellation(order, "DELIVERY_TOO_SLOW", null).id();
    assertThat(shop.act(id, "reject", shop.seller(), Map.of()).code()).isEqualTo("VALIDATION_FAILED");
    assertThat(shop.act(id, "reject", shop.seller(), Map.of("note", "already packed")).text("status"))
        .isEqualTo("REJECTED");
    JsonNode eligibility = shop.eligibility(order).body();
    assertThat(eligibility.path("allowed").asBoolean()).isFalse();
    assertThat(eligibility.path("reason").path("code").asString()).isEqualTo("CANCELLATION_ALREADY_REQUESTED");
    assertThat(eligibility.path("nextSteps").get(0).path("code").asString()).isEqualTo("ESCALATE_TO_SUPPORT");

    assertThat(shop.act(id, "escalate", shop.buyer(), Map.of("note", "it has not moved in 5 days")).text("status"))
        .isEqualTo("ESCALATED");
    Api.Principal support = api.support();
    List<JsonNode> queue = api.all("/api/v1/support/queue?kind=ESCALATION", support.token());
    assertThat(queue).filteredOn(item -> item.path("id").asString().equals(id.toString())).singleElement()
        .satisfies(item -> {
          assertThat(item.path("kind").asString()).isEqualTo("ESCALATION");
          assertThat(item.path("escalation").path("status").asString()).isEqualTo("ESCALATED");
          assertThat(item.path("orderId").asString()).isEqualTo(order.toString());
        });
    assertThat(queue).allSatisfy(item -> assertThat(item.path("kind").asString()).isEqualTo("ESCALATION"));
    assertThat(shop.act(id, "resolve", support, Map.of("decision", "APPROVE")).code()).isEqualTo("VALIDATION_FAILED");
    Api.Response resolved = shop.act(id, "resolve", support, Map.of("decision", "APPROVE", "note", "seller too slow"));
    assertThat(resolved.text("status")).isEqualTo("RESOLVED_APPROVED");
    assertThat(resolved.text("resolutionNote")).isEqualTo("seller too slow");
    assertThat(shop.status(order)).isEqualTo("CANCELLED");
    assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("18.00");
  }

  @Test
  void supportCanUpholdARejectionAndTheOrderGoesOn() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    UUID id = shop.requestCancellation(order, "CHANGED_MIND", null).id();
    shop.act(id, "reject", shop.seller(), Map.of("note", "made to order"));
    shop.act(id, "escalate", shop.buyer(), Map.of());
    Api.Response upheld = shop.act(id, "resolve", api.support(), Map.of("decision", "UPHOLD_REJECTION",
        "note", "custom item, policy says no"));
    assertThat(upheld.text("status")).isEqualTo("RESOLVED_REJECTED");
    assertThat(shop.status(order)).isEqualTo("PAID");
    assertThat(shop.refunds(order)).isEmpty();
    assertThat(shop.eligibility(order).body().path("nextSteps").get(0).path("code").asString())
        .isEqualTo("CONTACT_SUPPORT");
  }

  @Test
  void withoutAnAnswerByTheDeadlineTheRequestIsApprovedAutomatically() {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT2S", "cancellationFeePercent", 0), "20.00", false);
    UUID order = shop.paidOrder();
    UUID id = shop.requestCancellation(order, "DUPLICATE_ORDER", null).id();
    await().atMost(Shop.WAIT).until(() -> "AUTO_APPROVED".equals(shop.cancellation(id).path("status").asString()));
    assertThat(shop.status(order)).isEqualTo("CANCELLED");
    assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("20.00");
    // the seller's late answer loses
    assertThat(shop.act(id, "reject", shop.seller(), Map.of("note", "too late")).code())
        .isEqualTo("ILLEGAL_CANCELLATION_TRANSITION");
  }

  @Test
  void theBuyerMayWithdrawAPendingRequestAndAskAgainLater() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    UUID id = shop.requestCancellation(order, "CHANGED_MIND", null).id();
    assertThat(shop.requestCancellation(order, "CHANGED_MIND", null).code())
        .isEqualTo("CANCELLATION_ALREADY_REQUESTED");
    assertThat(shop.act(id, "withdraw", shop.buyer(), null).text("status")).isEqualTo("WITHDRAWN");
    assertThat(shop.act(id, "approve", shop.seller(), Map.of()).code()).isEqualTo("ILLEGAL_CANCELLATION_TRANSITION");
    assertThat(shop.status(order)).isEqualTo("PAID");
    assertThat(shop.requestCancellation(order, "CHANGED_MIND", null).text("status")).isEqualTo("PENDING_SELLER");
  }

  @Test
  void shippingClosesAPendingRequestWhichTheBuyerCanEscalate() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    shop.process(order);
    UUID id = shop.requestCancellation(order, "CHANGED_MIND", null).id();
    assertThat(shop.ship(order).status()).isEqualTo(200);
    JsonNode closed = shop.cancellation(id);
    assertThat(closed.path("status").asString()).isEqualTo("REJECTED");
    assertThat(closed.path("decisionNote").asString()).contains("shipped");
    assertThat(shop.eligibility(order).body().path("reason").path("code").asString()).isEqualTo("ALREADY_SHIPPED");
    assertThat(shop.act(id, "escalate", shop.buyer(), Map.of("note", "I asked before it shipped")).text("status"))
        .isEqualTo("ESCALATED");
    // support agrees: the parcel is stopped in transit, the buyer refunded minus the disclosed fee
    Api.Response resolved = shop.act(id, "resolve", api.support(), Map.of("decision", "APPROVE",
        "note", "request came before shipping"));
    assertThat(resolved.text("status")).isEqualTo("RESOLVED_APPROVED");
    assertThat(shop.order(order).path("cancelReason").asString()).isEqualTo("SUPPORT_CANCELLED");
    assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("18.00");
  }

  @Test
  void aRejectionCannotBeEscalatedOnceTheOrderIsCancelledAnyway() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    UUID id = shop.requestCancellation(order, "CHANGED_MIND", null).id();
    shop.act(id, "reject", shop.seller(), Map.of("note", "no"));
    api.post("/api/v1/orders/" + order + "/seller-cancellation", shop.seller().token(), Map.of("reason", "OUT_OF_STOCK"));
    assertThat(shop.act(id, "escalate", shop.buyer(), Map.of()).code()).isEqualTo("ALREADY_CANCELLED");
    assertThat(shop.cancellation(id).path("status").asString()).isEqualTo("REJECTED");
    assertThat(shop.refundSucceeded(order).path("cause").asString()).isEqualTo("SELLER_CANCELLED");
  }

  @Test
  void refusalsSayWhyInTheBuyersLanguageAndWhatToDoInstead() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    shop.process(order);
    shop.ship(order);
    Api.Response english = shop.eligibility(order);
    Api.Response indonesian = api.get("/api/v1/orders/" + order + "/cancellation-eligibility", shop.buyer().token(),
        Map.of("Accept-Language", "id"));
    assertThat(english.body().path("allowed").asBoolean()).isFalse();
    assertThat(english.body().has("mode")).isFalse();
    assertThat(english.body().path("reason").path("code").asString()).isEqualTo("ALREADY_SHIPPED");
    assertThat(PaymentFixture.list(english.body().path("nextSteps")).stream().map(s -> s.path("code").asString()))
        .containsExactly("REFUSE_DELIVERY", "REQUEST_RETURN", "CONTACT_SUPPORT");
    String message = english.body().path("reason").path("message").asString();
    assertThat(message).isNotBlank();
    assertThat(indonesian.body().path("reason").path("message").asString()).isNotBlank().isNotEqualTo(message);
    assertThat(indonesian.body().path("nextSteps").get(0).path("message").asString())
        .isNotEqualTo(english.body().path("nextSteps").get(0).path("message").asString());

    Api.Response refused = shop.requestCancellation(order, "CHANGED_MIND", null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("ALREADY_SHIPPED");
    assertThat(refused.body().path("nextSteps").size()).isEqualTo(3);
    assertThat(shop.status(order)).isEqualTo("SHIPPED");
  }

  @Test
  void digitalGoodsCannotBeCancelledOncePaidUnlessTheSellerAllowsIt() {
    Shop strict = Shop.open(api, FREE_FIRST, "5.00", true);
    UUID order = strict.paidOrder();
    assertThat(strict.requestCancellation(order, "CHANGED_MIND", null).code())
        .isEqualTo("DIGITAL_GOODS_NOT_CANCELLABLE");
    Shop lenient = Shop.open(api, Map.of("digitalCancellable", true), "5.00", true);
    UUID other = lenient.paidOrder();
    assertThat(lenient.requestCancellation(other, "CHANGED_MIND", null).text("status")).isEqualTo("APPROVED");
  }

  @Test
  void badRequestsAreRefusedAndChangeNothing() {
    Shop shop = Shop.open(api, FREE_FIRST, "20.00", false);
    UUID order = shop.placeOrder();
    assertThat(shop.requestCancellation(order, "OTHER", null).code()).isEqualTo("VALIDATION_FAILED");
    assertThat(shop.requestCancellation(order, "OTHER", "  ").code()).isEqualTo("VALIDATION_FAILED");
    assertThat(shop.requestCancellation(order, "BORED", null).code()).isEqualTo("VALIDATION_FAILED");
    assertThat(api.post("/api/v1/orders/" + order + "/cancellations", api.buyer().token(),
        Map.of("reason", "CHANGED_MIND")).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/orders/" + order + "/cancellations", shop.seller().token(),
        Map.of("reason", "CHANGED_MIND")).status()).isEqualTo(403);
    assertThat(shop.status(order)).isEqualTo("AWAITING_PAYMENT");
    assertThat(api.get("/api/v1/cancellations/" + UUID.randomUUID(), shop.buyer().token()).code())
        .isEqualTo("CANCELLATION_NOT_FOUND");
    assertThat(shop.requestCancellation(order, "OTHER", "bought by mistake").text("status")).isEqualTo("APPROVED");
    assertThat(shop.requestCancellation(order, "CHANGED_MIND", null).code()).isEqualTo("ALREADY_CANCELLED");
  }

  @Test
  void aSellerCancelsAnOrderItCannotFulfilAndTheBuyerGetsEverythingBack() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    shop.process(order);
    UUID pending = shop.requestCancellation(order, "CHANGED_MIND", null).id();
    Api.Response cancelled = api.post("/api/v1/orders/" + order + "/seller-cancellation", shop.seller().token(),
        Map.of("reason", "OUT_OF_STOCK", "note", "supplier let us down"));
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.text("cancelReason")).isEqualTo("SELLER_CANCELLED");
    JsonNode refund = shop.refundSucceeded(order);
    assertThat(refund.path("cause").asString()).isEqualTo("SELLER_CANCELLED");
    assertThat(refund.path("amount").path("amount").asString()).isEqualTo("20.00");
    // the buyer's open request is granted by it, without the fee
    JsonNode request = shop.cancellation(pending);
    assertThat(request.path("status").asString()).isEqualTo("APPROVED");
    assertThat(request.path("fee").path("amount").asString()).isEqualTo("0.00");
    assertThat(api.post("/api/v1/orders/" + order + "/seller-cancellation", shop.seller().token(),
        Map.of("reason", "OUT_OF_STOCK")).code()).isEqualTo("ALREADY_CANCELLED");

    UUID shipped = shop.paidOrder();
    shop.process(shipped);
    shop.ship(shipped);
    assertThat(api.post("/api/v1/orders/" + shipped + "/seller-cancellation", shop.seller().token(),
        Map.of("reason", "OUT_OF_STOCK")).code()).isEqualTo("ALREADY_SHIPPED");
    assertThat(api.post("/api/v1/orders/" + shipped + "/seller-cancellation", api.seller().token(),
        Map.of("reason", "OUT_OF_STOCK")).status()).isEqualTo(404);
  }

  @Test
  void supportCancelsAnOrderNotYetDeliveredWithANote() {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    shop.process(order);
    shop.ship(order);
    Api.Principal support = api.support();
    assertThat(api.post("/api/v1/orders/" + order + "/support-cancellation", support.token(), Map.of()).code())
        .isEqualTo("VALIDATION_FAILED");
    Api.Response cancelled = api.post("/api/v1/orders/" + order + "/support-cancellation", support.token(),
        Map.of("note", "parcel lost by the carrier"));
    assertThat(cancelled.text("cancelReason")).isEqualTo("SUPPORT_CANCELLED");
    assertThat(shop.refundSucceeded(order).path("cause").asString()).isEqualTo("SUPPORT_CANCELLED");
    assertThat(shop.events(order, "ORDER_CANCELLED").get(0).path("actor").asString()).contains(support.id().toString());

    UUID delivered = shop.paidOrder();
    shop.process(delivered);
    shop.ship(delivered);
    api.post("/api/v1/orders/" + delivered + "/deliver", shop.seller().token(), null);
    assertThat(api.post("/api/v1/orders/" + delivered + "/support-cancellation", support.token(),
        Map.of("note", "x")).code()).isEqualTo("ALREADY_DELIVERED");
    assertThat(api.post("/api/v1/orders/" + delivered + "/support-cancellation", shop.buyer().token(),
        Map.of("note", "x")).status()).isEqualTo(403);
  }

  @Test
  void aCancellationRefundTheProviderRefusesNeedsAttentionAndSupportRetriesItFromTheQueue() {
    Shop shop = Shop.open(api, FREE_FIRST, "20.00", false);
    UUID order = shop.paidOrder();
    try {
      api.sandboxMode("CARD", "FAILING");
      assertThat(shop.requestCancellation(order, "CHANGED_MIND", null).text("status")).isEqualTo("APPROVED");
      await().atMost(Shop.WAIT).until(() -> "NEEDS_ATTENTION".equals(shop.refunds(order).get(0).path("status").asString()));
      JsonNode refund = shop.refunds(order).get(0);
      assertThat(refund.path("attempts").asInt()).isEqualTo(3);
      assertThat(shop.events(order, "REFUND_FAILED")).hasSize(2);
      Api.Principal support = api.support();
      List<JsonNode> queue = api.all("/api/v1/support/queue", support.token());
      assertThat(queue).filteredOn(item -> item.path("id").asString().equals(refund.path("id").asString()))
          .singleElement().satisfies(item -> {
            assertThat(item.path("kind").asString()).isEqualTo("REFUND_NEEDS_ATTENTION");
            assertThat(item.path("refund").path("status").asString()).isEqualTo("NEEDS_ATTENTION");
          });
      assertThat(api.get("/api/v1/support/queue", shop.buyer().token()).status()).isEqualTo(403);

      api.sandboxMode("CARD", "NORMAL");
      assertThat(api.post("/api/v1/refunds/" + refund.path("id").asString() + "/retry", support.token(), Map.of("note", "provider fixed")).status())
          .isEqualTo(200);
      assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("20.00");
      assertThat(api.all("/api/v1/support/queue?kind=REFUND_NEEDS_ATTENTION", support.token()).stream()
          .map(r -> r.path("id").asString())).doesNotContain(refund.path("id").asString());
    } finally {
      resetPaymentConditions();
    }
  }

  @Test
  void theSellersTermsAreShownBeforeBuyingInTheBuyersLanguage() {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT1H", "cancellationWindow", "P1D",
        "sellerResponseWindow", "PT48H", "cancellationFeePercent", 2.5), "20.00", true);
    JsonNode english = api.get("/api/v1/products/" + shop.product() + "/cancellation-terms", shop.buyer().token()).body();
    JsonNode chinese = api.get("/api/v1/products/" + shop.product() + "/cancellation-terms", shop.buyer().token(),
        Map.of("Accept-Language", "zh-CN")).body();
    String all = String.join(" ", PaymentFixture.list(english.path("sentences")).stream().map(JsonNode::asString).toList());
    assertThat(all).contains("1 hour").contains("2.5%").contains("2 days");
    JsonNode indonesian = api.get("/api/v1/products/" + shop.product() + "/cancellation-terms", shop.buyer().token(),
        Map.of("Accept-Language", "id")).body();
    assertThat(String.join(" ", PaymentFixture.list(indonesian.path("sentences")).stream().map(JsonNode::asString)
        .toList())).contains("2,5%").contains("1 jam");
    assertThat(english.path("digital").asBoolean()).isTrue();
    assertThat(chinese.path("sentences").get(0).asString()).isNotEqualTo(english.path("sentences").get(0).asString());
    assertThat(english.path("policy").path("cancellationFeePercent").asString()).isEqualTo("2.5");
  }
}
