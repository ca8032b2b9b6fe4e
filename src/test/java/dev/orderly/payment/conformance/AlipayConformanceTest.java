package dev.orderly.payment.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.PaymentFixture;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Alipay's adapter, through its official SDK, against an Alipay gateway stand-in: Alipay in CNY. */
class AlipayConformanceTest extends SignedAnswersConformance {

  static final AlipayStandIn ALIPAY = new AlipayStandIn();

  AlipayConformanceTest() {
    super(ALIPAY, "ALIPAY", "CNY", "88.00");
  }

  @DynamicPropertySource
  static void alipay(DynamicPropertyRegistry registry) {
    route(registry, ALIPAY, "ALIPAY");
  }

  @AfterAll
  static void stop() {
    ALIPAY.close();
  }


  @Test
  void alipayTakesYuanOnlySoAUsdOrderCannotUseIt() {
    JsonNode alipay = PaymentFixture.list(api.get("/api/v1/payment-methods", api.buyer().token()).body()).stream()
        .filter(m -> m.path("method").asString().equals("ALIPAY")).findFirst().orElseThrow();
    assertThat(alipay.path("provider").asString()).isEqualTo("alipay");
    assertThat(alipay.path("status").asString()).isEqualTo("AVAILABLE");
    // the settings give ALIPAY limits in CNY and USD; Alipay itself takes CNY only
    assertThat(alipay.path("currencies").toString()).isEqualTo("[\"CNY\"]");

    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID product = api.product(seller, "20.00", "USD", 5, false);
    UUID order = api.placeOrder(buyer, product, 1).id();
    Api.Response refused = api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", "ALIPAY"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE");
    assertThat(ALIPAY.requests()).noneMatch(r -> r.getBodyAsString().contains(order.toString()));
  }

  @Test
  void aTradeTheBuyerNeverScannedIsPendingAndClosesAsNothingToClose() {
    PaymentFixture f = order();
    String reference = f.startedReference("ALIPAY");
    assertThat(f.attempt(reference).path("redirectUrl").asString()).startsWith("https://qr.alipay.com/");
    String paymentId = f.attempt(reference).path("id").asString();
    assertThat(api.post("/api/v1/orders/" + f.order() + "/payments/" + paymentId + "/check", f.buyer().token(), null)
        .text("status")).isEqualTo("PENDING");
    assertThat(api.post("/api/v1/orders/" + f.order() + "/cancellations", f.buyer().token(),
        Map.of("reason", "CHANGED_MIND")).status()).isEqualTo(201);
    assertThat(f.attempt(reference).path("status").asString()).isEqualTo("CLOSED");
  }
}
