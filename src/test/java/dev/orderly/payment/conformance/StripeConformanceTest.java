package dev.orderly.payment.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.PaymentFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stripe's adapter, through its official SDK, against a Stripe stand-in: cards in USD. */
class StripeConformanceTest extends PaymentProviderConformance {

  static final StripeStandIn STRIPE = new StripeStandIn();

  @DynamicPropertySource
  static void stripe(DynamicPropertyRegistry registry) {
    route(registry, STRIPE, "CARD");
  }

  @AfterAll
  static void stop() {
    STRIPE.close();
  }

  @Override
  protected StandIn standIn() {
    return STRIPE;
  }

  @Override
  protected String method() {
    return "CARD";
  }

  @Override
  protected String currency() {
    return "USD";
  }

  @Override
  protected String price() {
    return "12.50";
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
}
