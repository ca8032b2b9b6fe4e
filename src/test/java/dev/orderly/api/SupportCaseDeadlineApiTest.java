package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Cases;
import dev.orderly.support.MovableClock;
import dev.orderly.support.OwnDatabase;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.Shop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The first-response deadline of support cases (API.md, Support cases): support's list is ordered by
 * it, a late case is marked {@code overdue} and counted once in
 * {@code orderly_support_first_response_breaches_total}, and a case answered in time never is.
 * An application and database of its own, so that the metric and the list hold only this test's
 * cases; a {@link MovableClock} reaches the day-long deadlines.
 */
@DirtiesContext
@Import(MovableClock.AppClock.class)
class SupportCaseDeadlineApiTest extends ApiTest {

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) {
    OwnDatabase.register(registry, "case_deadlines");
  }

  @Autowired
  private MovableClock clock;

  @Test
  void supportsListIsOrderedByFirstResponseDueAndOnlyLateCasesAreMarkedAndCounted() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    Api.Principal support = api.support();
    double breachesBefore = breaches();
    assertThat(breachesBefore).isZero();
    UUID first = open(shop, shop.placeOrder());
    advance(Duration.ofHours(1));
    Shop other = Shop.open(api, Map.of(), "12.00", false);
    UUID answered = open(other, other.placeOrder());
    advance(Duration.ofHours(1));
    Shop third = Shop.open(api, Map.of(), "12.00", false);
    UUID late = open(third, third.placeOrder());

    List<UUID> queue = Cases.ids(api.all("/api/v1/cases?status=OPEN&limit=1", support.token()));
    assertThat(queue).containsExactly(first, answered, late);
    write(answered, support, "On it.", false, 200); // in time
    advance(Duration.ofHours(23).plusMinutes(30)); // first is past due, late not yet
    await().atMost(Shop.WAIT).until(() -> breaches() - breachesBefore >= 1);
    assertThat(overdue(first, support)).isTrue();
    assertThat(overdue(answered, support)).isFalse();
    assertThat(overdue(late, support)).isFalse();
    api.post("/api/v1/cases/" + first + "/solve", support.token(), Map.of("note", "late but solved"));
    advance(Duration.ofHours(2));
    await().atMost(Shop.WAIT).until(() -> breaches() - breachesBefore >= 2);
    assertThat(overdue(late, support)).isTrue();
    assertThat(overdue(first, support)).as("answered late stays marked").isTrue();
    assertThat(overdue(answered, support)).as("answered in time is never marked").isFalse();
    // counted once each, never for the case answered in time: its due time came before the late case's, and
    // the notices are taken in due order, so it would have been counted by now
    assertThat(breaches() - breachesBefore).isEqualTo(2.0);
    assertThat(Cases.types(api.get("/api/v1/cases/" + first, support.token()).body().path("timeline")))
        .containsOnlyOnce("CASE_FIRST_RESPONSE_OVERDUE");
    assertThat(Cases.types(api.get("/api/v1/cases/" + answered, support.token()).body().path("timeline")))
        .doesNotContain("CASE_FIRST_RESPONSE_OVERDUE");
  }

  private UUID open(Shop shop, UUID order) {
    return Cases.open(api, shop, order, "PAYMENT_PROBLEM", "I paid but the order says unpaid.");
  }

  private void write(UUID id, Api.Principal who, String body, boolean internal, int expected) {
    Cases.write(api, id, who, body, internal, expected);
  }


  private boolean overdue(UUID id, Api.Principal support) {
    return api.all("/api/v1/cases", support.token()).stream().filter(c -> c.path("id").asString().equals(id.toString()))
        .findFirst().orElseThrow().path("overdue").asBoolean();
  }

  private double breaches() {
    String metrics = api.send("GET", "/actuator/prometheus", null, null, Map.of()).raw().body();
    return metrics.lines().filter(l -> l.startsWith("orderly_support_first_response_breaches_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private void advance(Duration by) {
    clock.advance(by);
  }
}
