package dev.orderly.payment.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.common.Money;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The live check (scripts/provider-live-check.sh, docs/payment-providers.md): the conformance
 * scenarios that can run against a provider's real test mode, through Orderly's API, with the test
 * credentials the operator gives in the environment ({@code ORDERLY_PAYMENT_PROVIDERS_<PROVIDER>_*}).
 * Runs only when {@code ORDERLY_LIVE_CHECK} names the provider: never in CI. With
 * {@code ORDERLY_LIVE_CHECK_DRY_RUN=1} it runs against the local stand-in instead, which proves the
 * check itself. With {@code ORDERLY_LIVE_CHECK_PAY=1} it also waits for the operator to pay the
 * printed payment in the provider's test mode, then refunds it.
 */
@EnabledIfEnvironmentVariable(named = "ORDERLY_LIVE_CHECK", matches = "stripe|alipay|wechatpay")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderLiveCheck extends ApiTest {

  static final String PROVIDER = System.getenv().getOrDefault("ORDERLY_LIVE_CHECK", "");
  static final boolean DRY_RUN = "1".equals(System.getenv("ORDERLY_LIVE_CHECK_DRY_RUN"));
  static final boolean PAY = "1".equals(System.getenv("ORDERLY_LIVE_CHECK_PAY"));
  static final Duration WAIT_FOR_BUYER = Duration.ofMinutes(10);

  /** The local stand-in of a dry run; none against the real provider. */
  static final StandIn STAND_IN = !DRY_RUN ? null : switch (PROVIDER) {
    case "stripe" -> new StripeStandIn();
    case "alipay" -> new AlipayStandIn();
    case "wechatpay" -> new WechatPayStandIn();
    default -> null;
  };

  static String method() {
    return switch (PROVIDER) {
      case "stripe" -> "CARD";
      case "alipay" -> "ALIPAY";
      default -> "WECHAT_PAY";
    };
  }

  static String currency() {
    return System.getenv().getOrDefault("ORDERLY_LIVE_CHECK_CURRENCY", "stripe".equals(PROVIDER) ? "USD" : "CNY");
  }

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    registry.add("orderly.payment.methods." + method() + ".provider", () -> PROVIDER);
    if (STAND_IN != null) {
      STAND_IN.settings().forEach((name, value) ->
          registry.add("orderly.payment.providers." + PROVIDER + "." + name, () -> value));
    }
    // a real provider answers slower than a stand-in; reconciliation stays out of the way
    registry.add("orderly.payment.providers." + PROVIDER + ".read-timeout", () -> "PT20S");
    registry.add("orderly.payment.reconcile-after", () -> "PT1H");
  }

  @AfterAll
  static void stop() {
    if (STAND_IN != null) {
      STAND_IN.close();
    }
  }

  @Autowired
  PaymentProviders providers;

  static String reference;
  static PaymentFixture paid;

  PaymentFixture order() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    api.policy(seller, Map.of("paymentWindow", "PT2H"));
    UUID product = api.product(seller, "stripe".equals(PROVIDER) ? "1.00" : "0.01", currency(), 5, false);
    Api.Response placed = api.placeOrder(buyer, product, 1);
    assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
    return new PaymentFixture(api, seller, buyer, product, placed.id());
  }

  /** The environment variables a provider needs (docs/payment-providers.md). */
  static List<String> required() {
    List<String> names = switch (PROVIDER) {
      case "stripe" -> List.of("api-key", "webhook-secret");
      case "alipay" -> List.of("app-id", "private-key", "alipay-public-key");
      default -> List.of("merchant-id", "app-id", "merchant-serial-number", "private-key", "api-v3-key",
          "platform-public-key", "platform-public-key-id");
    };
    return names.stream().map(n -> "ORDERLY_PAYMENT_PROVIDERS_" + PROVIDER.toUpperCase() + "_"
        + n.toUpperCase().replace('-', '_')).toList();
  }

  PaymentGateway gateway() {
    return providers.named(PROVIDER).orElseThrow(() -> new AssertionError(PROVIDER + " is not configured: set "
        + String.join(", ", required()) + " (docs/payment-providers.md)"));
  }

  /** Nothing after the first check runs without the provider: the first check says what to set. */
  @BeforeEach
  void onlyWithTheProvider(TestInfo test) {
    if (!test.getTestMethod().map(m -> m.getName().equals("theProviderIsConfiguredAndItsMethodAvailable")).orElse(false)) {
      Assumptions.assumeTrue(providers.named(PROVIDER).isPresent(), PROVIDER + " is not configured");
    }
  }

  @Test
  @Order(1)
  void theProviderIsConfiguredAndItsMethodAvailable() {
    gateway();
    JsonNode info = PaymentFixture.list(api.get("/api/v1/payment-methods", api.buyer().token()).body()).stream()
        .filter(m -> m.path("method").asString().equals(method())).findFirst().orElseThrow();
    assertThat(info.path("provider").asString()).isEqualTo(PROVIDER);
    assertThat(info.path("status").asString()).as(info.toString()).isEqualTo("AVAILABLE");
    assertThat(info.path("currencies").toString()).contains("\"" + currency() + "\"");
    System.out.println("LIVE-CHECK " + PROVIDER + " configured; " + method() + " available in " + currency());
  }

  @Test
  @Order(2)
  void createQueryAndCloseBeforePayment() {
    PaymentFixture f = order();
    Api.Response started = f.start(method());
    assertThat(started.status()).as(started.raw().body()).isEqualTo(201);
    String ref = started.text("providerReference");
    assertThat(gateway().query(ref).status().name()).isEqualTo("PENDING");
    Api.Response cancelled = api.post("/api/v1/orders/" + f.order() + "/cancellations", f.buyer().token(),
        Map.of("reason", "CHANGED_MIND"));
    assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(201);
    assertThat(f.attempt(ref).path("status").asString()).isEqualTo("CLOSED");
    // closing again is harmless, and the provider no longer takes the payment
    assertThat(gateway().close(ref)).isEqualTo(PaymentGateway.CloseResult.CLOSED);
    System.out.println("LIVE-CHECK " + PROVIDER + " create, query, close: " + ref);
  }

  @Test
  @Order(3)
  void aForgedNotificationIsRefused() {
    PaymentFixture f = order();
    String ref = f.startedReference(method());
    Map<String, String> headers = switch (PROVIDER) {
      case "stripe" -> Map.of("Stripe-Signature", "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64));
      case "wechatpay" -> Map.of("Wechatpay-Serial", "PUB_KEY_ID_X", "Wechatpay-Timestamp",
          Long.toString(Instant.now().getEpochSecond()), "Wechatpay-Nonce", "n", "Wechatpay-Signature", "AAAA");
      default -> Map.of("Content-Type", "application/x-www-form-urlencoded");
    };
    String body = "alipay".equals(PROVIDER) ? "out_trade_no=" + ref + "&trade_status=TRADE_SUCCESS&sign=AAAA"
        : "{\"id\":\"evt_forged\",\"type\":\"checkout.session.completed\"}";
    Api.Response refused = api.send("POST", "/provider-callbacks/" + PROVIDER, null, body, headers);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
    System.out.println("LIVE-CHECK " + PROVIDER + " forged notification refused");
  }

  @Test
  @Order(4)
  void thePaymentTheOperatorMakesIsFoundThenRefundedOnce() {
    if (!PAY) {
      System.out.println("LIVE-CHECK " + PROVIDER + " payment and refund skipped (ORDERLY_LIVE_CHECK_PAY=1 runs them)");
      return;
    }
    PaymentFixture f = order();
    Api.Response started = f.start(method());
    reference = started.text("providerReference");
    System.out.println("LIVE-CHECK " + PROVIDER + " pay this in the provider's test mode within "
        + WAIT_FOR_BUYER.toMinutes() + " minutes: " + started.text("redirectUrl"));
    if (STAND_IN != null) {
      STAND_IN.buyerPays(reference);
    }
    String paymentId = f.attempt(reference).path("id").asString();
    await().atMost(WAIT_FOR_BUYER).pollInterval(Duration.ofSeconds(5)).until(() -> "SUCCEEDED".equals(
        api.post("/api/v1/orders/" + f.order() + "/payments/" + paymentId + "/check", f.buyer().token(), null)
            .text("status")));
    assertThat(f.status()).isEqualTo("PAID");
    // a paid payment cannot be closed: the provider says so
    assertThat(gateway().close(reference)).isEqualTo(PaymentGateway.CloseResult.ALREADY_PAID);

    Api.Response cancelled = api.post("/api/v1/orders/" + f.order() + "/cancellations", f.buyer().token(),
        Map.of("reason", "CHANGED_MIND"));
    assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(201);
    await().atMost(Duration.ofMinutes(2)).until(() -> f.refunds().size() == 1
        && "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    String refundId = f.refunds().get(0).path("id").asString();
    Money amount = Money.of(f.refunds().get(0).path("amount").path("amount").asString(), currency());
    // the same key again: the provider executes nothing more and names the same refund
    String again = gateway().refund(reference, refundId, amount).reference();
    assertThat(gateway().refund(reference, refundId, amount).reference()).isEqualTo(again);
    if (STAND_IN != null) {
      assertThat(STAND_IN.refundsExecuted(reference)).hasSize(1);
    }
    System.out.println("LIVE-CHECK " + PROVIDER + " paid, kept on close, refunded once: " + reference);
  }
}
