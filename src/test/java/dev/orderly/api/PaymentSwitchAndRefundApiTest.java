package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Retries and method switches, and money that comes late or twice going back (rules 4 and 5). */
class PaymentSwitchAndRefundApiTest extends ApiTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @BeforeEach
  @AfterEach
  void normalProvider() {
    resetPaymentConditions();
  }

  @Test
  void switchingMethodClosesTheOlderAttemptAtTheProvider() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    String card = f.startedReference("CARD");
    String gopay = f.startedReference("GOPAY");

    JsonNode older = f.attempt(card);
    assertThat(older.path("status").asString()).isEqualTo("CLOSED");
    assertThat(older.path("failureCode").asString()).isEqualTo("SUPERSEDED");
    assertThat(f.atProvider(card).path("status").asString()).isEqualTo("CLOSED");
    // the buyer can no longer pay the closed one at the provider
    assertThat(api.pay(card, "succeed", null).status()).isEqualTo(409);

    api.pay(gopay, "succeed", null);
    await().atMost(WAIT).until(() -> "PAID".equals(f.status()));
    assertThat(f.refunds()).isEmpty();
  }

  @Test
  void retryingWithTheSameMethodIsAllowedUntilTheDeadline() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    String first = f.startedReference("DANA");
    api.pay(first, "fail", Map.of("failureCode", "INSUFFICIENT_FUNDS"));
    await().atMost(WAIT).until(() -> "FAILED".equals(f.attempt(first).path("status").asString()));
    assertThat(f.attempt(first).path("failureCode").asString()).isEqualTo("INSUFFICIENT_FUNDS");
    // the buyer is told what happened and what to do, in the buyer's language
    JsonNode failure = f.attempt(first).path("failure");
    assertThat(failure.path("code").asString()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(failure.path("action").asString()).isNotBlank();
    JsonNode inIndonesian = PaymentFixture.list(api.get("/api/v1/orders/" + f.order() + "/payments", f.buyer().token(),
        Map.of("Accept-Language", "id")).body()).get(0).path("failure");
    assertThat(inIndonesian.path("action").asString()).isNotBlank().isNotEqualTo(failure.path("action").asString());

    String second = f.startedReference("DANA");
    api.pay(second, "succeed", null);
    await().atMost(WAIT).until(() -> "PAID".equals(f.status()));
    assertThat(f.attempts()).hasSize(2);
  }

  @Test
  void anOlderAttemptThatWasPaidMeanwhileWinsAndNoNewAttemptIsMade() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    String card = f.startedReference("CARD");
    // paid at the provider, but its callback is lost
    api.pay(card, "succeed", Map.of("dropCallbacks", true));

    Api.Response second = f.start("ALIPAY");
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.code()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
    assertThat(f.status()).isEqualTo("PAID");
    assertThat(f.attempts()).hasSize(1);
    assertThat(f.attempt(card).path("appliedAs").asString()).isEqualTo("PAID");
    assertThat(f.refunds()).isEmpty();
  }

  @Test
  void twoSuccessfulAttemptsLeadToExactlyOneRefund() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    String card = f.startedReference("CARD");
    // the provider cannot close the card attempt while the buyer switches, so it stays open
    api.sandboxMode("CARD", "DOWN");
    String ovo = f.startedReference("OVO");
    assertThat(f.attempt(card).path("status").asString()).isEqualTo("PENDING");
    assertThat(f.attempt(card).path("closeReason").asString()).isEqualTo("SUPERSEDED");
    api.pay(ovo, "succeed", null);
    await().atMost(WAIT).until(() -> "PAID".equals(f.status()));

    // the card provider comes back and the buyer's card payment goes through too
    api.sandboxMode("CARD", "NORMAL");
    assertThat(api.pay(card, "succeed", Map.of("duplicateCallbacks", 2)).status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    JsonNode refund = f.refunds().get(0);
    assertThat(refund.path("cause").asString()).isEqualTo("DUPLICATE_PAYMENT");
    assertThat(refund.path("amount").path("amount").asString()).isEqualTo("20.00");
    assertThat(refund.path("paymentId").asString()).isEqualTo(f.attempt(card).path("id").asString());
    assertThat(refund.path("expectedBy").isMissingNode()).isFalse();
    assertThat(f.attempt(card).path("appliedAs").asString()).isEqualTo("DUPLICATE");
    assertThat(f.atProvider(card).path("refunded").path("amount").asString()).startsWith("20");
    assertThat(f.atProvider(ovo).path("refunded").path("amount").asString()).matches("0(\\.0+)?");
    assertThat(f.status()).isEqualTo("PAID");
    assertThat(f.events("DUPLICATE_PAYMENT_RECEIVED")).hasSize(1);
    assertThat(f.events("REFUND_CREATED")).hasSize(1);
    assertThat(f.events("REFUND_SUCCEEDED")).hasSize(1);
    // the refund is the buyer's to see, and the seller's; not another buyer's
    assertThat(api.get("/api/v1/orders/" + f.order() + "/refunds", f.seller().token()).body().size()).isEqualTo(1);
    assertThat(api.get("/api/v1/orders/" + f.order() + "/refunds", api.buyer().token()).status()).isEqualTo(404);
  }

  @Test
  void providerDownAtTheDeadlineMeansGraceThenCancelThenTheLateMoneyIsRefundedOnce() {
    PaymentFixture f = PaymentFixture.order(api, "PT2S", "20.00");
    String bank = f.startedReference("CARD");
    api.sandboxMode("CARD", "DOWN");

    await().atMost(WAIT).until(() -> !f.events("PROVIDER_UNREACHABLE_AT_DEADLINE").isEmpty());
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
    await().atMost(WAIT).until(() -> "CANCELLED".equals(f.status()));
    assertThat(f.view().path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
    assertThat(f.attempt(bank).path("status").asString()).isEqualTo("PENDING");
    assertThat(api.productView(f.product(), f.buyer()).path("stock").path("available").asInt()).isEqualTo(5);

    // the provider comes back; the buyer had paid (before the close could reach the provider)
    api.sandboxMode("CARD", "NORMAL");
    api.pay(bank, "succeed", Map.of("duplicateCallbacks", 2, "paidBeforeExpiry", true));

    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    // every copy of the callback has been applied (each is on the timeline): none made a second refund
    await().atMost(WAIT).until(() -> f.events("PAYMENT_CALLBACK_RECEIVED").stream()
        .filter(e -> "SUCCEEDED".equals(e.path("detail").path("providerStatus").asString())).count() >= 3);
    assertThat(f.refunds()).hasSize(1);
    JsonNode refund = f.refunds().get(0);
    assertThat(refund.path("cause").asString()).isEqualTo("LATE_PAYMENT");
    assertThat(refund.path("amount").path("amount").asString()).isEqualTo("20.00");
    assertThat(f.status()).isEqualTo("CANCELLED");
    assertThat(f.events("LATE_PAYMENT_RECEIVED")).hasSize(1);
    assertThat(f.events("ORDER_PAID")).isEmpty();
  }

  @Test
  void aRefundTheProviderKeepsFailingNeedsAttentionAndSupportCanRetryIt() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    String first = f.startedReference("WECHAT_PAY");
    api.sandboxMode("WECHAT_PAY", "DOWN");
    String second = f.startedReference("BANK_TRANSFER");
    api.pay(second, "succeed", null);
    await().atMost(WAIT).until(() -> "PAID".equals(f.status()));

    // WeChat Pay takes the money but then refuses refunds
    api.sandboxMode("WECHAT_PAY", "NORMAL");
    // the callback (and so the refund) comes a second later, once refunds are failing
    api.pay(first, "succeed", Map.of("callbackDelay", "PT1S"));
    api.sandboxMode("WECHAT_PAY", "FAILING");
    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "NEEDS_ATTENTION".equals(f.refunds().get(0).path("status").asString()));
    JsonNode refund = f.refunds().get(0);
    assertThat(refund.path("attempts").asInt()).isEqualTo(3);
    assertThat(f.events("REFUND_FAILED")).hasSize(2);
    assertThat(f.events("REFUND_NEEDS_ATTENTION")).hasSize(1);
    String path = "/api/v1/refunds/" + refund.path("id").asString() + "/retry";
    Map<String, Object> note = Map.of("note", "the provider is back");
    assertThat(api.post(path, f.buyer().token(), note).status()).isEqualTo(403);
    // a retry says why: without a note it is refused, and nothing is sent
    Api.Response noNote = api.post(path, api.support().token(), null);
    assertThat(noNote.status()).isEqualTo(400);
    assertThat(f.refunds().get(0).path("status").asString()).isEqualTo("NEEDS_ATTENTION");

    // retried from the buyer's case: a case about another order refuses it, this order's records it
    UUID caseId = api.post("/api/v1/orders/" + f.order() + "/cases", f.buyer().token(),
        Map.of("topic", "REFUND_NOT_RECEIVED", "message", "where is my money?")).id();
    PaymentFixture other = PaymentFixture.order(api, "PT10M", "5.00");
    UUID othersCase = api.post("/api/v1/orders/" + other.order() + "/cases", other.buyer().token(),
        Map.of("topic", "OTHER", "message", "x")).id();
    Api.Principal support = api.support();
    assertThat(api.post(path, support.token(), Map.of("note", "x", "caseId", othersCase.toString())).code())
        .isEqualTo("CASE_NOT_FOUND");
    assertThat(f.refunds().get(0).path("status").asString()).isEqualTo("NEEDS_ATTENTION");

    api.sandboxMode("WECHAT_PAY", "NORMAL");
    Api.Response retried = api.post(path, support.token(),
        Map.of("note", "the provider is back", "caseId", caseId.toString()));
    assertThat(retried.status()).isEqualTo(200);
    JsonNode action = api.get("/api/v1/cases/" + caseId, support.token()).body().path("messages").get(1);
    assertThat(action.path("action").asString()).isEqualTo("REFUND_RETRY_REQUESTED");
    assertThat(action.path("body").asString()).isEqualTo("the provider is back");
    assertThat(f.events("REFUND_RETRY_REQUESTED")).singleElement().satisfies(e ->
        assertThat(e.path("detail").path("note").asString()).isEqualTo("the provider is back"));
    await().atMost(WAIT).until(() -> "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    assertThat(f.atProvider(first).path("refunded").path("amount").asString()).startsWith("20");
    // a refund that succeeded cannot be retried: it would pay twice
    assertThat(api.post(path, api.support().token(), note).code()).isEqualTo("ILLEGAL_REFUND_TRANSITION");
  }
}
