package dev.orderly.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A small real HTTP client for tests, with fixtures built through the public API only. */
public final class Api {
  public static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public Api(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  public record Response(int status, JsonNode body, HttpResponse<String> raw) {
    public String code() {
      return body == null ? null : body.path("code").asString(null);
    }

    public String text(String field) {
      return body.path(field).asString(null);
    }

    public UUID id() {
      return UUID.fromString(body.path("id").asString());
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /**
   * The path and query of a list answer's next page from its {@code Link: <…>; rel="next"} header
   * (RFC 8288), or null on the last page.
   */
  public String nextPage(Response r) {
    String link = r.header("Link");
    if (link == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"").matcher(link);
    if (!m.find()) {
      throw new AssertionError("no rel=next in Link: " + link);
    }
    URI next = URI.create(m.group(1));
    return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
  }

  /** Every item of a list, page after page through its Link headers (at most 1,000 pages). */
  public java.util.List<JsonNode> all(String path, String token) {
    java.util.List<JsonNode> items = new java.util.ArrayList<>();
    for (int pages = 0; path != null; pages++) {
      if (pages == 1000) {
        throw new AssertionError("more than 1,000 pages from " + path);
      }
      Response r = get(path, token);
      if (r.status() != 200) {
        throw new AssertionError(path + " answered " + r.status() + ": " + r.raw().body());
      }
      r.body().forEach(items::add);
      path = nextPage(r);
    }
    return items;
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, Map.of());
  }

  public Response get(String path, String token, Map<String, String> headers) {
    return send("GET", path, token, null, headers);
  }

  public Response post(String path, String token, Object body) {
    return send("POST", path, token, body, Map.of());
  }

  public Response post(String path, String token, Object body, Map<String, String> headers) {
    return send("POST", path, token, body, headers);
  }

  public Response put(String path, String token, Object body) {
    return send("PUT", path, token, body, Map.of());
  }

  /** Sends a body as is: a String is sent raw (for malformed JSON), anything else as JSON. */
  public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      Map<String, String> sent = new LinkedHashMap<>(headers);
      if (token != null) {
        sent.put("Authorization", "Bearer " + token);
      }
      String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      if (text != null && sent.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
        sent.put("Content-Type", "application/json");
      }
      sent.forEach(b::header);
      b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      // every answer is held to the API document the server serves
      ApiContract.of(base).check(method, path, sent, text, r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(null), r.body());
      JsonNode node = null;
      if (r.body() != null && !r.body().isBlank() && r.headers().firstValue("Content-Type").orElse("").contains("json")) {
        node = JSON.readTree(r.body());
      }
      return new Response(r.statusCode(), node, r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- the sandbox provider's controls (merchant key = the shared sandbox secret) ----

  public static final String SANDBOX_KEY = "sandbox-demo-secret";

  public Response sandbox(String method, String path, Object body) {
    return send(method, "/sandbox/v1" + path, null, body, Map.of("X-Sandbox-Key", SANDBOX_KEY));
  }

  /** Puts a payment method of the sandbox into a mode: NORMAL, DOWN, SLOW or FAILING. */
  public void sandboxMode(String paymentMethod, String mode) {
    Response r = sandbox("PUT", "/methods/" + paymentMethod, Map.of("mode", mode));
    if (r.status() != 200) {
      throw new IllegalStateException("cannot set sandbox mode: " + r.raw().body());
    }
  }

  public void sandboxReset() {
    Response r = sandbox("POST", "/reset", null);
    if (r.status() / 100 != 2) {
      throw new IllegalStateException("cannot reset sandbox: " + r.raw().body());
    }
  }

  /** The buyer's action at the provider: "succeed" or "fail", with optional callback behaviour. */
  public Response pay(String providerReference, String action, Map<String, Object> options) {
    return post("/sandbox/v1/payments/" + providerReference + "/" + action, null, options);
  }

  // ---- fixtures through the public API ----

  public record Principal(UUID id, String name, String token) {}

  public Principal principal(String role, String locale) {
    return principal(role, locale, null);
  }

  /** A principal with an email address (notifications by email), or without one when null. */
  public Principal principal(String role, String locale, String email) {
    String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "role", role, "locale", locale));
    if (email != null) {
      body.put("email", email);
    }
    Response r = post("/api/v1/admin/principals", ApiTest.ADMIN_TOKEN, body);
    if (r.status() != 201) {
      throw new IllegalStateException("cannot create principal: " + r.raw().body());
    }
    return new Principal(r.id(), name, r.text("token"));
  }

  public Principal buyer() {
    return principal("BUYER", "en");
  }

  public Principal seller() {
    return principal("SELLER", "en");
  }

  public Principal support() {
    return principal("SUPPORT", "en");
  }

  public void policy(Principal seller, Map<String, Object> changes) {
    Response r = put("/api/v1/sellers/me/policy", seller.token(), changes);
    if (r.status() != 200) {
      throw new IllegalStateException("cannot set policy: " + r.raw().body());
    }
  }

  public UUID product(Principal seller, String price, int stock) {
    return product(seller, price, "USD", stock, false);
  }

  public UUID product(Principal seller, String price, String currency, int stock, boolean digital) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 8));
    body.put("title", "Test product");
    body.put("price", Map.of("amount", price, "currency", currency));
    body.put("stock", stock);
    body.put("digital", digital);
    Response r = post("/api/v1/products", seller.token(), body);
    if (r.status() != 201) {
      throw new IllegalStateException("cannot create product: " + r.raw().body());
    }
    return r.id();
  }

  public Response placeOrder(Principal buyer, UUID product, int quantity) {
    return post("/api/v1/orders", buyer.token(),
        Map.of("items", java.util.List.of(Map.of("productId", product.toString(), "quantity", quantity))));
  }

  public JsonNode productView(UUID product, Principal anyone) {
    return get("/api/v1/products/" + product, anyone.token()).body();
  }

  public JsonNode order(UUID order, Principal viewer) {
    return get("/api/v1/orders/" + order, viewer.token()).body();
  }
}
