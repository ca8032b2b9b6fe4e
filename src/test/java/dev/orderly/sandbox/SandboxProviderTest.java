package dev.orderly.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The sandbox provider over real HTTP, as Orderly (or any merchant) sees it. */
class SandboxProviderTest extends ApiTest {
  private static final String SECRET = "sandbox-demo-secret";

  private Receiver receiver;

  @BeforeEach
  void start() throws IOException {
    receiver = new Receiver();
    reset();
  }

  @AfterEach
  void stop() {
    reset();
    receiver.close();
  }

  private void reset() {
    assertThat(merchant("POST", "/reset", null).status()).isEqualTo(200);
  }

  // ---- payments ----

  @Test
  void paymentCarriesTimesRefundsAndWhyItFailed() {
    Api.Response created = create("GOPAY", "20.00", "IDR");
    assertThat(created.status()).isEqualTo(201);
    String ref = created.text("reference");
    assertThat(ref).startsWith("sbx_");
    assertThat(created.text("status")).isEqualTo("PENDING");
    assertThat(created.body().has("failureCode")).isFalse();
    assertThat(created.body().path("refunded").path("amount").decimalValue()).isZero();
    assertThat(created.body().path("refunded").path("currency").asString()).isEqualTo("IDR");
    assertThat(Instant.parse(created.text("createdAt"))).isEqualTo(Instant.parse(created.text("updatedAt")));
    assertThat(created.text("payUrl")).isEqualTo("/sandbox/v1/payments/" + ref + "/page");

    Api.Response failed = buyer(ref, "fail", Map.of("failureCode", "INSUFFICIENT_FUNDS"));
    assertThat(failed.status()).isEqualTo(200);
    assertThat(failed.text("status")).isEqualTo("FAILED");
    assertThat(failed.text("failureCode")).isEqualTo("INSUFFICIENT_FUNDS");
    Api.Response queried = merchant("GET", "/payments/" + ref, null);
    assertThat(queried.text("failureCode")).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(Instant.parse(queried.text("updatedAt"))).isAfterOrEqualTo(Instant.parse(queried.text("createdAt")));

    Receiver.Callback callback = receiver.expect(ref, 1).get(0);
    assertThat(callback.body().path("status").asString()).isEqualTo("FAILED");
    assertThat(callback.body().path("failureCode").asString()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(callback.body().path("merchantReference").asString()).isEqualTo(created.text("merchantReference"));
    assertThat(callback.body().path("eventId").asString()).startsWith("evt_");
    assertThat(callback.body().path("amount").path("currency").asString()).isEqualTo("IDR");
    assertThat(Instant.parse(callback.body().path("occurredAt").asString()))
        .isEqualTo(Instant.parse(queried.text("updatedAt")));
  }

  @Test
  void declineIsTheDefaultFailureAndAPaidPaymentCannotBeClosed() {
    String declined = reference(create("CARD", "5.00", "USD"));
    assertThat(buyer(declined, "fail", null).text("failureCode")).isEqualTo("DECLINED");
    assertThat(buyer(declined, "succeed", null).code()).isEqualTo("TRADE_HAS_FAILED");

    String paid = reference(create("CARD", "5.00", "USD"));
    Api.Response succeeded = buyer(paid, "succeed", null);
    assertThat(succeeded.text("status")).isEqualTo("SUCCEEDED");
    assertThat(succeeded.body().has("failureCode")).isFalse();
    Api.Response close = merchant("POST", "/payments/" + paid + "/close", null);
    assertThat(close.status()).isEqualTo(409);
    assertThat(close.code()).isEqualTo("TRADE_HAS_SUCCESS");

    String open = reference(create("CARD", "5.00", "USD"));
    assertThat(merchant("POST", "/payments/" + open + "/close", null).text("status")).isEqualTo("CLOSED");
    assertThat(merchant("POST", "/payments/" + open + "/close", null).status()).isEqualTo(200);
    assertThat(buyer(open, "succeed", null).code()).isEqualTo("TRADE_HAS_CLOSED");
  }

  // ---- refunds ----

  @Test
  void refundWithTheSameKeyIsMadeOnce() {
    String ref = paid("CARD", "20.00");
    Api.Response first = refund(ref, "refund-1", "12.50", "USD");
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.text("reference")).startsWith("sbr_");
    assertThat(first.text("paymentReference")).isEqualTo(ref);
    assertThat(first.text("status")).isEqualTo("SUCCEEDED");
    assertThat(first.body().path("amount").path("amount").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(first.text("createdAt")).isNotNull();

    Api.Response again = refund(ref, "refund-1", "12.50", "USD");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("reference")).isEqualTo(first.text("reference"));
    assertThat(merchant("GET", "/payments/" + ref + "/refunds", null).body().size()).isEqualTo(1);
    assertThat(merchant("GET", "/payments/" + ref, null).body().path("refunded").path("amount").decimalValue())
        .isEqualByComparingTo("12.50");

    // another key is another refund
    assertThat(refund(ref, "refund-2", "7.50", "USD").status()).isEqualTo(201);
    JsonNode refunds = merchant("GET", "/payments/" + ref + "/refunds", null).body();
    assertThat(refunds.size()).isEqualTo(2);
    assertThat(refunds.get(0).path("reference").asString()).isEqualTo(first.text("reference"));
    assertThat(merchant("GET", "/payments/" + ref, null).body().path("refunded").path("amount").decimalValue())
        .isEqualByComparingTo("20.00");
  }

