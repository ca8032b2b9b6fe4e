package dev.orderly.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal HTTP/1.1 client for the benchmarks, talking to 127.0.0.1 only, with the fixtures the
 * benchmarks need built through the public API (admin principals, seller policy, products).
 */
final class BenchHttp {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final HttpClient http;

  BenchHttp(String base) {
    if (!base.startsWith("http://127.0.0.1:") && !base.startsWith("http://localhost:")) {
      throw new IllegalArgumentException("benchmarks only talk to the loopback address, not " + base);
    }
    this.base = base;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "bench-http");
          t.setDaemon(true);
          return t;
        }))
        .build();
  }

  String base() {
    return base;
  }

  record Response(int status, String body) {
    JsonNode json() {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    }
  }

  HttpRequest request(String method, String path, String token, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
    }
    return b.build();
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response send(String method, String path, String token, Object body) {
    return send(request(method, path, token, body));
  }

  private JsonNode expect(Response r, int status, String what) {
    if (r.status() != status) {
      throw new IllegalStateException(what + ": HTTP " + r.status() + " " + r.body());
    }
    return r.json();
  }

  // ---- fixtures ----

  record Principal(UUID id, String name, String token) {}

  Principal principal(String adminToken, String name, String role) {
    JsonNode n = expect(send("POST", "/api/v1/admin/principals", adminToken,
        Map.of("name", name, "role", role, "locale", "en")), 201, "create " + role + " " + name);
    return new Principal(UUID.fromString(n.path("id").asString()), name, n.path("token").asString());
  }

  void paymentWindow(Principal seller, Duration window) {
    expect(send("PUT", "/api/v1/sellers/me/policy", seller.token(), Map.of("paymentWindow", window.toString())), 200,
        "set policy");
  }

  UUID product(Principal seller, String sku, int stock) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sku", sku);
    body.put("title", "Bench product " + sku);
    body.put("price", Map.of("amount", "10.00", "currency", "USD"));
    body.put("stock", stock);
    JsonNode n = expect(send("POST", "/api/v1/products", seller.token(), body), 201, "create product " + sku);
    return UUID.fromString(n.path("id").asString());
  }

  /** One seller with a long payment window and {@code products} products of {@code stock} each, plus buyers. */
  record Shop(Principal seller, List<UUID> products, List<Principal> buyers) {}

  Shop shop(String adminToken, String tag, int products, int stock, int buyers, Duration paymentWindow) {
    Principal seller = principal(adminToken, "bench-seller-" + tag, "SELLER");
    paymentWindow(seller, paymentWindow);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < products; i++) {
      ids.add(product(seller, "BENCH-" + tag + "-" + i, stock));
    }
    List<Principal> bs = new ArrayList<>();
    for (int i = 0; i < buyers; i++) {
      bs.add(principal(adminToken, "bench-buyer-" + tag + "-" + i, "BUYER"));
    }
    return new Shop(seller, ids, bs);
  }

  static String orderBody(UUID product, int quantity) {
    return "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":" + quantity + "}]}";
  }
}
