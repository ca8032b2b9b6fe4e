package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.SandboxCallback;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PaymentApiTest extends ApiTest {

  record Setup(Api.Principal seller, Api.Principal buyer, UUID product, UUID order) {}

  private Setup order(String paymentWindow) {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    api.policy(seller, Map.of("paymentWindow", paymentWindow));
    UUID product = api.product(seller, "20.00", 5);
    return new Setup(seller, buyer, product, api.placeOrder(buyer, product, 1).id());
  }

  private Api.Response startPayment(Setup s, String method) {
    return api.post("/api/v1/orders/" + s.order() + "/payments", s.buyer().token(), Map.of("method", method));
  }

  private String status(Setup s) {
    return api.order(s.order(), s.buyer()).path("status").asString();
  }

  private List<JsonNode> events(Setup s, String type) {
    JsonNode events = api.get("/api/v1/orders/" + s.order() + "/timeline", s.buyer().token()).body().path("events");
    return StreamSupport.stream(events.spliterator(), false).filter(e -> e.path("type").asString().equals(type)).toList();
  }

  @Test
  void attemptIsCreatedAtTheProviderAndSuccessfulCallbackPaysTheOrder() {
    Setup s = order("PT10M");
    Api.Response attempt = startPayment(s, "ALIPAY");
    assertThat(attempt.status()).isEqualTo(201);
    assertThat(attempt.text("status")).isEqualTo("PENDING");
    assertThat(attempt.text("method")).isEqualTo("ALIPAY");
    assertThat(attempt.text("orderId")).isEqualTo(s.order().toString());
    assertThat(attempt.body().path("amount").path("amount").asString()).isEqualTo("20.00");
    assertThat(attempt.text("providerReference")).startsWith("sbx_");
    String page = attempt.text("redirectUrl");
    assertThat(page).contains("/sandbox/v1/payments/" + attempt.text("providerReference") + "/page");
    assertThat(api.send("GET", page.substring(api.base().length()), null, null, Map.of()).raw().body()).contains("20.00");
    assertThat(api.order(s.order(), s.buyer()).path("paymentPending").asBoolean()).isTrue();

    api.post("/sandbox/v1/payments/" + attempt.text("providerReference") + "/succeed", null, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> "PAID".equals(status(s)));
    JsonNode attempts = api.get("/api/v1/orders/" + s.order() + "/payments", s.buyer().token()).body();
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(api.order(s.order(), s.buyer()).path("paymentPending").asBoolean()).isFalse();
  }

  @Test
  void failedPaymentLeavesTheOrderPayableWithAnotherMethod() {
    Setup s = order("PT10M");
    String ref = startPayment(s, "GOPAY").text("providerReference");
    api.post("/sandbox/v1/payments/" + ref + "/fail", null, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> !events(s, "PAYMENT_FAILED").isEmpty());
    assertThat(status(s)).isEqualTo("AWAITING_PAYMENT");
    assertThat(api.order(s.order(), s.buyer()).path("paymentPending").asBoolean()).isFalse();

    String second = startPayment(s, "BANK_TRANSFER").text("providerReference");
    api.post("/sandbox/v1/payments/" + second + "/succeed", null, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> "PAID".equals(status(s)));
  }

  @Test
  void duplicateCallbacksPayOnce() {
    Setup s = order("PT10M");
    String ref = startPayment(s, "CARD").text("providerReference");
    api.post("/sandbox/v1/payments/" + ref + "/succeed", null, Map.of("duplicateCallbacks", 3));
    await().atMost(Duration.ofSeconds(10)).until(() -> events(s, "PAYMENT_CALLBACK_RECEIVED").size() == 4);
    assertThat(events(s, "ORDER_PAID")).hasSize(1);
    assertThat(events(s, "PAYMENT_CALLBACK_RECEIVED").stream()
        .filter(e -> e.path("detail").path("duplicate").asBoolean()).count()).isEqualTo(3);
    JsonNode stock = api.productView(s.product(), s.buyer()).path("stock");
    assertThat(stock.path("available").asInt()).isEqualTo(4);
    assertThat(stock.path("reserved").asInt()).isZero();
  }

  @Test
  void forgedOrUnsignedCallbacksAreRefusedAndChangeNothing() {
    Setup s = order("PT10M");
    String ref = startPayment(s, "CARD").text("providerReference");
    String body = SandboxCallback.succeeded(ref);
    long now = Instant.now().getEpochSecond();
    Api.Response unsigned = SandboxCallback.send(api, body, null, null);
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.code()).isEqualTo("CALLBACK_SIGNATURE_INVALID");
    assertThat(unsigned.header("WWW-Authenticate")).startsWith("Signature");
    assertThat(SandboxCallback.send(api, body, "wrong-secret", now).status()).isEqualTo(401);
    long stale = now - 3600;
    assertThat(SandboxCallback.send(api, body, Api.SANDBOX_KEY, stale).status()).isEqualTo(401);
    assertThat(status(s)).isEqualTo("AWAITING_PAYMENT");
    // correctly signed, it is accepted: proves the refusals above were about the signature
    Api.Response signed = SandboxCallback.send(api, body, Api.SANDBOX_KEY, now);
    assertThat(signed.status()).isEqualTo(200);
    assertThat(signed.body().path("received").asBoolean()).isTrue();
    assertThat(status(s)).isEqualTo("PAID");
    // a provider that is not configured has no callback address
    assertThat(api.send("POST", "/provider-callbacks/stripe", null, body, Map.of()).code()).isEqualTo("NOT_FOUND");
  }

  @Test
  void pendingAttemptAtTheDeadlineIsClosedAtTheProviderThenTheOrderCancelled() {
    Setup s = order("PT2S");
    String ref = startPayment(s, "OVO").text("providerReference");
    await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(status(s)));
    assertThat(api.order(s.order(), s.buyer()).path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
    assertThat(events(s, "PAYMENT_ATTEMPT_CLOSED")).hasSize(1);
    JsonNode attempts = api.get("/api/v1/orders/" + s.order() + "/payments", s.buyer().token()).body();
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("CLOSED");
    // the provider no longer lets the buyer pay it
    assertThat(api.post("/sandbox/v1/payments/" + ref + "/succeed", null, null).status()).isEqualTo(409);
    assertThat(api.productView(s.product(), s.buyer()).path("stock").path("available").asInt()).isEqualTo(5);
  }

  @Test
  void paymentsAreForBuyersOfTheirOwnOrdersWithAKnownMethod() {
    Setup s = order("PT10M");
    assertThat(api.post("/api/v1/orders/" + s.order() + "/payments", api.buyer().token(), Map.of("method", "CARD"))
        .status()).isEqualTo(404);
    assertThat(api.post("/api/v1/orders/" + s.order() + "/payments", s.seller().token(), Map.of("method", "CARD"))
        .status()).isEqualTo(403);
    assertThat(startPayment(s, "BITCOIN").code()).isEqualTo("VALIDATION_FAILED");
    assertThat(api.get("/api/v1/orders/" + s.order() + "/payments", s.buyer().token()).body().size()).isZero();
  }
}