  @Test
  void concurrentRefundsWithOneKeyMakeOneRefund() throws Exception {
    String ref = paid("ALIPAY", "20.00");
    int n = 20;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Api.Response>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        answers.add(pool.submit(() -> {
          go.await();
          return refund(ref, "same-key", "3.00", "USD");
        }));
      }
      go.countDown();
      List<Api.Response> responses = new ArrayList<>();
      for (Future<Api.Response> f : answers) {
        responses.add(f.get());
      }
      assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201);
      assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
      assertThat(responses).extracting(r -> r.text("reference")).containsOnly(responses.get(0).text("reference"));
    } finally {
      pool.shutdownNow();
    }
    assertThat(merchant("GET", "/payments/" + ref + "/refunds", null).body().size()).isEqualTo(1);
    assertThat(merchant("GET", "/payments/" + ref, null).body().path("refunded").path("amount").decimalValue())
        .isEqualByComparingTo("3.00");
  }

  @Test
  void refundsNeverExceedThePaymentNorPrecedeIt() {
    String unpaid = reference(create("DANA", "20.00", "USD"));
    assertThat(refund(unpaid, "k1", "1.00", "USD").code()).isEqualTo("TRADE_NOT_PAID");
    assertThat(refund(unpaid, "k1", "1.00", "USD").status()).isEqualTo(409);

    String ref = paid("DANA", "20.00");
    assertThat(refund(ref, "k1", "15.00", "USD").status()).isEqualTo(201);
    Api.Response tooMuch = refund(ref, "k2", "5.01", "USD");
    assertThat(tooMuch.status()).isEqualTo(409);
    assertThat(tooMuch.code()).isEqualTo("REFUND_EXCEEDS_PAYMENT");
    assertThat(refund(ref, "k3", "5.00", "USD").status()).isEqualTo(201);
    assertThat(refund(ref, "k4", "0.01", "USD").code()).isEqualTo("REFUND_EXCEEDS_PAYMENT");

    assertThat(refund(ref, "k5", "1.00", "EUR").code()).isEqualTo("INVALID_REQUEST");
    assertThat(refund("sbx_nope", "k6", "1.00", "USD").code()).isEqualTo("TRADE_NOT_EXIST");
    assertThat(refund("sbx_nope", "k6", "1.00", "USD").status()).isEqualTo(404);
    assertThat(merchant("GET", "/payments/sbx_nope/refunds", null).status()).isEqualTo(404);
  }

  @Test
  void refundRequestsAreValidated() {
    String ref = paid("CARD", "20.00");
    Map<String, Object> body = Map.of("amount", Map.of("amount", new java.math.BigDecimal("1.00"), "currency", "USD"));
    assertThat(merchant("POST", "/payments/" + ref + "/refunds", body).status()).isEqualTo(400); // no key
    assertThat(refund(ref, "x".repeat(65), "1.00", "USD").code()).isEqualTo("INVALID_REQUEST");
    assertThat(refund(ref, " ", "1.00", "USD").code()).isEqualTo("INVALID_REQUEST");
    assertThat(refund(ref, "k", "0", "USD").code()).isEqualTo("INVALID_REQUEST");
    assertThat(refund(ref, "k", "-1.00", "USD").code()).isEqualTo("INVALID_REQUEST");
    assertThat(refund(ref, "k", "1.00001", "USD").code()).isEqualTo("INVALID_REQUEST");
    assertThat(merchant("POST", "/payments/" + ref + "/refunds", "{\"amount\":", Map.of("Idempotency-Key", "k"))
        .code()).isEqualTo("INVALID_REQUEST");
    assertThat(merchant("GET", "/payments/" + ref + "/refunds", null).body().size()).isZero();
  }

  // ---- outage modes ----

  @Test
  void failingMethodFailsPaymentsAndRefunds() throws Exception {
    String paidBefore = paid("WECHAT_PAY", "20.00");
    assertThat(refund(paidBefore, "before", "1.00", "USD").status()).isEqualTo(201);
    method("WECHAT_PAY", Map.of("mode", "FAILING"));

    Api.Response created = create("WECHAT_PAY", "9.00", "USD");
    assertThat(created.status()).isEqualTo(201);
    String ref = created.text("reference");
    Api.Response succeeded = buyer(ref, "succeed", null);
    assertThat(succeeded.status()).isEqualTo(200);
    assertThat(succeeded.text("status")).isEqualTo("FAILED");
    assertThat(succeeded.text("failureCode")).isEqualTo("PROVIDER_ERROR");
    assertThat(merchant("GET", "/payments/" + ref, null).text("failureCode")).isEqualTo("PROVIDER_ERROR");
    JsonNode callback = receiver.expect(ref, 1).get(0).body();
    assertThat(callback.path("status").asString()).isEqualTo("FAILED");
    assertThat(callback.path("failureCode").asString()).isEqualTo("PROVIDER_ERROR");

    Api.Response refund = refund(paidBefore, "during", "1.00", "USD");
    assertThat(refund.status()).isEqualTo(500);
    assertThat(refund.code()).isEqualTo("REFUND_FAILED");
    // a retry of a refund made before the failure still answers what was made
    assertThat(refund(paidBefore, "before", "1.00", "USD").status()).isEqualTo(200);
    assertThat(merchant("GET", "/payments/" + paidBefore + "/refunds", null).body().size()).isEqualTo(1);

    // other methods are unaffected
    assertThat(buyer(reference(create("CARD", "1.00", "USD")), "succeed", null).text("status")).isEqualTo("SUCCEEDED");
  }

  @Test
  void downMethodRefusesCallsAndHoldsItsCallbacksUntilItIsBack() {
    String ref = reference(create("GOPAY", "20.00", "USD"));
    String other = reference(create("GOPAY", "20.00", "USD"));
    assertThat(buyer(ref, "succeed", Map.of("callbackDelay", "PT1S")).status()).isEqualTo(200);
    method("GOPAY", Map.of("mode", "DOWN"));

    Api.Response create = create("GOPAY", "20.00", "USD");
    assertThat(create.status()).isEqualTo(503);
    assertThat(create.code()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(merchant("GET", "/payments/" + ref, null).status()).isEqualTo(503);
    assertThat(merchant("POST", "/payments/" + other + "/close", null).status()).isEqualTo(503);
    assertThat(refund(ref, "k", "1.00", "USD").status()).isEqualTo(503);
    assertThat(merchant("GET", "/payments/" + ref + "/refunds", null).status()).isEqualTo(503);
    assertThat(buyer(other, "succeed", null).status()).isEqualTo(503);
    assertThat(create("OVO", "20.00", "USD").status()).isEqualTo(201);

    // a later callback of a method that is up, due half a second after the held one: once it has
    // arrived, the held one's time has passed on the same scheduler
    String marker = reference(create("CARD", "1.00", "USD"));
    buyer(marker, "succeed", Map.of("callbackDelay", "PT1.5S"));
    receiver.expect(marker, 1);
    assertThat(receiver.about(ref)).isEmpty();

    Instant back = Instant.now();
    method("GOPAY", Map.of("mode", "NORMAL"));
    Receiver.Callback callback = receiver.expect(ref, 1).get(0);
    assertThat(callback.at()).isAfterOrEqualTo(back);
    assertThat(callback.body().path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(callback.signature()).isEqualTo("v1=" + SandboxSignature.sign(SECRET, callback.timestamp(), callback.raw()));
    assertThat(merchant("GET", "/payments/" + other, null).text("status")).isEqualTo("PENDING");
  }

  @Test
  void slowMethodAnswersAndCallsBackLate() {
    Api.Response changed = method("OVO", Map.of("mode", "SLOW", "latency", "PT0.3S"));
    assertThat(changed.text("mode")).isEqualTo("SLOW");
    assertThat(changed.text("latency")).isEqualTo("PT0.3S");

    long started = System.nanoTime();
    String ref = reference(create("OVO", "20.00", "USD"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    started = System.nanoTime();
    merchant("GET", "/payments/" + ref, null);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

    Instant acted = Instant.now();
    buyer(ref, "succeed", null);
    Receiver.Callback callback = receiver.expect(ref, 1).get(0);
    assertThat(Duration.between(acted, callback.at())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  // ---- callbacks ----

  @Test
  void callbacksAreSignedAndDuplicatesShareTheEventId() {
    String ref = reference(create("CARD", "20.00", "USD"));
    buyer(ref, "succeed", Map.of("duplicateCallbacks", 2));
    List<Receiver.Callback> callbacks = receiver.expect(ref, 3);
    assertThat(callbacks).extracting(c -> c.body().path("eventId").asString()).containsOnly(
        callbacks.get(0).body().path("eventId").asString());
    assertThat(callbacks).extracting(c -> c.body().path("status").asString()).containsOnly("SUCCEEDED");
    for (Receiver.Callback c : callbacks) {
      assertThat(c.signature()).isEqualTo("v1=" + SandboxSignature.sign(SECRET, c.timestamp(), c.raw()));
      assertThat(Math.abs(c.timestamp() - Instant.now().getEpochSecond())).isLessThan(60);
    }
  }

  @Test
  void unacknowledgedCallbackComesAgainWithTheSameEvent() {
    receiver.refuseNext(1);
    String ref = reference(create("CARD", "20.00", "USD"));
    buyer(ref, "succeed", null);
    List<Receiver.Callback> callbacks = receiver.expect(ref, 2);
    assertThat(callbacks.get(0).raw()).isEqualTo(callbacks.get(1).raw());
  }

  @Test
  void reorderedCallbacksSendAStalePendingAfterTheOutcome() {
    String ref = reference(create("ALIPAY", "20.00", "USD"));
    buyer(ref, "succeed", Map.of("reorderCallbacks", true));
    List<Receiver.Callback> callbacks = receiver.expect(ref, 2);
    JsonNode outcome = callbacks.get(0).body();
    JsonNode stale = callbacks.get(1).body();
    assertThat(outcome.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(stale.path("status").asString()).isEqualTo("PENDING");
    assertThat(stale.path("eventId").asString()).isNotEqualTo(outcome.path("eventId").asString());
    assertThat(Instant.parse(stale.path("occurredAt").asString()))
        .isBefore(Instant.parse(outcome.path("occurredAt").asString()).plusMillis(1));

    // with duplicates: the outcome first, then its copies and the stale event's copies in any order
    String dup = reference(create("ALIPAY", "20.00", "USD"));
    buyer(dup, "fail", Map.of("reorderCallbacks", true, "duplicateCallbacks", 1));
    List<Receiver.Callback> all = receiver.expect(dup, 4);
    assertThat(all.get(0).body().path("status").asString()).isEqualTo("FAILED");
    assertThat(all).extracting(c -> c.body().path("status").asString())
        .containsExactlyInAnyOrder("FAILED", "FAILED", "PENDING", "PENDING");
    assertThat(all.stream().map(c -> c.body().path("eventId").asString()).distinct()).hasSize(2);
  }

  @Test
  void droppedCallbacksNeverCome() {
    String ref = reference(create("BANK_TRANSFER", "20.00", "USD"));
    assertThat(buyer(ref, "succeed", Map.of("dropCallbacks", true)).text("status")).isEqualTo("SUCCEEDED");
    // the dropped callback would have been due at once; a later one due 0.3 s after it has arrived
    String marker = reference(create("BANK_TRANSFER", "20.00", "USD"));
    buyer(marker, "succeed", Map.of("callbackDelay", "PT0.3S"));
    receiver.expect(marker, 1);
    assertThat(receiver.about(ref)).isEmpty();
    assertThat(merchant("GET", "/payments/" + ref, null).text("status")).isEqualTo("SUCCEEDED");
  }

  // ---- settings, methods, reset ----

  @Test
  void settingsAreTheDefaultsOfBuyerActions() {
    JsonNode defaults = merchant("GET", "/settings", null).body();
    assertThat(defaults.path("callbackDelay").asString()).isEqualTo("PT0S");
    assertThat(defaults.path("duplicateCallbacks").asInt()).isZero();
    assertThat(defaults.path("reorderCallbacks").asBoolean()).isFalse();
    assertThat(defaults.path("dropCallbacks").asBoolean()).isFalse();

    JsonNode changed = merchant("PUT", "/settings", Map.of("duplicateCallbacks", 1)).body();
    assertThat(changed.path("duplicateCallbacks").asInt()).isEqualTo(1);
    assertThat(changed.path("callbackDelay").asString()).isEqualTo("PT0S");
    String twice = reference(create("CARD", "1.00", "USD"));
    buyer(twice, "succeed", null);
    receiver.expect(twice, 2);

    merchant("PUT", "/settings", Map.of("dropCallbacks", true, "callbackDelay", "PT0.2S"));
    assertThat(merchant("GET", "/settings", null).body().path("duplicateCallbacks").asInt()).isEqualTo(1);
    String dropped = reference(create("CARD", "1.00", "USD"));
    buyer(dropped, "succeed", null);
    String told = reference(create("CARD", "1.00", "USD"));
    buyer(told, "fail", Map.of("dropCallbacks", false, "duplicateCallbacks", 0));
    assertThat(receiver.expect(told, 1)).hasSize(1);
    // due 0.3 s after told's callback arrived: later than a copy of told (50 ms after it) or of dropped
    String marker = reference(create("CARD", "1.00", "USD"));
    buyer(marker, "fail", Map.of("dropCallbacks", false, "duplicateCallbacks", 0, "callbackDelay", "PT0.3S"));
    receiver.expect(marker, 1);
    assertThat(receiver.about(dropped)).isEmpty();
    assertThat(receiver.about(told)).hasSize(1);

    reset();
    assertThat(merchant("GET", "/settings", null).body()).isEqualTo(defaults);
  }

  @Test
  void methodsAreListedChangedAndReset() {
    JsonNode methods = api.get("/sandbox/v1/methods", null).body();
    assertThat(methods.size()).isEqualTo(7);
    assertThat(methods.valueStream().map(m -> m.path("method").asString()))
        .containsExactly("CARD", "ALIPAY", "WECHAT_PAY", "GOPAY", "OVO", "DANA", "BANK_TRANSFER");
    assertThat(methods.valueStream().map(m -> m.path("mode").asString())).containsOnly("NORMAL");
    assertThat(methods.valueStream().map(m -> m.path("latency").asString())).containsOnly("PT3S");

    Api.Response slow = method("DANA", Map.of("mode", "SLOW", "latency", "PT1S"));
    assertThat(slow.status()).isEqualTo(200);
    assertThat(slow.text("method")).isEqualTo("DANA");
    assertThat(method("DANA", Map.of("mode", "DOWN")).text("latency")).isEqualTo("PT1S"); // partial change
    assertThat(api.get("/sandbox/v1/methods", null).body().get(5).path("mode").asString()).isEqualTo("DOWN");

    assertThat(method("BITCOIN", Map.of("mode", "DOWN")).code()).isEqualTo("INVALID_REQUEST");
    assertThat(method("DANA", Map.of("mode", "BROKEN")).code()).isEqualTo("INVALID_REQUEST");
    assertThat(method("DANA", Map.of("latency", "soon")).code()).isEqualTo("INVALID_REQUEST");
    assertThat(method("DANA", Map.of("latency", "-PT1S")).code()).isEqualTo("INVALID_REQUEST");

    Api.Response reset = merchant("POST", "/reset", null);
    assertThat(reset.body().path("methods").valueStream().map(m -> m.path("mode").asString())).containsOnly("NORMAL");
    assertThat(reset.body().path("settings").path("callbackDelay").asString()).isEqualTo("PT0S");
    assertThat(api.get("/sandbox/v1/methods", null).body().get(5).path("latency").asString()).isEqualTo("PT3S");
  }

  // ---- access and bad input ----

  @Test
  void merchantCallsNeedTheKey() {
    String ref = reference(create("CARD", "1.00", "USD"));
    Map<String, String> wrong = Map.of("X-Sandbox-Key", "guess");
    Map<String, Object> payment = paymentBody("CARD", "1.00", "USD");
    assertThat(api.send("POST", "/sandbox/v1/payments", null, payment, Map.of()).code()).isEqualTo("INVALID_MERCHANT_KEY");
    assertThat(api.send("POST", "/sandbox/v1/payments", null, payment, wrong).status()).isEqualTo(401);
    assertThat(api.send("GET", "/sandbox/v1/payments/" + ref, null, null, wrong).status()).isEqualTo(401);
    assertThat(api.send("POST", "/sandbox/v1/payments/" + ref + "/close", null, null, Map.of()).status()).isEqualTo(401);
    assertThat(api.send("POST", "/sandbox/v1/payments/" + ref + "/refunds", null,
        Map.of("amount", Map.of("amount", new java.math.BigDecimal("1.00"), "currency", "USD")), Map.of("Idempotency-Key", "k")).status())
        .isEqualTo(401);
    assertThat(api.send("GET", "/sandbox/v1/payments/" + ref + "/refunds", null, null, Map.of()).status()).isEqualTo(401);
    assertThat(api.send("GET", "/sandbox/v1/settings", null, null, Map.of()).status()).isEqualTo(401);
    assertThat(api.send("PUT", "/sandbox/v1/settings", null, Map.of("dropCallbacks", true), wrong).status())
        .isEqualTo(401);
    assertThat(api.send("PUT", "/sandbox/v1/methods/CARD", null, Map.of("mode", "DOWN"), Map.of()).status())
        .isEqualTo(401);
    assertThat(api.send("POST", "/sandbox/v1/reset", null, null, wrong).status()).isEqualTo(401);
    assertThat(merchant("GET", "/settings", null).body().path("dropCallbacks").asBoolean()).isFalse();
    assertThat(api.get("/sandbox/v1/methods", null).body().get(0).path("mode").asString()).isEqualTo("NORMAL");
    // the buyer's actions are the buyer's, at the provider: no merchant key
    assertThat(buyer(ref, "succeed", null).status()).isEqualTo(200);
  }

  @Test
  void badInputIsRefused() {
    assertThat(merchant("POST", "/payments", paymentBody("BITCOIN", "1.00", "USD")).code()).isEqualTo("INVALID_REQUEST");
    assertThat(merchant("POST", "/payments", paymentBody("CARD", "-1.00", "USD")).status()).isEqualTo(400);
    assertThat(merchant("POST", "/payments", paymentBody("CARD", "1.00", "usd")).status()).isEqualTo(400);
    assertThat(merchant("POST", "/payments", Map.of("method", "CARD")).status()).isEqualTo(400);
    assertThat(merchant("POST", "/payments", "{not json").code()).isEqualTo("INVALID_REQUEST");
    Map<String, Object> badUrl = new HashMap<>(paymentBody("CARD", "1.00", "USD"));
    badUrl.put("callbackUrl", "ftp://example.com/cb");
    assertThat(merchant("POST", "/payments", badUrl).status()).isEqualTo(400);

    String ref = reference(create("CARD", "1.00", "USD"));
    assertThat(buyer(ref, "fail", Map.of("failureCode", "PROVIDER_ERROR")).code()).isEqualTo("INVALID_REQUEST");
    assertThat(buyer(ref, "succeed", Map.of("failureCode", "DECLINED")).code()).isEqualTo("INVALID_REQUEST");
    assertThat(buyer(ref, "succeed", Map.of("callbackDelay", "soon")).code()).isEqualTo("INVALID_REQUEST");
    assertThat(buyer(ref, "succeed", Map.of("duplicateCallbacks", 11)).code()).isEqualTo("INVALID_REQUEST");
    assertThat(buyer(ref, "succeed", "{\"dropCallbacks\": ").code()).isEqualTo("INVALID_REQUEST");
    assertThat(merchant("PUT", "/settings", Map.of("duplicateCallbacks", -1)).code()).isEqualTo("INVALID_REQUEST");
    assertThat(merchant("PUT", "/settings", Map.of("callbackDelay", "PT2H")).code()).isEqualTo("INVALID_REQUEST");
    // nothing of that changed the payment
    assertThat(merchant("GET", "/payments/" + ref, null).text("status")).isEqualTo("PENDING");
    assertThat(buyer("sbx_nope", "succeed", null).code()).isEqualTo("TRADE_NOT_EXIST");
    assertThat(merchant("GET", "/payments/sbx_nope", null).status()).isEqualTo(404);
  }

  @Test
  void payPageShowsTheStateAndOffersTheBuyersChoices() {
    method("GOPAY", Map.of("mode", "SLOW", "latency", "PT0S"));
    String ref = reference(create("GOPAY", "20.00", "USD"));
    String page = api.send("GET", "/sandbox/v1/payments/" + ref + "/page", null, null, Map.of()).raw().body();
    assertThat(page).contains(ref, "GOPAY", "SLOW", "20.00", "PENDING", ">Pay<", ">Decline<", ">Insufficient funds<",
        "INSUFFICIENT_FUNDS");

    buyer(ref, "succeed", null);
    refund(ref, "page", "2.50", "USD");
    page = api.send("GET", "/sandbox/v1/payments/" + ref + "/page", null, null, Map.of()).raw().body();
    assertThat(page).contains("SUCCEEDED", "2.50", "disabled");
    String failed = reference(create("GOPAY", "1.00", "USD"));
    buyer(failed, "fail", Map.of("failureCode", "INSUFFICIENT_FUNDS"));
    assertThat(api.send("GET", "/sandbox/v1/payments/" + failed + "/page", null, null, Map.of()).raw().body())
        .contains("<span id=\"failure-code\">INSUFFICIENT_FUNDS</span>");
    assertThat(api.send("GET", "/sandbox/v1/payments/sbx_nope/page", null, null, Map.of()).status()).isEqualTo(404);
  }

  // ---- helpers ----

  private Api.Response merchant(String method, String path, Object body) {
    return merchant(method, path, body, Map.of());
  }

  private Api.Response merchant(String method, String path, Object body, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("X-Sandbox-Key", SECRET);
    return api.send(method, "/sandbox/v1" + path, null, body, all);
  }

  private Map<String, Object> paymentBody(String method, String amount, String currency) {
    return Map.of("merchantReference", UUID.randomUUID().toString(), "method", method,
        "amount", Map.of("amount", new java.math.BigDecimal(amount), "currency", currency), "callbackUrl", receiver.url());
  }

  private Api.Response create(String method, String amount, String currency) {
    return merchant("POST", "/payments", paymentBody(method, amount, currency));
  }

  private static String reference(Api.Response created) {
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    return created.text("reference");
  }

  private String paid(String method, String amount) {
    String ref = reference(create(method, amount, "USD"));
    assertThat(buyer(ref, "succeed", Map.of("dropCallbacks", true)).text("status")).isEqualTo("SUCCEEDED");
    return ref;
  }

  private Api.Response buyer(String reference, String action, Object body) {
    return api.post("/sandbox/v1/payments/" + reference + "/" + action, null, body);
  }

  private Api.Response refund(String reference, String key, String amount, String currency) {
    return merchant("POST", "/payments/" + reference + "/refunds",
        Map.of("amount", Map.of("amount", new java.math.BigDecimal(amount), "currency", currency)), Map.of("Idempotency-Key", key));
  }

  private Api.Response method(String method, Map<String, Object> change) {
    return merchant("PUT", "/methods/" + method, change);
  }

  /** A merchant's callback endpoint: records what arrives, acknowledges it unless told to refuse. */
  static final class Receiver implements AutoCloseable {
    record Callback(JsonNode body, byte[] raw, long timestamp, String signature, Instant at) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Callback> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        Instant at = Instant.now();
        boolean refuse = refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        received.add(new Callback(Api.JSON.readTree(new String(raw, StandardCharsets.UTF_8)), raw,
            Long.parseLong(exchange.getRequestHeaders().getFirst("Sandbox-Timestamp")),
            exchange.getRequestHeaders().getFirst("Sandbox-Signature"), at));
        exchange.sendResponseHeaders(refuse ? 500 : 204, -1);
        exchange.close();
      });
      server.setExecutor(threads);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
    }

    void refuseNext(int n) {
      refusals.set(n);
    }

    List<Callback> about(String reference) {
      return received.stream().filter(c -> reference.equals(c.body().path("reference").asString())).toList();
    }

    /** Waits for exactly {@code n} callbacks about the payment, in order of arrival. */
    List<Callback> expect(String reference, int n) {
      await().atMost(Duration.ofSeconds(10)).until(() -> about(reference).size() >= n);
      List<Callback> found = about(reference);
      assertThat(found).hasSize(n);
      return found;
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }
}
