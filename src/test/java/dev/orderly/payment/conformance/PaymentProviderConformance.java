package dev.orderly.payment.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.common.Money;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The conformance suite every payment provider passes against its local stand-in, the sandbox
 * included (issue 16): what PRODUCT.md promises about payments holds whoever takes the money. A
 * provider's test names its stand-in, the method routed to it and the currency it charges in; every
 * scenario runs through Orderly's public API and the provider's own wire protocol.
 */
public abstract class PaymentProviderConformance extends ApiTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final StandIn standIn;
  private final String method;
  private final String currency;
  private final String price;

  /**
   * @param standIn the stand-in this provider's test runs against
   * @param method the method routed to the provider under test
   * @param currency the currency its test orders are in, and {@code price} a price in it
   */
  protected PaymentProviderConformance(StandIn standIn, String method, String currency, String price) {
    this.standIn = standIn;
    this.method = method;
    this.currency = currency;
    this.price = price;
  }

  protected StandIn standIn() {
    return standIn;
  }

  protected String method() {
    return method;
  }

  protected String currency() {
    return currency;
  }

  protected String price() {
    return price;
  }

  @Autowired
  PaymentProviders providers;

  /** Routes {@code method} to the stand-in's provider with the stand-in's settings. */
  protected static void route(DynamicPropertyRegistry registry, StandIn standIn, String method) {
    standIn.settings().forEach((name, value) ->
        registry.add("orderly.payment.providers." + standIn.provider() + "." + name, () -> value));
    standIn.properties().forEach((name, value) -> registry.add(name, () -> value));
    registry.add("orderly.payment.methods." + method + ".provider", standIn::provider);
  }

  @AfterEach
  void resetStandIn() {
    standIn().reset();
    // every method healthy again: a scenario that degrades one must not leak into the next
    resetPaymentConditions();
  }

  PaymentFixture order() {
    return order("PT2H");
  }

  PaymentFixture order(String paymentWindow) {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    api.policy(seller, Map.of("paymentWindow", paymentWindow));
    UUID product = api.product(seller, price(), currency(), 5, false);
    Api.Response placed = api.placeOrder(buyer, product, 1);
    assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
    return new PaymentFixture(api, seller, buyer, product, placed.id());
  }

  Money total(PaymentFixture f) {
    JsonNode total = f.view().path("total");
    return Money.of(total.path("amount").asString(), total.path("currency").asString());
  }

  Api.Response deliver(StandIn.Notification n) {
    Map<String, String> headers = new LinkedHashMap<>(n.headers());
    headers.put("Content-Type", n.contentType());
    return api.send("POST", "/provider-callbacks/" + standIn().provider(), null, n.body(), headers);
  }

  /**
   * The buyer cancels the unpaid order while the provider cannot be reached to close its attempt,
   * and pays it at the provider before Orderly's close gets through (reconciliation keeps trying).
   */
  void cancelThenPayWhileTheProviderIsDown(PaymentFixture f, String reference) {
    standIn().down(true);
    try {
      Api.Response cancelled = api.post("/api/v1/orders/" + f.order() + "/cancellations", f.buyer().token(),
          Map.of("reason", "CHANGED_MIND"));
      assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(201);
      assertThat(f.status()).isEqualTo("CANCELLED");
      standIn().buyerPays(reference);
    } finally {
      standIn().down(false);
    }
  }

  List<JsonNode> callbacks(PaymentFixture f) {
    return f.events("PAYMENT_CALLBACK_RECEIVED");
  }

  @Test
  void createsThePaymentInTheProvidersUnitExpiringAtTheDeadline() {
    PaymentFixture f = order();
    Api.Response started = f.start(method());
    assertThat(started.status()).as(started.raw().body()).isEqualTo(201);
    String reference = started.text("providerReference");
    assertThat(started.text("redirectUrl")).isNotBlank();

    StandIn.Opened opened = standIn().opened(reference);
    assertThat(opened.amountInProviderUnit()).isEqualTo(standIn().inProviderUnit(total(f)));
    Instant deadline = Instant.parse(f.view().path("paymentDeadline").asString());
    assertThat(opened.expiresAt()).isEqualTo(standIn().asCarried(deadline));
  }

  @Test
  void iHavePaidAsksTheProviderAndThePaymentWins() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    String paymentId = f.attempt(reference).path("id").asString();
    Api.Response pending = api.post("/api/v1/orders/" + f.order() + "/payments/" + paymentId + "/check",
        f.buyer().token(), null);
    assertThat(pending.text("status")).isEqualTo("PENDING");

    standIn().buyerPays(reference);
    Api.Response checked = api.post("/api/v1/orders/" + f.order() + "/payments/" + paymentId + "/check",
        f.buyer().token(), null);
    assertThat(checked.status()).isEqualTo(200);
    assertThat(checked.text("status")).isEqualTo("SUCCEEDED");
    assertThat(f.status()).isEqualTo("PAID");
  }

  @Test
  void aProviderThatIsDownRefusesTheAttemptNamingTheMethodsThatWork() {
    PaymentFixture f = order();
    standIn().down(true);
    Api.Response refused = f.start(method());
    assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
    assertThat(refused.code()).isEqualTo("PROVIDER_UNAVAILABLE");
    assertThat(refused.body().path("workingMethods").isArray()).isTrue();
    assertThat(f.attempts()).isEmpty();
    standIn().down(false);
    assertThat(f.start(method()).status()).isEqualTo(201);
  }

  @Test
  void aProviderDownAtTheDeadlineGetsGraceThenTheOrderIsCancelledAndLateMoneyRefunded() {
    PaymentFixture f = order("PT2S");
    String reference = f.startedReference(method());
    standIn().down(true);
    await().atMost(WAIT).until(() -> !f.events("PROVIDER_UNREACHABLE_AT_DEADLINE").isEmpty());
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
    // orderly.payment.deadline-grace=PT3S in the tests: then cancelled, relying on late money being refunded
    await().atMost(WAIT).until(() -> "CANCELLED".equals(f.status()));
    assertThat(f.view().path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
    standIn().buyerPays(reference); // before the close gets through
    standIn().down(false);
    assertThat(deliver(standIn().paid(reference)).status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    assertThat(standIn().refundsExecuted(reference)).containsExactly(standIn().inProviderUnit(total(f)));
  }

  @Test
  void aMethodWhoseProviderKeepsFailingIsDegradedAndItsWaitingOrdersGetMoreTime() {
    PaymentFixture waiting = order("PT3S");
    waiting.startedReference(method());
    Instant deadline = Instant.parse(waiting.view().path("paymentDeadline").asString());
    standIn().down(true);
    // orderly.payment.health.min-samples=3 in the tests: three buyers who find the provider down
    for (int i = 0; i < 3; i++) {
      assertThat(order().start(method()).status()).isEqualTo(503);
    }
    await().atMost(WAIT).until(() -> !waiting.events("PAYMENT_DEADLINE_EXTENDED").isEmpty());
    JsonNode extension = waiting.events("PAYMENT_DEADLINE_EXTENDED").get(0).path("detail");
    assertThat(extension.path("cause").asString()).isEqualTo("METHOD_DEGRADED");
    assertThat(extension.path("method").asString()).isEqualTo(method());
    assertThat(waiting.status()).isEqualTo("AWAITING_PAYMENT");
    assertThat(Instant.parse(waiting.view().path("paymentDeadline").asString())).isAfter(deadline);
    standIn().down(false);
  }

  @Test
  void aPaymentWhoseNotificationNeverCameIsFoundByReconciliation() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    standIn().buyerPays(reference); // and the notification is lost
    // orderly.payment.reconcile-after=PT5S in the tests
    await().atMost(WAIT).until(() -> "PAID".equals(f.status()));
    assertThat(f.events("PAYMENT_RECONCILED")).isNotEmpty();
    assertThat(f.attempt(reference).path("appliedAs").asString()).isEqualTo("PAID");
  }

  @Test
  void theDeadlineClosesTheAttemptAtTheProviderThenCancels() {
    PaymentFixture f = order("PT2S");
    String reference = f.startedReference(method());
    await().atMost(WAIT).until(() -> "CANCELLED".equals(f.status()));
    assertThat(f.view().path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
    assertThat(standIn().closeRequested(reference)).isTrue();
    assertThat(f.attempt(reference).path("status").asString()).isEqualTo("CLOSED");
    assertThat(f.refunds()).isEmpty();
  }

  @Test
  void atTheDeadlineAPaymentTheProviderHasWinsOverCancelling() {
    PaymentFixture f = order("PT2S");
    String reference = f.startedReference(method());
    standIn().buyerPays(reference); // its notification is lost; Orderly asks before cancelling
    await().atMost(WAIT).until(() -> !f.attempt(reference).path("status").asString().equals("PENDING"));
    assertThat(f.status()).isEqualTo("PAID");
    assertThat(f.attempt(reference).path("appliedAs").asString()).isEqualTo("PAID");
    assertThat(f.events("ORDER_CANCELLED")).isEmpty();
    assertThat(f.refunds()).isEmpty();
  }

  @Test
  void cancellingBeforePaymentClosesTheAttemptAtTheProvider() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    Api.Response cancelled = api.post("/api/v1/orders/" + f.order() + "/cancellations", f.buyer().token(),
        Map.of("reason", "CHANGED_MIND"));
    assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(201);
    assertThat(f.status()).isEqualTo("CANCELLED");
    assertThat(standIn().closeRequested(reference)).isTrue();
    assertThat(f.attempt(reference).path("status").asString()).isEqualTo("CLOSED");
    assertThat(f.refunds()).isEmpty();
  }

  @Test
  void closingAPaymentAlreadyPaidReportsPaidAndOrderlyKeepsTheMoney() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    standIn().buyerPays(reference); // its notification is lost

    // the buyer tries again: Orderly closes the open attempt first, and the provider says it was paid
    Api.Response again = f.start(method());
    assertThat(standIn().closeRequested(reference)).isTrue();
    assertThat(again.status()).as(again.raw().body()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
    assertThat(f.status()).isEqualTo("PAID");
    assertThat(f.attempts()).hasSize(1);
    assertThat(f.attempt(reference).path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(f.attempt(reference).path("appliedAs").asString()).isEqualTo("PAID");
    assertThat(f.refunds()).isEmpty();
    assertThat(standIn().refundsExecuted(reference)).isEmpty();
  }

  @Test
  void aVerifiedNotificationIsAppliedOnceAndAnsweredAsTheProviderExpects() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    standIn().buyerPays(reference);
    StandIn.Notification paid = standIn().paid(reference);

    Api.Response first = deliver(paid);
    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    assertThat(first.raw().body()).isEqualTo(standIn().expectedAnswer());
    Api.Response again = deliver(standIn().paid(reference));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.raw().body()).isEqualTo(standIn().expectedAnswer());

    assertThat(f.status()).isEqualTo("PAID");
    assertThat(callbacks(f)).extracting(e -> e.path("detail").path("duplicate").asBoolean())
        .containsExactly(false, true);
    assertThat(f.events("ORDER_PAID")).hasSize(1);
    assertThat(f.refunds()).isEmpty();
  }

  @Test
  void aForgedStaleOrTamperedNotificationIsRefusedAndChangesNothing() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    List<StandIn.Notification> bad = List.of(standIn().forgedPaid(reference), standIn().stalePaid(reference),
        standIn().tampered(standIn().paid(reference)));
    for (StandIn.Notification n : bad) {
      Api.Response refused = deliver(n);
      assertThat(refused.status()).as(n.body()).isEqualTo(401);
      assertThat(refused.code()).isEqualTo("CALLBACK_SIGNATURE_INVALID");
    }
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
    assertThat(f.attempt(reference).path("status").asString()).isEqualTo("PENDING");
    assertThat(callbacks(f)).isEmpty();
  }

  @Test
  void duplicateAndReorderedNotificationsLeaveOnePayment() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    standIn().buyerPays(reference);
    StandIn.Notification paid = standIn().paid(reference);
    StandIn.Notification closedEarlier = standIn().closed(reference);

    assertThat(deliver(paid).status()).isEqualTo(200);
    // an older "closed" arrives after the payment, then the payment once more
    assertThat(deliver(closedEarlier).status()).isEqualTo(200);
    assertThat(deliver(standIn().paid(reference)).status()).isEqualTo(200);

    assertThat(f.status()).isEqualTo("PAID");
    assertThat(f.attempt(reference).path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(f.events("ORDER_PAID")).hasSize(1);
    assertThat(f.refunds()).isEmpty();
  }

  @Test
  void twoAttemptsBothPaidMeanOnePaymentAndOneRefund() {
    PaymentFixture f = order();
    String first = f.startedReference(method());
    // the provider cannot close the first attempt when the buyer tries again (nor when reconciliation
    // tries), so both stay open, and the buyer pays both
    standIn().failCloses(true);
    String second = f.startedReference(method());
    assertThat(f.attempt(first).path("status").asString()).isEqualTo("PENDING");
    standIn().buyerPays(second);
    standIn().buyerPays(first);
    assertThat(deliver(standIn().paid(second)).status()).isEqualTo(200);
    assertThat(deliver(standIn().paid(first)).status()).isEqualTo(200);
    assertThat(deliver(standIn().paid(first)).status()).isEqualTo(200);
    standIn().failCloses(false);

    assertThat(f.status()).isEqualTo("PAID");
    assertThat(f.attempt(second).path("appliedAs").asString()).isEqualTo("PAID");
    assertThat(f.attempt(first).path("appliedAs").asString()).isEqualTo("DUPLICATE");
    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    assertThat(f.refunds().get(0).path("cause").asString()).isEqualTo("DUPLICATE_PAYMENT");
    assertThat(standIn().refundsExecuted(first)).containsExactly(standIn().inProviderUnit(total(f)));
    assertThat(standIn().refundsExecuted(second)).isEmpty();
  }

  @Test
  void aRefundIsExecutedOnceUnderTwentyConcurrentRetriesWithTheSameKey() throws Exception {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    standIn().buyerPays(reference);
    assertThat(deliver(standIn().paid(reference)).status()).isEqualTo(200);
    PaymentGateway gateway = providers.named(standIn().provider()).orElseThrow();
    Money part = Money.of(price(), currency());
    String key = UUID.randomUUID().toString();

    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<String>> tries = new ArrayList<>();
    try {
      Callable<String> refund = () -> {
        try {
          return gateway.refund(reference, key, part).reference();
        } catch (ProviderUnavailableException busy) {
          return null; // "ask again later": the provider is still working on the same key
        }
      };
      for (int i = 0; i < 20; i++) {
        tries.add(pool.submit(refund));
      }
      List<String> answered = new ArrayList<>();
      for (Future<String> t : tries) {
        String r = t.get();
        if (r != null) {
          answered.add(r);
        }
      }
      String settled = await().atMost(WAIT).until(refund, r -> r != null);
      assertThat(Set.copyOf(answered)).isSubsetOf(Set.of(settled));
    } finally {
      pool.shutdownNow();
    }
    assertThat(standIn().refundsExecuted(reference)).containsExactly(standIn().inProviderUnit(part));
    assertThat(standIn().refundKeysSent(reference)).hasSizeGreaterThanOrEqualTo(21).containsOnly(
        standIn().refundKeyOnTheWire(key));
  }

  @Test
  void aRefundTheProviderKeepsFailingIsRetriedThenNeedsAttention() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    standIn().failRefunds(true);
    // money for a cancelled order
    cancelThenPayWhileTheProviderIsDown(f, reference);
    assertThat(deliver(standIn().paid(reference)).status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "NEEDS_ATTENTION".equals(f.refunds().get(0).path("status").asString()));
    // orderly.refunds.max-attempts=3 in the tests, each with the refund's own key
    List<String> keys = standIn().refundKeysSent(reference);
    assertThat(keys).hasSize(3);
    assertThat(Set.copyOf(keys)).hasSize(1);
    assertThat(standIn().refundsExecuted(reference)).isEmpty();
  }

  @Test
  void aProviderThatDoesNotAnswerInTimeIsNoAnswer() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    String paymentId = f.attempt(reference).path("id").asString();
    standIn().buyerPays(reference);
    standIn().slow(Duration.ofSeconds(3));
    Api.Response checked = api.post("/api/v1/orders/" + f.order() + "/payments/" + paymentId + "/check",
        f.buyer().token(), null);
    assertThat(checked.status()).isEqualTo(503);
    assertThat(checked.code()).isEqualTo("PROVIDER_UNAVAILABLE");
    assertThat(f.status()).isEqualTo("AWAITING_PAYMENT");
    assertThat(f.attempt(reference).path("status").asString()).isEqualTo("PENDING");

    standIn().slow(Duration.ZERO);
    assertThat(api.post("/api/v1/orders/" + f.order() + "/payments/" + paymentId + "/check",
        f.buyer().token(), null).text("status")).isEqualTo("SUCCEEDED");
  }

  @Test
  void moneyAfterTheCloseIsRefundedOnce() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    // money for a cancelled order
    cancelThenPayWhileTheProviderIsDown(f, reference);
    assertThat(deliver(standIn().paid(reference)).status()).isEqualTo(200);
    assertThat(deliver(standIn().paid(reference)).status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    assertThat(f.refunds().get(0).path("cause").asString()).isEqualTo("LATE_PAYMENT");
    assertThat(f.status()).isEqualTo("CANCELLED");
    assertThat(standIn().refundsExecuted(reference)).containsExactly(standIn().inProviderUnit(total(f)));
    assertThat(f.events("LATE_PAYMENT_RECEIVED")).hasSize(1);
  }

  /**
   * For providers that report refunds failing after they accepted them: the refund goes to support
   * (NEEDS_ATTENTION, with the provider's reason), once.
   */
  void aRefundTheProviderLaterReportsFailedGoesToSupport() {
    PaymentFixture f = order();
    String reference = f.startedReference(method());
    standIn().buyerPays(reference);
    assertThat(deliver(standIn().paid(reference)).status()).isEqualTo(200);
    Api.Response cancelled = api.post("/api/v1/orders/" + f.order() + "/cancellations", f.buyer().token(),
        Map.of("reason", "CHANGED_MIND"));
    assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(201);
    await().atMost(WAIT).until(() -> f.refunds().size() == 1
        && "SUCCEEDED".equals(f.refunds().get(0).path("status").asString()));
    assertThat(standIn().refundsExecuted(reference)).hasSize(1);

    StandIn.Notification failed = standIn().refundFailedLater(reference);
    Api.Response received = deliver(failed);
    assertThat(received.status()).as(received.raw().body()).isEqualTo(200);
    assertThat(received.raw().body()).isEqualTo(standIn().expectedAnswer());
    JsonNode refund = f.refunds().get(0);
    assertThat(refund.path("status").asString()).isEqualTo("NEEDS_ATTENTION");
    assertThat(refund.path("lastError").asString()).contains("the provider reported the refund failed");
    assertThat(deliver(standIn().refundFailedLater(reference)).status()).isEqualTo(200);
    assertThat(f.events("REFUND_NEEDS_ATTENTION")).hasSize(1);
  }
}
