package dev.orderly.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * The sandbox provider's HTTP API. Merchant calls (create, query, close) carry the shared key in
 * {@code X-Sandbox-Key}; the buyer's actions at the provider ({@code succeed}, {@code fail}) need
 * none, as on a hosted pay page. Closing a paid payment answers 409 {@code TRADE_HAS_SUCCESS},
 * as Alipay and WeChat Pay do.
 */
@RestController
@RequestMapping("/sandbox/v1/payments")
class SandboxProvider {
  private static final Logger log = LoggerFactory.getLogger(SandboxProvider.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final Clock clock;
  private final String secret;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService callbacks = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "sandbox-callbacks");
    t.setDaemon(true);
    return t;
  });

  SandboxProvider(JdbcClient jdbc, ObjectMapper json, Clock clock,
      @Value("${orderly.payment.sandbox.secret:sandbox-demo-secret}") String secret) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.secret = secret;
  }

  record Amount(BigDecimal amount, String currency) {}

  record CreatePayment(String merchantReference, String method, Amount amount, String callbackUrl) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Payment(String reference, String merchantReference, String method, Amount amount, String status,
      String payUrl) {}

  record BuyerAction(Duration callbackDelay, Integer duplicateCallbacks) {}

  @PostMapping
  ResponseEntity<?> create(@RequestHeader(value = "X-Sandbox-Key", required = false) String key,
      @RequestBody CreatePayment body) {
    if (!authorized(key)) {
      return error(HttpStatus.UNAUTHORIZED, "INVALID_MERCHANT_KEY");
    }
    String reference = "sbx_" + HexFormat.of().formatHex(randomBytes(12));
    Instant now = clock.instant();
    jdbc.sql("""
            INSERT INTO sandbox_payments (reference, merchant_reference, method, amount, currency, status, callback_url,
              created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)""")
        .params(reference, body.merchantReference(), body.method(), body.amount().amount(), body.amount().currency(),
            body.callbackUrl(), ts(now), ts(now))
        .update();
    return ResponseEntity.status(HttpStatus.CREATED).body(find(reference).orElseThrow());
  }

  @GetMapping("/{reference}")
  ResponseEntity<?> query(@RequestHeader(value = "X-Sandbox-Key", required = false) String key,
      @PathVariable String reference) {
    if (!authorized(key)) {
      return error(HttpStatus.UNAUTHORIZED, "INVALID_MERCHANT_KEY");
    }
    return find(reference).<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> error(HttpStatus.NOT_FOUND, "TRADE_NOT_EXIST"));
  }

  @PostMapping("/{reference}/close")
  ResponseEntity<?> close(@RequestHeader(value = "X-Sandbox-Key", required = false) String key,
      @PathVariable String reference) {
    if (!authorized(key)) {
      return error(HttpStatus.UNAUTHORIZED, "INVALID_MERCHANT_KEY");
    }
    if (transition(reference, "CLOSED")) {
      return ResponseEntity.ok(find(reference).orElseThrow());
    }
    return find(reference).<ResponseEntity<?>>map(p -> switch (p.status()) {
      case "SUCCEEDED" -> error(HttpStatus.CONFLICT, "TRADE_HAS_SUCCESS");
      case "CLOSED" -> ResponseEntity.ok(p);
      default -> error(HttpStatus.CONFLICT, "TRADE_HAS_" + p.status());
    }).orElseGet(() -> error(HttpStatus.NOT_FOUND, "TRADE_NOT_EXIST"));
  }

  @PostMapping("/{reference}/succeed")
  ResponseEntity<?> succeed(@PathVariable String reference, @RequestBody(required = false) BuyerAction action) {
    return buyerAction(reference, "SUCCEEDED", action);
  }

  @PostMapping("/{reference}/fail")
  ResponseEntity<?> fail(@PathVariable String reference, @RequestBody(required = false) BuyerAction action) {
    return buyerAction(reference, "FAILED", action);
  }

  private ResponseEntity<?> buyerAction(String reference, String status, BuyerAction action) {
    if (!transition(reference, status)) {
      return find(reference).<ResponseEntity<?>>map(p -> error(HttpStatus.CONFLICT, "TRADE_HAS_" + p.status()))
          .orElseGet(() -> error(HttpStatus.NOT_FOUND, "TRADE_NOT_EXIST"));
    }
    Payment payment = find(reference).orElseThrow();
    Duration delay = action == null || action.callbackDelay() == null ? Duration.ZERO : action.callbackDelay();
    int copies = 1 + (action == null || action.duplicateCallbacks() == null ? 0 : Math.max(0, Math.min(10, action.duplicateCallbacks())));
    String callbackUrl = jdbc.sql("SELECT callback_url FROM sandbox_payments WHERE reference = ?").param(reference)
        .query(String.class).single();
    for (int i = 0; i < copies; i++) {
      callbacks.schedule(() -> deliver(callbackUrl, payment, 1), delay.toMillis() + i * 50L, TimeUnit.MILLISECONDS);
    }
    return ResponseEntity.ok(payment);
  }

  /** Like a real provider: retries a callback Orderly did not acknowledge, with growing pauses. */
  private void deliver(String url, Payment payment, int attempt) {
    try {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("reference", payment.reference());
      body.put("merchantReference", payment.merchantReference());
      body.put("status", payment.status());
      body.put("amount", payment.amount());
      body.put("occurredAt", clock.instant().toString());
      byte[] bytes = json.writeValueAsBytes(body);
      long timestamp = clock.instant().getEpochSecond();
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .header("Sandbox-Timestamp", Long.toString(timestamp))
          .header("Sandbox-Signature", "v1=" + SandboxSignature.sign(secret, timestamp, bytes))
          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
          .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2) {
        return;
      }
      log.info("sandbox callback for {} answered {}", payment.reference(), status);
    } catch (Exception e) {
      log.info("sandbox callback for {} failed: {}", payment.reference(), e.toString());
    }
    if (attempt < 6 && !callbacks.isShutdown()) {
      callbacks.schedule(() -> deliver(url, payment, attempt + 1), 250L << attempt, TimeUnit.MILLISECONDS);
    }
  }

  /** The hosted pay page a buyer is redirected to: shows the payment and lets the buyer pay or fail it. */
  @GetMapping(value = "/{reference}/page", produces = "text/html")
  ResponseEntity<String> page(@PathVariable String reference) {
    Optional<Payment> found = find(reference);
    if (found.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body("<!doctype html><p>No such payment.</p>");
    }
    Payment p = found.get();
    String html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox pay page</title>
        <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}button{margin-right:.5rem;padding:.5rem 1rem}</style>
        </head><body><h1>Sandbox provider</h1>
        <p>Payment <code>%s</code> by <b>%s</b>: <b id="amount">%s %s</b></p>
        <p>Status: <b id="status">%s</b></p>
        <button id="pay" onclick="act('succeed')">Pay</button><button id="decline" onclick="act('fail')">Decline</button>
        <script>
        async function act(a){const r=await fetch('/sandbox/v1/payments/%s/'+a,{method:'POST'});
          const b=await r.json();document.getElementById('status').textContent=b.status||b.code;}
        </script></body></html>""".formatted(p.reference(), escape(p.method()), p.amount().amount().toPlainString(),
        escape(p.amount().currency()), p.status(), p.reference());
    return ResponseEntity.ok(html);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private boolean transition(String reference, String to) {
    return jdbc.sql("UPDATE sandbox_payments SET status = ?, updated_at = ? WHERE reference = ? AND status = 'PENDING'")
        .params(to, ts(clock.instant()), reference).update() == 1;
  }

  private Optional<Payment> find(String reference) {
    return jdbc.sql("SELECT * FROM sandbox_payments WHERE reference = ?").param(reference)
        .query(SandboxProvider::map).optional();
  }

  private boolean authorized(String key) {
    return key != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }

  private static ResponseEntity<?> error(HttpStatus status, String code) {
    return ResponseEntity.status(status).body(Map.of("code", code));
  }

  private static Payment map(ResultSet rs, int n) throws SQLException {
    String reference = rs.getString("reference");
    return new Payment(reference, rs.getString("merchant_reference"), rs.getString("method"),
        new Amount(rs.getBigDecimal("amount"), rs.getString("currency")),
        rs.getString("status"), "/sandbox/v1/payments/" + reference + "/page");
  }

  private static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @PreDestroy
  void shutdown() {
    callbacks.shutdownNow();
  }
}
