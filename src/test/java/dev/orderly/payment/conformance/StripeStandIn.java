package dev.orderly.payment.conformance;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.stripe.Stripe;
import dev.orderly.common.Money;
import dev.orderly.payment.provider.stripe.StripeAmounts;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe's API as its reference documents it (https://docs.stripe.com/api): Checkout Sessions
 * (create, retrieve, expire), PaymentIntents (retrieve) and Refunds (create), form-encoded requests
 * with {@code Idempotency-Key} (a key in use answers 409 {@code idempotency_key_in_use}, a finished
 * one replays its answer, other parameters under it answer 400), JSON answers and errors, and
 * webhooks signed {@code Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")}.
 */
public final class StripeStandIn extends StandIn {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  final String apiKey = "sk_test_" + random(12);
  final String webhookSecret = "whsec_" + random(16);

  private final Map<String, ObjectNode> sessions = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> intents = new ConcurrentHashMap<>();
  private final Map<String, List<ObjectNode>> refundsByIntent = new ConcurrentHashMap<>();
  /** Idempotency-Key → the request body it was first used with, and its answer once done. */
  private final Map<String, String> keyBodies = new ConcurrentHashMap<>();
  private final Map<String, ResponseDefinitionBuilder> keyAnswers = new ConcurrentHashMap<>();

  @Override
  public String provider() {
    return "stripe";
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("api-key", apiKey, "webhook-secret", webhookSecret, "api-base", baseUrl(), "read-timeout", "PT1S");
  }

  @Override
  protected ResponseDefinitionBuilder answer(Request request) {
    if (!("Bearer " + apiKey).equals(request.getHeader("Authorization"))) {
      return error(401, "invalid_request_error", null, "Invalid API Key provided");
    }
    String path = request.getUrl().split("\\?")[0];
    String[] parts = path.split("/");
    Map<String, String> form = form(request.getBodyAsString());
    String key = request.containsHeader("Idempotency-Key") ? request.getHeader("Idempotency-Key") : null;
    if (RequestMethod.POST.equals(request.getMethod()) && key != null) {
      String first = keyBodies.putIfAbsent(key, request.getBodyAsString());
      if (first != null) {
        ResponseDefinitionBuilder done = keyAnswers.get(key);
        if (!first.equals(request.getBodyAsString())) {
          return error(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same parameters");
        }
        return done != null ? done : error(409, "idempotency_error", "idempotency_key_in_use",
            "There is currently another in-progress request using this Idempotency Key");
      }
      ResponseDefinitionBuilder answer = post(parts, form);
      if (answer == null) {
        keyBodies.remove(key); // not saved: the request never started executing (Stripe's rule for 5xx before work)
        return error(500, "api_error", null, "An unknown error occurred");
      }
      keyAnswers.put(key, answer);
      return answer;
    }
    if (RequestMethod.POST.equals(request.getMethod())) {
      ResponseDefinitionBuilder answer = post(parts, form);
      return answer != null ? answer : error(500, "api_error", null, "An unknown error occurred");
    }
    if (parts.length == 5 && "sessions".equals(parts[3])) {
      ObjectNode session = sessions.get(parts[4]);
      return session == null ? missing("checkout.session", parts[4]) : json(200, session.toString());
    }
    if (parts.length == 4 && "payment_intents".equals(parts[2])) {
      ObjectNode intent = intents.get(parts[3]);
      return intent == null ? missing("payment_intent", parts[3]) : json(200, intent.toString());
    }
    return error(404, "invalid_request_error", "resource_missing", "Unrecognized request URL");
  }

  /** A POST's answer; null for a failure on Stripe's side before any work was done. */
  private ResponseDefinitionBuilder post(String[] parts, Map<String, String> form) {
    if (parts.length == 4 && "sessions".equals(parts[3])) {
      return json(200, createSession(form).toString());
    }
    if (parts.length == 6 && "expire".equals(parts[5])) {
      if (failCloses) {
        return null;
      }
      synchronized (this) {
        ObjectNode session = sessions.get(parts[4]);
        if (session == null) {
          return missing("checkout.session", parts[4]);
        }
        if (!"open".equals(session.path("status").asString())) {
          return error(400, "invalid_request_error", null,
              "Only Checkout Sessions with a status in [\"open\"] can be expired.");
        }
        session.put("status", "expired");
        return json(200, session.toString());
      }
    }
    if (parts.length == 3 && "refunds".equals(parts[2])) {
      pause(); // long enough for concurrent retries to find the key in use
      if (failRefunds) {
        return null;
      }
      return refund(form);
    }
    return error(404, "invalid_request_error", "resource_missing", "Unrecognized request URL");
  }

  private ObjectNode createSession(Map<String, String> form) {
    String id = "cs_test_" + random(24);
    ObjectNode session = JSON.createObjectNode();
    session.put("id", id);
    session.put("object", "checkout.session");
    session.put("amount_total", Long.parseLong(form.get("line_items[0][price_data][unit_amount]")));
    session.put("currency", form.get("line_items[0][price_data][currency]"));
    session.put("client_reference_id", form.get("client_reference_id"));
    session.put("expires_at", Long.parseLong(form.get("expires_at")));
    session.put("livemode", false);
    session.put("mode", form.get("mode"));
    session.putNull("payment_intent");
    session.putArray("payment_method_types").add(form.get("payment_method_types[0]"));
    session.put("payment_status", "unpaid");
    session.put("status", "open");
    session.put("success_url", form.get("success_url"));
    session.put("url", "https://checkout.stripe.com/c/pay/" + id);
    ObjectNode metadata = session.putObject("metadata");
    form.forEach((name, value) -> {
      if (name.startsWith("metadata[")) {
        metadata.put(name.substring(9, name.length() - 1), value);
      }
    });
    sessions.put(id, session);
    return session;
  }

  private synchronized ResponseDefinitionBuilder refund(Map<String, String> form) {
    String intentId = form.get("payment_intent");
    ObjectNode intent = intents.get(intentId);
    if (intent == null) {
      return missing("payment_intent", intentId);
    }
    long amount = Long.parseLong(form.getOrDefault("amount", intent.path("amount").asString()));
    List<ObjectNode> made = refundsByIntent.computeIfAbsent(intentId, i -> new ArrayList<>());
    long refunded = made.stream().mapToLong(r -> r.path("amount").asLong()).sum();
    if (refunded + amount > intent.path("amount").asLong()) {
      return error(400, "invalid_request_error", "amount_too_large",
          "Refund amount is greater than unrefunded amount on charge");
    }
    ObjectNode refund = JSON.createObjectNode();
    refund.put("id", "re_" + random(24));
    refund.put("object", "refund");
    refund.put("amount", amount);
    refund.put("currency", intent.path("currency").asString());
    refund.put("payment_intent", intentId);
    refund.put("status", "succeeded");
    ObjectNode metadata = refund.putObject("metadata");
    form.forEach((name, value) -> {
      if (name.startsWith("metadata[")) {
        metadata.put(name.substring(9, name.length() - 1), value);
      }
    });
    made.add(refund);
    return json(200, refund.toString());
  }

  @Override
  public synchronized void buyerPays(String reference) {
    ObjectNode session = sessions.get(reference);
    String intentId = "pi_" + random(24);
    ObjectNode intent = JSON.createObjectNode();
    intent.put("id", intentId);
    intent.put("object", "payment_intent");
    intent.put("amount", session.path("amount_total").asLong());
    intent.put("currency", session.path("currency").asString());
    intent.put("status", "succeeded");
    intents.put(intentId, intent);
    session.put("payment_intent", intentId);
    session.put("status", "complete");
    session.put("payment_status", "paid");
  }

  @Override
  public Notification paid(String reference) {
    return event("checkout.session.completed", reference, Instant.now());
  }

  @Override
  public Notification stalePaid(String reference) {
    // Stripe's SDK refuses a signature older than its tolerance, 300 s by default
    return event("checkout.session.completed", reference, Instant.now().minusSeconds(301));
  }

  @Override
  public Notification forgedPaid(String reference) {
    String body = eventBody("checkout.session.completed", reference);
    long t = Instant.now().getEpochSecond();
    return notification(body, "t=" + t + ",v1=" + hmac("whsec_" + random(16), t + "." + body));
  }

  @Override
  public Notification closed(String reference) {
    return event("checkout.session.expired", reference, Instant.now());
  }

  @Override
  public Notification tampered(Notification signed) {
    return signed.withBody(signed.body().replaceFirst("\"amount_total\":(\\d+)", "\"amount_total\":1$1"));
  }

  @Override
  public String expectedAnswer() {
    return "{\"received\":true}";
  }

  private Notification event(String type, String reference, Instant at) {
    return signed(eventBody(type, reference), at);
  }

  /** Signed as Stripe signs a webhook: {@code t=<seconds>,v1=<HMAC-SHA256 of "t.body">}. */
  private Notification signed(String body, Instant at) {
    long t = at.getEpochSecond();
    return notification(body, "t=" + t + ",v1=" + hmac(webhookSecret, t + "." + body));
  }

  private static Notification notification(String body, String signature) {
    return new Notification(Map.of("Stripe-Signature", signature), "application/json; charset=utf-8", body);
  }

  private String eventBody(String type, String reference) {
    ObjectNode session = sessions.get(reference).deepCopy();
    if ("checkout.session.completed".equals(type)) {
      // what Stripe sends once the buyer has paid, whether or not the stand-in's state says so
      session.put("status", "complete");
      session.put("payment_status", "paid");
    } else if ("checkout.session.expired".equals(type)) {
      session.put("status", "expired");
    }
    return envelope(type, session);
  }

  /** An Event of the given type around the object, as Stripe's API version of this SDK writes it. */
  private static String envelope(String type, ObjectNode object) {
    ObjectNode event = JSON.createObjectNode();
    event.put("id", "evt_" + random(24));
    event.put("object", "event");
    event.put("api_version", Stripe.API_VERSION);
    event.put("created", Instant.now().getEpochSecond());
    event.putObject("data").set("object", object);
    event.put("livemode", false);
    event.put("pending_webhooks", 1);
    ObjectNode request = event.putObject("request");
    request.putNull("id");
    request.putNull("idempotency_key");
    event.put("type", type);
    return event.toString();
  }

  /** {@code checkout.session.completed} for a session another integration on the account opened (no Orderly metadata). */
  public Notification foreignSessionCompleted() {
    ObjectNode session = JSON.createObjectNode();
    session.put("id", "cs_test_" + random(24));
    session.put("object", "checkout.session");
    session.put("amount_total", 990);
    session.put("currency", "usd");
    session.put("mode", "payment");
    session.put("payment_status", "paid");
    session.put("status", "complete");
    session.putObject("metadata");
    return signed(envelope("checkout.session.completed", session), Instant.now());
  }

  @Override
  public synchronized Notification refundFailedLater(String reference) {
    List<ObjectNode> made = refundsByIntent.get(sessions.get(reference).path("payment_intent").asString());
    ObjectNode refund = made.get(made.size() - 1).deepCopy();
    refund.put("status", "failed");
    refund.put("failure_reason", "expired_or_canceled_card");
    return signed(envelope("refund.updated", refund), Instant.now());
  }

  @Override
  public Opened opened(String reference) {
    ObjectNode session = sessions.get(reference);
    return new Opened(session.path("amount_total").asString(), Instant.ofEpochSecond(session.path("expires_at").asLong()));
  }

  @Override
  public String inProviderUnit(Money money) {
    return Long.toString(StripeAmounts.toStripe(money));
  }

  @Override
  public boolean closeRequested(String reference) {
    return requests().stream().anyMatch(r -> RequestMethod.POST.equals(r.getMethod())
        && r.getUrl().equals("/v1/checkout/sessions/" + reference + "/expire"));
  }

  @Override
  public List<String> refundsExecuted(String reference) {
    String intent = sessions.get(reference).path("payment_intent").asString();
    return refundsByIntent.getOrDefault(intent, List.of()).stream().map(r -> r.path("amount").asString()).toList();
  }

  @Override
  public List<String> refundKeysSent(String reference) {
    String intent = sessions.get(reference).path("payment_intent").asString();
    return requests().stream().filter(r -> RequestMethod.POST.equals(r.getMethod()) && r.getUrl().equals("/v1/refunds"))
        .filter(r -> intent.equals(form(r.getBodyAsString()).get("payment_intent")))
        .map(r -> r.getHeader("Idempotency-Key")).toList();
  }

  /** The request that created this session, as Stripe received it. */
  public LoggedRequest createRequest(String reference) {
    String attempt = sessions.get(reference).path("client_reference_id").asString();
    return requests().stream().filter(r -> r.getUrl().equals("/v1/checkout/sessions"))
        .filter(r -> attempt.equals(form(r.getBodyAsString()).get("client_reference_id"))).findFirst().orElseThrow();
  }

  private static ResponseDefinitionBuilder missing(String object, String id) {
    return error(404, "invalid_request_error", "resource_missing", "No such " + object + ": '" + id + "'");
  }

  private static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
    ObjectNode error = JSON.createObjectNode();
    ObjectNode e = error.putObject("error");
    e.put("type", type);
    if (code != null) {
      e.put("code", code);
    }
    e.put("message", message);
    return json(status, error.toString());
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String hmac(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
