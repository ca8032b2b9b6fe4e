package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.MovableClock;
import dev.orderly.support.OwnDatabase;
import dev.orderly.support.Shop;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The races of PRODUCT.md's cancellation rules, each run many times: exactly one side wins, the
 * other gets a 409 with a code, and the order, the request and the money agree with the winner.
 *
 * <p>Races against a timer put the clock just before its deadline instead of waiting a second
 * for it: an application of its own ({@link MovableClock}, its own database), closed after.
 */
@DirtiesContext
@Import(MovableClock.AppClock.class)
class CancellationRaceApiTest extends ApiTest {

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) {
    OwnDatabase.register(registry, "race");
  }

  @Autowired
  private MovableClock clock;

  @Autowired
  private ApplicationContext context;

  private static final Map<String, Object> SELLER_DECIDES = Map.of("freeCancelWindow", "PT0S",
      "cancellationWindow", "PT24H", "sellerResponseWindow", "PT48H", "cancellationFeePercent", 10);
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  @RepeatedTest(8)
  void approvalAgainstShipping() throws Exception {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    shop.process(order);
    UUID id = shop.requestCancellation(order, "CHANGED_MIND", null).id();

    List<Api.Response> r = race(() -> shop.act(id, "approve", shop.seller(), Map.of()), () -> shop.ship(order));
    Api.Response approve = r.get(0);
    Api.Response ship = r.get(1);
    assertThat(List.of(approve.status(), ship.status())).containsExactlyInAnyOrder(200, 409);
    if (approve.status() == 200) {
      assertThat(ship.code()).isEqualTo("ILLEGAL_ORDER_TRANSITION");
      assertThat(shop.status(order)).isEqualTo("CANCELLED");
      assertThat(shop.cancellation(id).path("status").asString()).isEqualTo("APPROVED");
      assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("18.00");
    } else {
      assertThat(approve.code()).isEqualTo("ILLEGAL_CANCELLATION_TRANSITION");
      assertThat(shop.status(order)).isEqualTo("SHIPPED");
      assertThat(shop.cancellation(id).path("status").asString()).isEqualTo("REJECTED");
      assertThat(shop.refunds(order)).isEmpty();
    }
  }

  @RepeatedTest(8)
  void approvalAgainstItsTimer() throws Exception {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT1S", "cancellationFeePercent", 0), "20.00", false);
    UUID order = shop.paidOrder();
    Api.Response request = shop.requestCancellation(order, "CHANGED_MIND", null);
    UUID id = request.id();
    Instant respondBy = Instant.parse(request.text("respondBy"));
    // answer at the very moment the timer is due (it is woken to read the clock, and acts at respondBy)
    clock.moveTo(respondBy.minusMillis(5), context);
    Api.Response approve = shop.act(id, "approve", shop.seller(), Map.of());
    await().atMost(Shop.WAIT).until(() -> "CANCELLED".equals(shop.status(order)));
    String status = shop.cancellation(id).path("status").asString();
    if (approve.status() == 200) {
      assertThat(status).isEqualTo("APPROVED");
    } else {
      assertThat(approve.status()).isEqualTo(409);
      assertThat(approve.code()).isIn("SELLER_RESPONSE_DEADLINE_PASSED", "ILLEGAL_CANCELLATION_TRANSITION");
      await().atMost(Shop.WAIT).until(() -> "AUTO_APPROVED".equals(shop.cancellation(id).path("status").asString()));
    }
    assertThat(shop.events(order, "CANCELLATION_CONFIRMED")).hasSize(1);
    assertThat(shop.events(order, "ORDER_CANCELLED")).hasSize(1);
    assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("20.00");
  }

  @RepeatedTest(8)
  void shippingAgainstTheTimer() throws Exception {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT1S", "cancellationFeePercent", 0), "20.00", false);
    UUID order = shop.paidOrder();
    shop.process(order);
    Api.Response request = shop.requestCancellation(order, "CHANGED_MIND", null);
    UUID id = request.id();
    Instant respondBy = Instant.parse(request.text("respondBy"));
    clock.moveTo(respondBy.minusMillis(5), context);
    Api.Response ship = shop.ship(order);
    JsonNode decided = shop.cancellation(id);
    if (ship.status() == 200) {
      // shipped in time: the seller's "no"
      assertThat(decided.path("status").asString()).isEqualTo("REJECTED");
      assertThat(Instant.parse(decided.path("decidedAt").asString())).isBefore(respondBy);
      assertThat(shop.refunds(order)).isEmpty();
    } else {
      // too late: the request is the timer's, approved, and the order never ships
      assertThat(ship.code()).isIn("SELLER_RESPONSE_DEADLINE_PASSED", "ILLEGAL_ORDER_TRANSITION");
      await().atMost(Shop.WAIT).until(() -> "AUTO_APPROVED".equals(shop.cancellation(id).path("status").asString()));
      assertThat(shop.status(order)).isEqualTo("CANCELLED");
      assertThat(shop.events(order, "ORDER_SHIPPED")).isEmpty();
      assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("20.00");
    }
  }

  @RepeatedTest(8)
  void withdrawalAgainstApproval() throws Exception {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    UUID id = shop.requestCancellation(order, "CHANGED_MIND", null).id();

    List<Api.Response> r = race(() -> shop.act(id, "withdraw", shop.buyer(), null),
        () -> shop.act(id, "approve", shop.seller(), Map.of()));
    assertThat(List.of(r.get(0).status(), r.get(1).status())).containsExactlyInAnyOrder(200, 409);
    Api.Response loser = r.get(0).status() == 409 ? r.get(0) : r.get(1);
    assertThat(loser.code()).isEqualTo("ILLEGAL_CANCELLATION_TRANSITION");
    JsonNode request = shop.cancellation(id);
    if (r.get(0).status() == 200) {
      assertThat(request.path("status").asString()).isEqualTo("WITHDRAWN");
      assertThat(shop.status(order)).isEqualTo("PAID");
      assertThat(shop.refunds(order)).isEmpty();
    } else {
      assertThat(request.path("status").asString()).isEqualTo("APPROVED");
      assertThat(shop.status(order)).isEqualTo("CANCELLED");
      assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("18.00");
    }
  }

  @RepeatedTest(8)
  void twoRequestsAtOnceMakeOneRequest() throws Exception {
    Shop shop = Shop.open(api, SELLER_DECIDES, "20.00", false);
    UUID order = shop.paidOrder();
    List<Api.Response> r = race(() -> shop.requestCancellation(order, "CHANGED_MIND", null),
        () -> shop.requestCancellation(order, "FOUND_CHEAPER", null));
    assertThat(List.of(r.get(0).status(), r.get(1).status())).containsExactlyInAnyOrder(201, 409);
    Api.Response loser = r.get(0).status() == 409 ? r.get(0) : r.get(1);
    assertThat(loser.code()).isEqualTo("CANCELLATION_ALREADY_REQUESTED");
    assertThat(api.get("/api/v1/orders/" + order + "/cancellations", shop.buyer().token()).body().size()).isEqualTo(1);
  }

  @RepeatedTest(8)
  void twoImmediateCancellationsAtOnceCancelAndRefundOnce() throws Exception {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT1H"), "20.00", false);
    UUID order = shop.paidOrder();
    List<Api.Response> r = race(() -> shop.requestCancellation(order, "CHANGED_MIND", null),
        () -> shop.requestCancellation(order, "DUPLICATE_ORDER", null));
    assertThat(List.of(r.get(0).status(), r.get(1).status())).containsExactlyInAnyOrder(201, 409);
    Api.Response loser = r.get(0).status() == 409 ? r.get(0) : r.get(1);
    assertThat(loser.code()).isEqualTo("ALREADY_CANCELLED");
    assertThat(shop.refundSucceeded(order).path("amount").path("amount").asString()).isEqualTo("20.00");
    assertThat(shop.events(order, "ORDER_CANCELLED")).hasSize(1);
    assertThat(shop.stock().path("available").asInt()).isEqualTo(50);
  }

  /** Runs both at the same moment and returns their answers in argument order. */
  @SafeVarargs
  private static List<Api.Response> race(Supplier<Api.Response>... sides) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Api.Response>> futures = java.util.Arrays.stream(sides).map(side -> POOL.submit(() -> {
      start.await();
      return side.get();
    })).toList();
    start.countDown();
    return futures.stream().map(f -> {
      try {
        return f.get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }
}
