package dev.orderly.payment.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.PaymentFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Alipay's adapter, through its official SDK, against an Alipay gateway stand-in: Alipay in CNY. */
class AlipayConformanceTest extends PaymentProviderConformance {

  static final AlipayStandIn ALIPAY = new AlipayStandIn();

  @DynamicPropertySource
  static void alipay(DynamicPropertyRegistry registry) {
    route(registry, ALIPAY, "ALIPAY");
  }

  @AfterAll
  static void stop() {
    ALIPAY.close();
  }

  @Override
  protected StandIn standIn() {
    return ALIPAY;
  }

  @Override
  protected String method() {
    return "ALIPAY";
  }

  @Override
  protected String currency() {
    return "CNY";
  }

  @Override
  protected String price() {
    return "88.00";
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
