package dev.orderly.sandbox;

import dev.orderly.common.ConditionalOnSandbox;
import dev.orderly.common.DemoSecrets;
import dev.orderly.sandbox.SandboxConditions.Settings;
import dev.orderly.sandbox.SandboxLedger.FailureCode;
import dev.orderly.sandbox.SandboxLedger.Payment;
import dev.orderly.sandbox.SandboxLedger.Status;
import dev.orderly.timer.Backoff;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Tells the merchant how a payment ended, the way real providers do: asynchronously, signed, late,
 * twice, out of order or not at all when asked to, and again with growing pauses until the merchant
 * acknowledges with a 2xx. Callbacks about a method that is DOWN wait until it is back.
 */
@Component
@ConditionalOnSandbox
public class SandboxCallbacks {
  private static final Logger log = LoggerFactory.getLogger(SandboxCallbacks.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  static final int MAX_ATTEMPTS = 8;
  /** 0.5 s, 1 s, 2 s, … up to 30 s between a callback's attempts. */
  static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
  static final Duration RECHECK_WHILE_DOWN = Duration.ofMillis(500);
  static final Duration BETWEEN_COPIES = Duration.ofMillis(50);
  /** The stale "created" event comes this long after the outcome it contradicts. */
  static final Duration STALE_AFTER = Duration.ofMillis(100);

  private final SandboxConditions conditions;
  private final ObjectMapper json;
  private final Clock clock;
  private final String secret;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "sandbox-callbacks");
    t.setDaemon(true);
    return t;
  });

  SandboxCallbacks(SandboxConditions conditions, ObjectMapper json, Clock clock,
      @Value("${orderly.payment.sandbox.secret:" + DemoSecrets.SANDBOX_SECRET + "}") String secret) {
    this.conditions = conditions;
    this.json = json;
    this.clock = clock;
    this.secret = secret;
  }

  /** One event, sent as identical bytes in every copy and every retry. */
  private record Event(String url, SandboxConditions.Method method, String reference, String eventId, boolean stale,
      byte[] body) {}

  /** Announces how the payment ended. */
  public void paymentEnded(Payment payment, Settings how) {
    if (how.dropCallbacks()) {
      return;
    }
    Event outcome = event(payment, payment.status(), payment.failureCode(), payment.updatedAt(), false);
    List<Event> copies = new ArrayList<>(Collections.nCopies(1 + how.duplicateCallbacks(), outcome));
    if (how.reorderCallbacks()) {
      // the outcome first, then its duplicates mixed with copies of the older "created" event
      Event created = event(payment, Status.PENDING, null, payment.createdAt(), true);
      List<Event> rest = new ArrayList<>(copies.subList(1, copies.size()));
      rest.addAll(Collections.nCopies(1 + how.duplicateCallbacks(), created));
      Collections.shuffle(rest, RANDOM);
      copies = new ArrayList<>(List.of(outcome));
      copies.addAll(rest);
    }
    List<Event> plan = List.copyOf(copies);
    schedule(() -> sendInOrder(plan, 0), how.callbackDelay().plus(conditions.lag(payment.method())));
  }

  /** Each copy leaves after the previous one's first attempt ended, so the order of arrival is the plan's. */
  private void sendInOrder(List<Event> plan, int i) {
    attempt(plan.get(i), 1, () -> {
      if (i + 1 < plan.size()) {
        schedule(() -> sendInOrder(plan, i + 1), plan.get(i + 1).stale() ? STALE_AFTER : BETWEEN_COPIES);
      }
    });
  }

  /** {@code afterFirst} runs once the first real attempt ended, whatever its outcome. */
  private void attempt(Event event, int attempt, @Nullable Runnable afterFirst) {
    if (conditions.isDown(event.method())) {
      schedule(() -> attempt(event, attempt, afterFirst), RECHECK_WHILE_DOWN);
      return;
    }
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(event.url()))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .header("Sandbox-Timestamp", Long.toString(timestamp))
          .header("Sandbox-Signature", "v1=" + SandboxSignature.sign(secret, timestamp, event.body()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
          .build();
    } catch (IllegalArgumentException e) {
      log.warn("sandbox callback for {} has an unusable URL: {}", event.reference(), e.getMessage());
      if (afterFirst != null) {
        afterFirst.run();
      }
      return;
    }
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      boolean acknowledged = failure == null && response.statusCode() / 100 == 2;
      if (!acknowledged) {
        log.info("sandbox callback {} for {} (attempt {}) {}", event.eventId(), event.reference(), attempt,
            failure == null ? "answered " + response.statusCode() : "failed: " + failure);
      }
      if (afterFirst != null) {
        afterFirst.run();
      }
      if (!acknowledged && attempt < MAX_ATTEMPTS) {
        schedule(() -> attempt(event, attempt + 1, null), BACKOFF.pause(attempt));
      }
    });
  }

  private Event event(Payment payment, Status status, @Nullable FailureCode failureCode, Instant occurredAt,
      boolean stale) {
    String eventId = "evt_" + SandboxLedger.randomHex(12);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", eventId);
    body.put("reference", payment.reference());
    body.put("merchantReference", payment.merchantReference());
    body.put("status", status);
    if (failureCode != null) {
      body.put("failureCode", failureCode);
    }
    body.put("amount", payment.amount());
    body.put("occurredAt", occurredAt.toString());
    return new Event(payment.callbackUrl(), payment.method(), payment.reference(), eventId, stale,
        json.writeValueAsBytes(body));
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      scheduler.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("sandbox callback task failed", e);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("sandbox is shutting down; callback dropped");
    }
  }

  @PreDestroy
  void shutdown() {
    scheduler.shutdownNow();
  }
}
