package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Callbacks that come late, twice, out of order or never; degraded methods (rules 3, 6, 10, 12). */
class PaymentOutageApiTest extends ApiTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @BeforeEach
  @AfterEach
  void normalProvider() {
    resetPaymentConditions();
  }

  @Test
  void reorderedAndDuplicatedCallbacksPayOnceAndNeverGoBackToPending() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    String ref = f.startedReference("ALIPAY");
    api.pay(ref, "succeed", Map.of("duplicateCallbacks", 2, "reorderCallbacks", true));
    await().atMost(WAIT).until(() -> f.events("PAYMENT_CALLBACK_RECEIVED").size() >= 4);
    assertThat(f.status()).isEqualTo("PAID");
    assertThat(f.attempt(ref).path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(f.events("ORDER_PAID")).hasSize(1);
    assertThat(f.events("PAYMENT_CALLBACK_RECEIVED").stream()
        .filter(e -> e.path("detail").path("providerStatus").asString().equals("PENDING"))).isNotEmpty();
    assertThat(f.refunds()).isEmpty();
    assertThat(api.productView(f.product(), f.buyer()).path("stock").path("reserved").asInt()).isZero();
  }

  @Test
  void reconciliationFindsAPaymentWhoseCallbackNeverCame() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    String ref = f.startedReference("GOPAY");
    api.pay(ref, "succeed", Map.of("dropCallbacks", true));
    // orderly.payment.reconcile-after is 5 s in tests
    await().atMost(WAIT).until(() -> "PAID".equals(f.status()));
    assertThat(f.events("PAYMENT_CALLBACK_RECEIVED")).isEmpty();
    assertThat(f.events("PAYMENT_RECONCILED")).hasSize(1);
  }

  @Test
  void iHavePaidIsLimitedPerAttemptWithRetryAfter() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    Api.Response attempt = f.start("CARD");
    String path = "/api/v1/orders/" + f.order() + "/payments/" + attempt.text("id") + "/check";
    for (int i = 0; i < 3; i++) {
      Api.Response r = api.post(path, f.buyer().token(), null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text("status")).isEqualTo("PENDING");
    }
    Api.Response limited = api.post(path, f.buyer().token(), null);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.code()).isEqualTo("RATE_LIMITED");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    assertThat(f.events("PAYMENT_STATUS_CHECKED")).hasSize(3);
    // another attempt has its own allowance
    PaymentFixture g = PaymentFixture.order(api, "PT10M", "20.00");
    Api.Response other = g.start("CARD");
    assertThat(api.post("/api/v1/orders/" + g.order() + "/payments/" + other.text("id") + "/check", g.buyer().token(),
        null).status()).isEqualTo(200);
  }

  @Test
  void providerDownWhenStartingTellsTheBuyerWhichMethodsWork() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    api.sandboxMode("DANA", "DOWN");
    Api.Response refused = f.start("DANA");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.code()).isEqualTo("PROVIDER_UNAVAILABLE");
    assertThat(PaymentFixture.list(refused.body().path("workingMethods")).stream().map(JsonNode::asString))
        .contains("CARD", "GOPAY").doesNotContain("DANA");
    assertThat(f.attempts()).isEmpty();
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
  }

  @Test
  void slowProviderAnswerCountsAsNoAnswer() {
    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    Api.Response attempt = f.start("OVO");
    // the gateway's read timeout is 2 s in tests
    api.sandbox("PUT", "/methods/OVO", Map.of("mode", "SLOW", "latency", "PT3S"));
    Api.Response checked = api.post("/api/v1/orders/" + f.order() + "/payments/" + attempt.text("id") + "/check",
        f.buyer().token(), null);
    assertThat(checked.status()).isEqualTo(503);
    assertThat(checked.code()).isEqualTo("PROVIDER_UNAVAILABLE");
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
  }

  @Test
  void aDegradedMethodGetsPendingDeadlinesExtendedAndRecoversWhenItSucceedsAgain() {
    // a buyer is already waiting on a GoPay payment when the trouble starts
    PaymentFixture waiting = PaymentFixture.order(api, "PT10M", "20.00");
    waiting.startedReference("GOPAY");
    // GoPay fails on the provider's side for three buyers in a row: degraded
    api.sandboxMode("GOPAY", "FAILING");
    for (int i = 0; i < 3; i++) {
      PaymentFixture failing = PaymentFixture.order(api, "PT10M", "20.00");
      String ref = failing.startedReference("GOPAY");
      api.pay(ref, "succeed", null);
      await().atMost(WAIT).until(() -> "FAILED".equals(failing.attempt(ref).path("status").asString()));
      assertThat(failing.attempt(ref).path("failureCode").asString()).isEqualTo("PROVIDER_ERROR");
    }
    await().atMost(WAIT).until(() -> "DEGRADED".equals(method("GOPAY").path("status").asString()));
    assertThat(method("CARD").path("status").asString()).isEqualTo("AVAILABLE");
    // rule 13: the waiting buyer is told, with the methods that work
    List<JsonNode> notices = PaymentFixture.list(api.get("/api/v1/inbox", waiting.buyer().token()).body()).stream()
        .filter(n -> n.path("type").asString().equals("PAYMENT_METHOD_DEGRADED")).toList();
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0).path("orderId").asString()).isEqualTo(waiting.order().toString());
    assertThat(notices.get(0).path("body").asString()).contains("GOPAY").contains("CARD").contains("OVO");

    // a buyer is told before choosing
    PaymentFixture f = PaymentFixture.order(api, "PT3S", "20.00");
    JsonNode options = api.get("/api/v1/orders/" + f.order() + "/payment-options", f.buyer().token()).body();
    assertThat(option(options, "GOPAY").path("status").asString()).isEqualTo("DEGRADED");
    assertThat(option(options, "OVO").path("status").asString()).isEqualTo("AVAILABLE");

    // a buyer already waiting on GoPay is not cancelled at the deadline for the platform's fault
    String ref = f.startedReference("GOPAY");
    Instant deadline = Instant.parse(f.view().path("paymentDeadline").asString());
    await().atMost(WAIT).until(() -> !f.events("PAYMENT_DEADLINE_EXTENDED").isEmpty());
    JsonNode extension = f.events("PAYMENT_DEADLINE_EXTENDED").get(0).path("detail");
    assertThat(extension.path("cause").asString()).isEqualTo("METHOD_DEGRADED");
    assertThat(extension.path("method").asString()).isEqualTo("GOPAY");
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
    assertThat(Instant.parse(f.view().path("paymentDeadline").asString())).isAfter(deadline);

    // the provider recovers; the first attempt expired at the provider with the original deadline (a provider
    // cannot lengthen a payment it opened), so the buyer pays with a new one in the extra time: paid, and
    // GoPay is healthy again
    api.sandboxMode("GOPAY", "NORMAL");
    assertThat(api.pay(ref, "succeed", null).status()).isEqualTo(409);
    String again = f.startedReference("GOPAY");
    api.pay(again, "succeed", null);
    await().atMost(WAIT).until(() -> "PAID".equals(f.status()));
    assertThat(f.events("ORDER_CANCELLED")).isEmpty();
    await().atMost(WAIT).until(() -> "AVAILABLE".equals(method("GOPAY").path("status").asString()));
  }

  @Test
  void outageExtensionsAreBoundedThenTheOrderIsClosed() {
    api.sandboxMode("DANA", "FAILING");
    for (int i = 0; i < 3; i++) {
      PaymentFixture failing = PaymentFixture.order(api, "PT10M", "20.00");
      String ref = failing.startedReference("DANA");
      api.pay(ref, "succeed", null);
      await().atMost(WAIT).until(() -> "FAILED".equals(failing.attempt(ref).path("status").asString()));
    }
    await().atMost(WAIT).until(() -> "DEGRADED".equals(method("DANA").path("status").asString()));
    PaymentFixture f = PaymentFixture.order(api, "PT1S", "20.00");
    f.startedReference("DANA");
    // extensions of 3 s, at most 6 s in tests: then the attempt is closed and the order cancelled
    await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(f.status()));
    assertThat(f.events("PAYMENT_DEADLINE_EXTENDED")).hasSize(2);
    assertThat(f.view().path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
  }

  private JsonNode method(String name) {
    JsonNode all = api.get("/api/v1/payment-methods", api.buyer().token()).body();
    return PaymentFixture.list(all).stream().filter(m -> m.path("method").asString().equals(name)).findFirst()
        .orElseThrow();
  }

  private static JsonNode option(JsonNode options, String name) {
    return PaymentFixture.list(options.path("methods")).stream()
        .filter(m -> m.path("method").asString().equals(name)).findFirst().orElseThrow();
  }
}
