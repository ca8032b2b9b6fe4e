package dev.orderly.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Support cases through the public API, for the case tests. */
public final class Cases {
  private Cases() {}

  /** The shop's buyer opens a case on the order; asserts the 201 and answers the case's id. */
  public static UUID open(Api api, Shop shop, UUID order, String topic, String message) {
    Api.Response r = api.post("/api/v1/orders/" + order + "/cases", shop.buyer().token(),
        Map.of("topic", topic, "message", message));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.id();
  }

  /** Writes on a case and asserts the status answered. */
  public static Api.Response write(Api api, UUID id, Api.Principal who, String body, boolean internal, int expected) {
    Api.Response r = api.post("/api/v1/cases/" + id + "/messages", who.token(), Map.of("body", body, "internal", internal));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(expected);
    return r;
  }

  /** The ids of a list's items, in order. */
  public static List<UUID> ids(List<JsonNode> items) {
    return items.stream().map(n -> UUID.fromString(n.path("id").asString())).toList();
  }

  /** The types of a timeline's events, in order. */
  public static List<String> types(JsonNode events) {
    return PaymentFixture.list(events).stream().map(e -> e.path("type").asString()).toList();
  }
}
