package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OperationsApiTest extends ApiTest {

  @Test
  void healthIsUp() {
    Api.Response health = api.get("/actuator/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("status")).isEqualTo("UP");
  }

  @Test
  void prometheusShowsOrderCountersAndDeadlineLateness() {
    Api.Principal seller = api.seller();
    api.policy(seller, Map.of("paymentWindow", "PT1S"));
    Api.Principal buyer = api.buyer();
    UUID order = api.placeOrder(buyer, api.product(seller, "1.00", 1), 1).id();
    await().atMost(Duration.ofSeconds(5)).until(() -> "CANCELLED".equals(api.order(order, buyer).path("status").asString()));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      String metrics = api.get("/actuator/prometheus", null).raw().body();
      assertThat(metrics).contains("orderly_orders_placed_total", "orderly_orders_paid_total",
          "orderly_orders_expired_total", "orderly_deadline_lateness_seconds_bucket");
      assertThat(metric(metrics, "orderly_orders_expired_total")).isGreaterThanOrEqualTo(1.0);
    });
  }

  @Test
  void openApiDocumentAndUiAreServed() {
    Api.Response docs = api.get("/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().path("paths").has("/api/v1/orders")).isTrue();
    assertThat(docs.body().path("paths").has("/api/v1/orders/{id}/timeline")).isTrue();
    assertThat(api.send("GET", "/swagger-ui/index.html", null, null, Map.of()).status()).isEqualTo(200);
  }

  private static double metric(String exposition, String name) {
    return exposition.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
