package dev.orderly.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One webhook POST against a real HTTP server on a loopback port: the Standard Webhooks headers
 * and body, what counts as delivered and what as failed (with the status code and answer text the
 * delivery log shows), no redirects followed, the answer read only up to its limit, the whole
 * exchange bounded, refused targets not contacted, connections kept alive between sends.
 */
class WebhookChannelTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private record Seen(String method, String path, String id, String timestamp, String signature, String contentType,
      String userAgent, String body, int clientPort) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private HttpServer server;
  private String base;
  private final List<WebhookChannel> channels = new ArrayList<>();
  private WebhookChannel channel;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::answer);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    // a generous limit, so that a slow machine fails no test but the one about the limit
    channel = channel(true, Duration.ofSeconds(60));
  }

  /** A channel closed after the test; {@code privateTargets}: whether loopback addresses may be sent to. */
  private WebhookChannel channel(boolean privateTargets, Duration limit) {
    WebhookChannel c = new WebhookChannel(new WebhookUrls(privateTargets, InetAddress::getAllByName), limit);
    channels.add(c);
    return c;
  }

  @AfterEach
  void stop() {
    // released first: a graceful close waits for sends still under way
    release.countDown();
    channels.forEach(WebhookChannel::close);
    server.stop(0);
    threads.shutdownNow();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var h = exchange.getRequestHeaders();
    String path = exchange.getRequestURI().getPath();
    seen.add(new Seen(exchange.getRequestMethod(), path, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
        h.getFirst("webhook-signature"), h.getFirst("Content-Type"), h.getFirst("User-Agent"), body,
        exchange.getRemoteAddress().getPort()));
    switch (path) {
      case "/ok" -> exchange.sendResponseHeaders(204, -1);
      case "/error" -> reply(exchange, 500, "  the receiver broke  ".getBytes(StandardCharsets.UTF_8));
      case "/redirect" -> {
        exchange.getResponseHeaders().add("Location", base + "/ok");
        exchange.sendResponseHeaders(302, -1);
      }
      case "/big-ok" -> reply(exchange, 200, new byte[1024 * 1024]);
      case "/big-error" -> reply(exchange, 503, "x".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8));
      case "/hangs" -> {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(204, -1);
      }
      default -> exchange.sendResponseHeaders(404, -1);
    }
    exchange.close();
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, 0); // chunked: the length is not announced
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException e) {
      // the client stopped reading: expected for the big answers
    }
  }

  private CompletableFuture<Integer> send(String path, String id, String body) {
    return channel.send(base + path, SECRET, id, 1_700_000_000L, body);
  }

  private static WebhookChannel.Failed failure(CompletableFuture<Integer> sending) throws InterruptedException {
    try {
      sending.get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WebhookChannel.Failed.class);
      return (WebhookChannel.Failed) e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the send never completed", e);
    }
    throw new AssertionError("the send succeeded");
  }

  private static String expectedSignature(String id, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(
        mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aSignedJsonPostAnsweredWith2xxIsDelivered() throws Exception {
    String body = "{\"type\":\"ORDER_CANCELLED\",\"data\":{\"note\":\"Zoë 北京\"}}";
    assertThat(send("/ok", "msg_1", body).get(120, TimeUnit.SECONDS)).isEqualTo(204);
    assertThat(seen).singleElement().satisfies(s -> {
      assertThat(s.method()).isEqualTo("POST");
      assertThat(s.id()).isEqualTo("msg_1");
      assertThat(s.timestamp()).isEqualTo("1700000000");
      assertThat(s.signature()).isEqualTo(expectedSignature("msg_1", 1_700_000_000L, body));
      assertThat(s.contentType()).isEqualTo("application/json");
      assertThat(s.userAgent()).isEqualTo("Orderly-Webhooks/1");
      assertThat(s.body()).isEqualTo(body);
    });
  }

  @Test
  void aNon2xxAnswerFailsWithItsStatusAndText() throws Exception {
    WebhookChannel.Failed f = failure(send("/error", "msg_2", "{}"));
    assertThat(f.statusCode()).isEqualTo(500);
    assertThat(f.getMessage()).isEqualTo("HTTP 500: the receiver broke");
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    WebhookChannel.Failed f = failure(send("/redirect", "msg_3", "{}"));
    assertThat(f.statusCode()).isEqualTo(302);
    assertThat(seen).extracting(Seen::path).containsExactly("/redirect");
  }

  @Test
  void aLongAnswerIsReadOnlyUpToTheLimit() throws Exception {
    assertThat(send("/big-ok", "msg_4", "{}").get(120, TimeUnit.SECONDS)).isEqualTo(200);
    WebhookChannel.Failed f = failure(send("/big-error", "msg_5", "{}"));
    assertThat(f.statusCode()).isEqualTo(503);
    assertThat(f.getMessage()).startsWith("HTTP 503: xxx").hasSizeLessThan(300);
    // the channel still works after dropping those connections
    assertThat(send("/ok", "msg_6", "{}").get(120, TimeUnit.SECONDS)).isEqualTo(204);
  }

  @Test
  void anAnswerThatNeverComesFailsAsTimedOut() throws Exception {
    WebhookChannel impatient = channel(true, Duration.ofSeconds(1));
    WebhookChannel.Failed f = failure(impatient.send(base + "/hangs", SECRET, "msg_7", 1L, "{}"));
    assertThat(f.statusCode()).isNull();
    assertThat(f.getMessage()).isEqualTo("timed out after 1 s");
  }

  @Test
  void aRefusedTargetIsNotContacted() throws Exception {
    WebhookChannel strict = channel(false, Duration.ofSeconds(60));
    WebhookChannel.Failed f = failure(strict.send(base + "/ok", SECRET, "msg_8", 1L, "{}"));
    assertThat(f.statusCode()).isNull();
    assertThat(f.getMessage()).startsWith("target refused: ");
    assertThat(seen).isEmpty();
  }

  @Test
  void aClosedPortFailsWithoutAStatus() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    WebhookChannel.Failed f = failure(channel.send("http://127.0.0.1:" + port + "/ok", SECRET, "msg_9", 1L, "{}"));
    assertThat(f.statusCode()).isNull();
    assertThat(f.getMessage()).isNotBlank();
  }

  @Test
  void connectionsAreKeptAliveBetweenSends() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(send("/ok", "msg_k" + i, "{}").get(120, TimeUnit.SECONDS)).isEqualTo(204);
    }
    Set<Integer> ports = ConcurrentHashMap.newKeySet();
    seen.forEach(s -> ports.add(s.clientPort()));
    // a connection goes back to the pool just after its answer completes the send, so the next send
    // may open a second one; never one per send
    assertThat(ports).as("connections for 20 sends one after the other").hasSizeLessThanOrEqualTo(5);
  }
}
