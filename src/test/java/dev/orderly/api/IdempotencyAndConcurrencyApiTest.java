package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class IdempotencyAndConcurrencyApiTest extends ApiTest {

  private Map<String, Object> items(UUID product, int quantity) {
    return Map.of("items", List.of(Map.of("productId", product.toString(), "quantity", quantity)));
  }

  @Test
  void sameKeySameBodyReturnsTheFirstResultOnce() {
    Api.Principal buyer = api.buyer();
    UUID product = api.product(api.seller(), "1.00", 10);
    Map<String, String> key = Map.of("Idempotency-Key", "k-" + UUID.randomUUID());
    Api.Response first = api.post("/api/v1/orders", buyer.token(), items(product, 2), key);
    Api.Response again = api.post("/api/v1/orders", buyer.token(), items(product, 2), key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(api.get("/api/v1/orders", buyer.token()).body().size()).isEqualTo(1);
    assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt()).isEqualTo(2);

    Api.Response reused = api.post("/api/v1/orders", buyer.token(), items(product, 3), key);
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt()).isEqualTo(2);

    // keys belong to their principal: another buyer's identical key is a new request
    Api.Principal other = api.buyer();
    assertThat(api.post("/api/v1/orders", other.token(), items(product, 2), key).id()).isNotEqualTo(first.id());
  }

  @Test
  void refusedRequestIsNotRememberedSoARetryIsEvaluatedAgain() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    UUID product = api.product(seller, "1.00", 1);
    Map<String, String> key = Map.of("Idempotency-Key", "retry-" + UUID.randomUUID());
    assertThat(api.post("/api/v1/orders", buyer.token(), items(product, 2), key).code()).isEqualTo("INSUFFICIENT_STOCK");
    assertThat(api.post("/api/v1/orders", buyer.token(), items(product, 2), key).code()).isEqualTo("INSUFFICIENT_STOCK");
    assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt()).isZero();
  }

  @Test
  void concurrentRequestsWithOneKeyCreateOneOrder() throws Exception {
    Api.Principal buyer = api.buyer();
    UUID product = api.product(api.seller(), "1.00", 100);
    Map<String, String> key = Map.of("Idempotency-Key", "race-" + UUID.randomUUID());
    List<Api.Response> responses = parallel(8, i -> api.post("/api/v1/orders", buyer.token(), items(product, 1), key));
    List<UUID> created = responses.stream().filter(r -> r.status() == 201).map(Api.Response::id).distinct().toList();
    assertThat(created).hasSize(1);
    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
    responses.stream().filter(r -> r.status() == 409)
        .forEach(r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_KEY_IN_PROGRESS"));
    assertThat(api.get("/api/v1/orders", buyer.token()).body().size()).isEqualTo(1);
    assertThat(api.productView(product, buyer).path("stock").path("reserved").asInt()).isEqualTo(1);
  }

  @Test
  void manyConcurrentBuyersNeverOversell() throws Exception {
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "9.99", 25);
    List<Api.Principal> buyers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      buyers.add(api.buyer());
    }
    List<Api.Response> responses = parallel(60, i -> api.placeOrder(buyers.get(i), product, 1));
    long sold = responses.stream().filter(r -> r.status() == 201).count();
    List<Api.Response> refused = responses.stream().filter(r -> r.status() != 201).toList();
    assertThat(sold).isEqualTo(25);
    assertThat(refused).hasSize(35).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.code()).isEqualTo("INSUFFICIENT_STOCK");
    });
    JsonNode stock = api.productView(product, seller).path("stock");
    assertThat(stock.path("available").asInt()).isZero();
    assertThat(stock.path("reserved").asInt()).isEqualTo(25);
  }

  private List<Api.Response> parallel(int n, java.util.function.IntFunction<Api.Response> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return call.apply(index);
        }));
      }
      start.countDown();
      List<Api.Response> out = new ArrayList<>();
      for (Future<Api.Response> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
