package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Methods, their payment windows and limits, as the buyer sees them before choosing (rules 1, 4, 7). */
class PaymentLimitsApiTest extends ApiTest {

  @Test
  void paymentOptionsShowEachMethodsDeadlineAndABankTransferGivesMoreTime() {
    PaymentFixture f = PaymentFixture.order(api, "PT30M", "20.00");
    Instant placedDeadline = Instant.parse(f.view().path("paymentDeadline").asString());
    JsonNode options = api.get("/api/v1/orders/" + f.order() + "/payment-options", f.buyer().token()).body();
    assertThat(PaymentFixture.list(options.path("methods")).stream().map(m -> m.path("method").asString()))
        .containsExactly("CARD", "ALIPAY", "WECHAT_PAY", "GOPAY", "OVO", "DANA", "BANK_TRANSFER");
    Instant cardDeadline = Instant.parse(option(options, "CARD").path("paymentDeadline").asString());
    Instant bankDeadline = Instant.parse(option(options, "BANK_TRANSFER").path("paymentDeadline").asString());
    assertThat(cardDeadline).isEqualTo(placedDeadline);
    assertThat(bankDeadline).isAfter(placedDeadline.plus(Duration.ofHours(23)));

    f.startedReference("BANK_TRANSFER");
    assertThat(Instant.parse(f.view().path("paymentDeadline").asString())).isEqualTo(bankDeadline);
    JsonNode extended = f.events("PAYMENT_DEADLINE_EXTENDED").get(0).path("detail");
    assertThat(extended.path("cause").asString()).isEqualTo("METHOD_WINDOW");
    assertThat(extended.path("method").asString()).isEqualTo("BANK_TRANSFER");

    // switching back to a card does not take the buyer's extra time away
    f.startedReference("CARD");
    assertThat(Instant.parse(f.view().path("paymentDeadline").asString())).isEqualTo(bankDeadline);
  }

  @Test
  void aPaymentAboveTheMethodsLimitIsRefusedWithTheMethodsThatWork() {
    // OVO takes at most 650 USD per payment (application.properties)
    PaymentFixture f = PaymentFixture.order(api, "PT30M", "700.00");
    String open = f.startedReference("CARD");
    Api.Response refused = api.post("/api/v1/orders/" + f.order() + "/payments", f.buyer().token(),
        Map.of("method", "OVO"), Map.of("Accept-Language", "id"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("PAYMENT_LIMIT_EXCEEDED");
    assertThat(refused.text("window")).isEqualTo("PER_PAYMENT");
    assertThat(refused.body().path("limit").path("amount").asString()).isEqualTo("650.00");
    assertThat(PaymentFixture.list(refused.body().path("workingMethods")).stream().map(JsonNode::asString))
        .contains("CARD", "ALIPAY", "BANK_TRANSFER").doesNotContain("OVO");
    String english = api.post("/api/v1/orders/" + f.order() + "/payments", f.buyer().token(), Map.of("method", "OVO"))
        .text("title");
    assertThat(refused.text("title")).isNotBlank().isNotEqualTo(english);
    // the refused method did not cost the buyer the card attempt already open
    assertThat(f.attempts()).hasSize(1);
    assertThat(f.attempt(open).path("status").asString()).isEqualTo("PENDING");

    JsonNode options = api.get("/api/v1/orders/" + f.order() + "/payment-options", f.buyer().token()).body();
    assertThat(option(options, "OVO").path("status").asString()).isEqualTo("UNAVAILABLE");
    assertThat(option(options, "OVO").path("refusal").asString()).isEqualTo("PAYMENT_LIMIT_EXCEEDED");
    assertThat(option(options, "CARD").path("status").asString()).isEqualTo("AVAILABLE");
  }

  @Test
  void aBuyersDailyLimitPerMethodCountsWhatItPaidToday() {
    // GoPay: at most 1,300 USD per payment and 2,600 USD per buyer per day
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID product = api.product(seller, "1000.00", 10);
    for (int i = 0; i < 2; i++) {
      UUID order = api.placeOrder(buyer, product, 1).id();
      Api.Response attempt = api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", "GOPAY"));
      assertThat(attempt.status()).isEqualTo(201);
      api.pay(attempt.text("providerReference"), "succeed", null);
      await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(api.order(order, buyer).path("status").asString()));
    }
    UUID third = api.placeOrder(buyer, product, 1).id();
    JsonNode options = api.get("/api/v1/orders/" + third + "/payment-options", buyer.token()).body();
    assertThat(option(options, "GOPAY").path("remainingToday").path("amount").asString()).isEqualTo("600.00");
    Api.Response refused = api.post("/api/v1/orders/" + third + "/payments", buyer.token(), Map.of("method", "GOPAY"));
    assertThat(refused.code()).isEqualTo("PAYMENT_LIMIT_EXCEEDED");
    assertThat(refused.text("window")).isEqualTo("PER_DAY");
    assertThat(PaymentFixture.list(refused.body().path("workingMethods")).stream().map(JsonNode::asString))
        .contains("DANA", "CARD");
    // another buyer is not affected
    Api.Principal other = api.buyer();
    UUID theirs = api.placeOrder(other, product, 1).id();
    assertThat(api.post("/api/v1/orders/" + theirs + "/payments", other.token(), Map.of("method", "GOPAY")).status())
        .isEqualTo(201);
  }

  @Test
  void theMethodCatalogueShowsWindowsLimitsAndHealth() {
    JsonNode all = api.get("/api/v1/payment-methods", api.buyer().token()).body();
    assertThat(all.size()).isEqualTo(7);
    JsonNode bank = PaymentFixture.list(all).stream()
        .filter(m -> m.path("method").asString().equals("BANK_TRANSFER")).findFirst().orElseThrow();
    // durations as the README writes them (whole days as days), limits as money
    assertThat(bank.path("paymentWindow").asString()).isEqualTo("P1D");
    assertThat(bank.path("refundTime").asString()).isEqualTo("P3D");
    assertThat(PaymentFixture.list(bank.path("maxPerPayment")))
        .anySatisfy(limit -> {
          assertThat(limit.path("currency").asString()).isEqualTo("USD");
          assertThat(limit.path("amount").asString()).isEqualTo("50000.00");
        })
        .anySatisfy(limit -> {
          assertThat(limit.path("currency").asString()).isEqualTo("IDR");
          assertThat(limit.path("amount").asString()).isEqualTo("500000000");
        });
    JsonNode card = PaymentFixture.list(all).stream()
        .filter(m -> m.path("method").asString().equals("CARD")).findFirst().orElseThrow();
    assertThat(card.path("refundTime").asString()).isEqualTo("P7D");
    assertThat(PaymentFixture.list(card.path("currencies")).stream().map(JsonNode::asString))
        .containsExactly("CNY", "EUR", "IDR", "JPY", "USD");
    assertThat(api.get("/api/v1/payment-methods", null).status()).isEqualTo(401);
  }

  private static JsonNode option(JsonNode options, String name) {
    return PaymentFixture.list(options.path("methods")).stream()
        .filter(m -> m.path("method").asString().equals(name)).findFirst().orElseThrow();
  }
}
