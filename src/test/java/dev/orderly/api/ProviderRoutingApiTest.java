package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Methods routed to a provider that is not configured here (Stripe with its API key but without its
 * webhook secret): Orderly starts, the methods are UNAVAILABLE with PAYMENT_METHOD_NOT_AVAILABLE,
 * the provider has no callback address, and the other methods work as before.
 */
@TestPropertySource(properties = {
    "orderly.payment.methods.CARD.provider=stripe",
    "orderly.payment.providers.stripe.api-key=sk_test_without_webhook_secret"})
class ProviderRoutingApiTest extends ApiTest {

  @Test
  void aMethodOfAProviderThatIsNotConfiguredIsUnavailableWithItsCode() {
    JsonNode card = PaymentFixture.list(api.get("/api/v1/payment-methods", api.buyer().token()).body()).stream()
        .filter(m -> m.path("method").asString().equals("CARD")).findFirst().orElseThrow();
    assertThat(card.path("provider").asString()).isEqualTo("stripe");
    assertThat(card.path("status").asString()).isEqualTo("UNAVAILABLE");
    assertThat(card.path("refusal").asString()).isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE");

    PaymentFixture f = PaymentFixture.order(api, "PT10M", "20.00");
    Api.Response refused = f.start("CARD");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE");
    assertThat(refused.body().path("workingMethods").toString()).doesNotContain("CARD").contains("ALIPAY");
    assertThat(f.attempts()).isEmpty();
    assertThat(f.start("ALIPAY").status()).isEqualTo(201);

    Api.Response callback = api.send("POST", "/provider-callbacks/stripe", null, "{}",
        Map.of("Stripe-Signature", "t=1,v1=00"));
    assertThat(callback.status()).isEqualTo(404);
  }
}
