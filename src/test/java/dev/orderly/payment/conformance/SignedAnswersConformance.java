package dev.orderly.payment.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.PaymentFixture;
import org.junit.jupiter.api.Test;

/**
 * For providers that sign their answers as well as their notifications (Alipay, WeChat Pay): an
 * answer whose signature does not verify with the provider's public key is no answer at all.
 */
abstract class SignedAnswersConformance extends PaymentProviderConformance {

  SignedAnswersConformance(StandIn standIn, String method, String currency, String price) {
    super(standIn, method, currency, price);
  }

  @Test
  void anAnswerWhoseSignatureDoesNotVerifyIsNoAnswer() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    String paymentId = f.attempt(reference).path("id").asString();
    standIn().buyerPays(reference);
    standIn().forgeAnswers(true);
    Api.Response checked = api.post("/api/v1/orders/" + f.order() + "/payments/" + paymentId + "/check",
        f.buyer().token(), null);
    assertThat(checked.status()).as(checked.raw().body()).isEqualTo(503);
    assertThat(checked.code()).isEqualTo("PROVIDER_UNAVAILABLE");
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");

    Api.Response refused = f.start(method());
    assertThat(refused.status()).isEqualTo(503);
    standIn().forgeAnswers(false);
  }
}
