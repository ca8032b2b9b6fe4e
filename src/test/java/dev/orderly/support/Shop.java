package dev.orderly.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A seller with a policy and a product, a buyer, and shortcuts to move an order of theirs along. */
public record Shop(Api api, Api.Principal seller, Api.Principal buyer, UUID product) {

  public static final Duration WAIT = Duration.ofSeconds(20);

  public static Shop open(Api api, Map<String, Object> policy, String price, boolean digital) {
    Api.Principal seller = api.seller();
    if (!policy.isEmpty()) {
      api.policy(seller, policy);
    }
    UUID product = api.product(seller, price, "USD", 50, digital);
    return new Shop(api, seller, api.buyer(), product);
  }

  public UUID placeOrder() {
    return api.placeOrder(buyer, product, 1).id();
  }

  /** Pays an order through the sandbox provider and waits until Orderly has it as paid. */
  public void pay(UUID order) {
    Api.Response attempt = api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", "CARD"));
    if (attempt.status() != 201) {
      throw new IllegalStateException("cannot pay: " + attempt.raw().body());
    }
    api.pay(attempt.text("providerReference"), "succeed", null);
    await().atMost(WAIT).until(() -> "PAID".equals(status(order)));
  }

  public UUID paidOrder() {
    UUID order = placeOrder();
    pay(order);
    return order;
  }

  public void process(UUID order) {
    expect(api.post("/api/v1/orders/" + order + "/process", seller.token(), null), 200);
  }

  public Api.Response ship(UUID order) {
    return api.post("/api/v1/orders/" + order + "/ship", seller.token(),
        Map.of("carrier", "JNE", "trackingNumber", "JNE-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  /** Asks to cancel as a buyer's client does: shows the eligibility answer, accepts its fee, confirms. */
  public Api.Response requestCancellation(UUID order, String reason, String note) {
    JsonNode shown = eligibility(order).body();
    return requestCancellation(order, reason, note, shown == null || !shown.has("fee") ? null
        : Map.of("amount", shown.path("fee").path("amount").asString(),
            "currency", shown.path("fee").path("currency").asString()));
  }

  /** Asks to cancel having accepted {@code acceptedFee} (money as JSON; null: none). */
  public Api.Response requestCancellation(UUID order, String reason, String note, Map<String, String> acceptedFee) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    if (note != null) {
      body.put("note", note);
    }
    if (acceptedFee != null) {
      body.put("acceptedFee", acceptedFee);
    }
    return api.post("/api/v1/orders/" + order + "/cancellations", buyer.token(), body);
  }

  public Api.Response eligibility(UUID order) {
    return api.get("/api/v1/orders/" + order + "/cancellation-eligibility", buyer.token());
  }

  public Api.Response act(UUID cancellation, String action, Api.Principal who, Object body) {
    return api.post("/api/v1/cancellations/" + cancellation + "/" + action, who.token(), body);
  }

  public JsonNode cancellation(UUID cancellation) {
    return api.get("/api/v1/cancellations/" + cancellation, buyer.token()).body();
  }

  public JsonNode order(UUID order) {
    return api.order(order, buyer);
  }

  public String status(UUID order) {
    return order(order).path("status").asString();
  }

  public List<JsonNode> refunds(UUID order) {
    return PaymentFixture.list(api.get("/api/v1/orders/" + order + "/refunds", buyer.token()).body());
  }

  public List<JsonNode> events(UUID order, String type) {
    JsonNode events = api.get("/api/v1/orders/" + order + "/timeline", buyer.token()).body().path("events");
    return PaymentFixture.list(events).stream().filter(e -> e.path("type").asString().equals(type)).toList();
  }

  public JsonNode stock() {
    return api.productView(product, buyer).path("stock");
  }

  /** Waits until the order has exactly one refund and it succeeded; returns it. */
  public JsonNode refundSucceeded(UUID order) {
    await().atMost(WAIT).until(() -> refunds(order).size() == 1
        && "SUCCEEDED".equals(refunds(order).get(0).path("status").asString()));
    return refunds(order).get(0);
  }

  private static void expect(Api.Response r, int status) {
    if (r.status() != status) {
      throw new IllegalStateException("expected " + status + ": " + r.raw().body());
    }
  }
}
