package dev.orderly.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/** One unpaid order of a fresh seller and buyer, with shortcuts to pay it and read what happened. */
public record PaymentFixture(Api api, Api.Principal seller, Api.Principal buyer, UUID product, UUID order) {

  public static PaymentFixture order(Api api, String paymentWindow, String price) {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    api.policy(seller, Map.of("paymentWindow", paymentWindow));
    UUID product = api.product(seller, price, 5);
    return new PaymentFixture(api, seller, buyer, product, api.placeOrder(buyer, product, 1).id());
  }

  public Api.Response start(String method) {
    return api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", method));
  }

  /** Starts an attempt that must be accepted and returns its provider reference. */
  public String startedReference(String method) {
    Api.Response r = start(method);
    if (r.status() != 201) {
      throw new IllegalStateException("attempt refused: " + r.raw().body());
    }
    return r.text("providerReference");
  }

  public JsonNode view() {
    return api.order(order, buyer);
  }

  public String status() {
    return view().path("status").asString();
  }

  public List<JsonNode> attempts() {
    return list(api.get("/api/v1/orders/" + order + "/payments", buyer.token()).body());
  }

  public JsonNode attempt(String providerReference) {
    return attempts().stream().filter(a -> a.path("providerReference").asString().equals(providerReference))
        .findFirst().orElseThrow();
  }

  public List<JsonNode> refunds() {
    return list(api.get("/api/v1/orders/" + order + "/refunds", buyer.token()).body());
  }

  public List<JsonNode> events(String type) {
    JsonNode events = api.get("/api/v1/orders/" + order + "/timeline", buyer.token()).body().path("events");
    return list(events).stream().filter(e -> e.path("type").asString().equals(type)).toList();
  }

  /** The provider's own view of a payment (status, refunded amount). */
  public JsonNode atProvider(String providerReference) {
    return api.sandbox("GET", "/payments/" + providerReference, null).body();
  }

  public static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
