package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.ErrorCode;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ErrorCatalogApiTest extends ApiTest {

  private static final String HAN = ".*\\p{IsHan}.*";

  @Test
  void catalogueListsEveryCodeInTheCallersLanguage() {
    Api.Principal buyer = api.buyer();
    Api.Response r = api.get("/api/v1/error-codes", buyer.token(), Map.of("Accept-Language", "zh-CN"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Language")).isEqualTo("zh-CN");
    assertThat(r.body().path("errors").size()).isEqualTo(ErrorCode.values().length);
    assertThat(r.body().path("paymentFailures").size()).isEqualTo(PaymentFailureCode.values().length);
    JsonNode limit = entry(r.body().path("errors"), "PAYMENT_LIMIT_EXCEEDED");
    assertThat(limit.path("status").asInt()).isEqualTo(422);
    for (String field : new String[] {"title", "meaning", "action"}) {
      assertThat(limit.path(field).asString()).as(field).matches(HAN);
    }
    assertThat(limit.path("action").asString()).contains("workingMethods");
    assertThat(entry(r.body().path("paymentFailures"), "INSUFFICIENT_FUNDS").path("action").asString()).matches(HAN);
  }

  @Test
  void catalogueNeedsAToken() {
    Api.Response r = api.get("/api/v1/error-codes", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void aCodesPageIsPublicInTheRequestedLanguage() {
    Api.Response english = api.get("/errors/RATE_LIMITED", null);
    assertThat(english.status()).isEqualTo(200);
    assertThat(english.body().path("code").asString()).isEqualTo("RATE_LIMITED");
    assertThat(english.body().path("status").asInt()).isEqualTo(429);
    assertThat(english.body().path("action").asString()).contains("Retry-After");

    Api.Response indonesian = api.get("/errors/RATE_LIMITED", null, Map.of("Accept-Language", "id"));
    assertThat(indonesian.header("Content-Language")).isEqualTo("id");
    assertThat(indonesian.body().path("title").asString()).isEqualTo("Terlalu banyak permintaan");

    // ?lang= wins over the header, so each language has its own link
    Api.Response chinese = api.get("/errors/RATE_LIMITED?lang=zh-CN", null, Map.of("Accept-Language", "id"));
    assertThat(chinese.header("Content-Language")).isEqualTo("zh-CN");
    assertThat(chinese.body().path("meaning").asString()).matches(HAN);

    Api.Response badLang = api.get("/errors/RATE_LIMITED?lang=fr", null);
    assertThat(badLang.status()).isEqualTo(400);
    assertThat(badLang.code()).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  void aProblemsTypeDereferencesToItsCode() {
    Api.Principal buyer = api.buyer();
    Api.Response problem = api.get("/api/v1/orders/" + UUID.randomUUID(), buyer.token(), Map.of("Accept-Language", "id"));
    assertThat(problem.code()).isEqualTo("ORDER_NOT_FOUND");

    Api.Response page = api.get(problem.text("type"), null, Map.of("Accept-Language", "id"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body().path("code").asString()).isEqualTo("ORDER_NOT_FOUND");
    assertThat(page.body().path("title").asString()).isEqualTo(problem.text("title"));
    assertThat(page.body().path("meaning").asString()).isEqualTo(problem.text("detail"));
  }

  @Test
  void anUnknownCodeIsANotFoundProblem() {
    Api.Response r = api.get("/errors/NO_SUCH_CODE", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.code()).isEqualTo("NOT_FOUND");
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }

  private static JsonNode entry(JsonNode list, String code) {
    return StreamSupport.stream(list.spliterator(), false)
        .filter(e -> code.equals(e.path("code").asString())).findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + code + " in " + list));
  }
}
