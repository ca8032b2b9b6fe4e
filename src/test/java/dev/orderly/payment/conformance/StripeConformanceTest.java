package dev.orderly.payment.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.PaymentFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stripe's adapter, through its official SDK, against a Stripe stand-in: cards in USD. */
class StripeConformanceTest extends PaymentProviderConformance {

  static final StripeStandIn STRIPE = new StripeStandIn();

  StripeConformanceTest() {
    super(STRIPE, "CARD", "USD", "12.50");
  }

  @DynamicPropertySource
  static void stripe(DynamicPropertyRegistry registry) {
    route(registry, STRIPE, "CARD");
    // Stripe's own Alipay and WeChat Pay, as a shop outside China would take them
    registry.add("orderly.payment.methods.ALIPAY.provider", () -> "stripe");
    registry.add("orderly.payment.methods.WECHAT_PAY.provider", () -> "stripe");
  }

  @AfterAll
  static void stop() {
    STRIPE.close();
  }


  @Test
  void theSessionIsACardPaymentOfTheOrderWithTheAttemptAsClientReference() {
    PaymentFixture f = order();
    String reference = f.startedReference("CARD");
    Map<String, String> sent = StandIn.form(STRIPE.createRequest(reference).getBodyAsString());
    assertThat(sent).containsEntry("mode", "payment").containsEntry("payment_method_types[0]", "card")
        .containsEntry("line_items[0][price_data][currency]", "usd")
        .containsEntry("line_items[0][price_data][unit_amount]", "1250")
        .containsEntry("client_reference_id", f.attempt(reference).path("id").asString());
    assertThat(STRIPE.createRequest(reference).getHeader("Idempotency-Key"))
        .isEqualTo("orderly-create-" + f.attempt(reference).path("id").asString());
    assertThat(f.attempt(reference).path("redirectUrl").asString()).isEqualTo("https://checkout.stripe.com/c/pay/" + reference);
  }

  @Test
  void alipayAndWechatPayRoutedToStripeAreStripesOwnMethods() {
    PaymentFixture alipay = order();
    Map<String, String> sent = StandIn.form(STRIPE.createRequest(alipay.startedReference("ALIPAY")).getBodyAsString());
    assertThat(sent).containsEntry("payment_method_types[0]", "alipay");
    PaymentFixture wechat = order();
    sent = StandIn.form(STRIPE.createRequest(wechat.startedReference("WECHAT_PAY")).getBodyAsString());
    assertThat(sent).containsEntry("payment_method_types[0]", "wechat_pay")
        .containsEntry("payment_method_options[wechat_pay][client]", "web");
  }

  @Test
  void anEventAboutASessionOrderlyDidNotOpenIsAcknowledgedAndIgnored() {
    Api.Response answer = deliver(STRIPE.foreignSessionCompleted());
    // a 404 would make Stripe retry it for days and, in the end, switch the endpoint off
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.raw().body()).isEqualTo("{\"received\":true}");
  }

  @Test
  void aShortDeadlineStillGetsStripesShortestSessionAndOrderlyExpiresItAtTheDeadline() {
    PaymentFixture f = order("PT10M");
    String reference = f.startedReference("CARD");
    long sentAt = STRIPE.createRequest(reference).getLoggedDate().toInstant().getEpochSecond();
    // Stripe takes 30 minutes to 24 hours; the deadline sweep expires the session at Orderly's deadline
    assertThat(STRIPE.opened(reference).expiresAt().getEpochSecond() - sentAt).isBetween(1795L, 1805L);
  }

  @Test
  void aRefundStripeLaterReportsFailedGoesToSupport() {
    aRefundTheProviderLaterReportsFailedGoesToSupport();
  }
}
