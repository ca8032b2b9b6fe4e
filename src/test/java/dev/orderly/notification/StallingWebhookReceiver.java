package dev.orderly.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderly.support.Api;
import dev.orderly.support.StandardWebhooks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver in the test JVM that checks each request the way a Standard Webhooks receiver
 * would (HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the decoded secret, timestamp within
 * 5 minutes; computed here independently of the production signer). While stalling, every request
 * hangs (up to 60 s) without an answer, so the sender is mid-send when the process dies; after
 * {@link #answerNow()} every request is answered 204 at once and recorded as delivered.
 */
final class StallingWebhookReceiver implements AutoCloseable {

  /** One request: its headers' id, the body's type, orderId and notificationId, and whether it verified. */
  record Received(String webhookId, String type, String orderId, String notificationId, boolean verified,
      long atNanos) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "webhook-receiver");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean stalling = true;
  private volatile String secret;
  /** Requests that arrived while stalling (none of them was answered with 2xx). */
  final List<Received> stalled = new CopyOnWriteArrayList<>();
  /** Requests answered 204 (the answer was written). */
  final List<Received> delivered = new CopyOnWriteArrayList<>();

  StallingWebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads); // one thread per request: a stalled one must not hold up the others
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/orderly";
  }

  void secret(String secret) {
    this.secret = secret;
  }

  /** From now on every request is answered 204 at once; the stalled ones are let go (their sender is gone). */
  void answerNow() {
    stalling = false;
    release.countDown();
  }

  /** Stalled requests that arrived less than {@code withinNanos} ago: their sender is still waiting for an answer. */
  long stalledSince(long withinNanos) {
    long now = System.nanoTime();
    return stalled.stream().filter(r -> now - r.atNanos() < withinNanos).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      var h = exchange.getRequestHeaders();
      Received r = parse(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
          new String(body, StandardCharsets.UTF_8));
      if (stalling) {
        stalled.add(r);
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(503, -1); // the sender was killed meanwhile: this goes nowhere
        return;
      }
      exchange.sendResponseHeaders(204, -1);
      delivered.add(r);
    } finally {
      exchange.close();
    }
  }

  private Received parse(String id, String timestamp, String signature, String body) {
    String type = null;
    String orderId = null;
    String notificationId = null;
    try {
      JsonNode json = Api.JSON.readTree(body);
      type = json.path("type").asString(null);
      orderId = json.path("data").path("orderId").asString(null);
      notificationId = json.path("data").path("notificationId").asString(null);
    } catch (RuntimeException e) {
      // not JSON: recorded as unverifiable
    }
    return new Received(id, type, orderId, notificationId, verifies(id, timestamp, signature, body),
        System.nanoTime());
  }

  private boolean verifies(String id, String timestamp, String signature, String body) {
    return StandardWebhooks.verifies(secret, id, timestamp, signature, body);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
