package dev.orderly.notification;

import dev.orderly.common.Jdbc;
import dev.orderly.timer.DueRows;
import dev.orderly.timer.DueWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The outbox relay: claims due deliveries ({@code FOR UPDATE SKIP LOCKED}, then a lease on the
 * row), so several instances share the work without sending one item twice at once, and a crash
 * mid-send only delays it until the lease runs out (at-least-once). A failed send is retried with
 * doubling pauses for {@code orderly.notifications.retry-for} (a day by default), then given up.
 *
 * <p>Why a table of our own rather than Spring Modulith's event publication registry: the registry
 * re-submits incomplete publications as a whole (at restart or on a schedule) with no claim per
 * item across instances, no per-channel retry schedule and no delivery log; this table has all
 * three, and the same claim pattern as every other timer here.
 */
@Component
class NotificationRelay implements DueWork {
  static final String NAME = "notification-relay";
  private static final Logger log = LoggerFactory.getLogger(NotificationRelay.class);
  private static final int BATCH = 50;
  private static final Duration MAX_PAUSE = Duration.ofHours(1);
  private static final TypeReference<LinkedHashMap<String, Object>> DATA = new TypeReference<>() {};

  private record Due(UUID id, UUID notificationId, String channel, String target, int attempts, Instant createdAt,
      UUID recipientId, NotificationType type, String data, String locale, UUID orderId, Instant occurredAt) {}

  /** Webhooks go out in parallel (each may take up to its timeout); emails one after the other. */
  private static final java.util.concurrent.ExecutorService WEBHOOK_POOL = java.util.concurrent.Executors
      .newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "webhook-sender");
        t.setDaemon(true);
        return t;
      });

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final EmailChannel email;
  private final WebhookChannel webhook;
  private final Webhooks webhooks;
  private final Notifications notifications;
  private final NotificationTexts texts;
  private final ObjectMapper json;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Duration firstPause;
  private final Duration retryFor;
  private final Duration lease;

  NotificationRelay(JdbcClient jdbc, TransactionTemplate transactions, EmailChannel email, WebhookChannel webhook,
      Webhooks webhooks, Notifications notifications, NotificationTexts texts, ObjectMapper json, MeterRegistry metrics, Clock clock,
      @Value("${orderly.notifications.retry-backoff:PT10S}") Duration firstPause,
      @Value("${orderly.notifications.retry-for:P1D}") Duration retryFor,
      @Value("${orderly.notifications.lease:PT60S}") Duration lease) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.email = email;
    this.webhook = webhook;
    this.webhooks = webhooks;
    this.notifications = notifications;
    this.texts = texts;
    this.json = json;
    this.metrics = metrics;
    this.clock = clock;
    this.firstPause = firstPause;
    this.retryFor = retryFor;
    this.lease = lease;
    Gauge.builder("orderly.notifications.backlog", this, r -> r.backlog().count())
        .description("Deliveries not yet made").register(metrics);
    Gauge.builder("orderly.notifications.oldest.age.seconds", this, r -> r.backlog().oldestAgeSeconds())
        .description("Age of the oldest delivery not yet made").register(metrics);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize() {
    return BATCH;
  }

  @Override
  public int runBatch(Instant now) {
    List<UUID> claimed = Objects.requireNonNull(transactions.execute(tx -> DueRows.claim(jdbc,
        "notification_deliveries", "next_attempt_at", "status = 'PENDING'", now, BATCH, now.plus(lease))));
    if (claimed.isEmpty()) {
      return 0;
    }
    // what to send: read after the claim, outside its transaction (the lease keeps the rows ours)
    List<Due> due = jdbc.sql("""
            SELECT d.id, d.notification_id, d.channel, d.target, d.attempts, d.created_at, n.recipient_id, n.type,
              n.data, p.locale, n.order_id, n.created_at
            FROM notification_deliveries d
            JOIN notifications n ON n.id = d.notification_id
            LEFT JOIN principals p ON p.id = n.recipient_id
            WHERE d.id IN (""" + Jdbc.placeholders(claimed) + ")")
        .params(List.<Object>copyOf(claimed))
        .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getInt(5), Jdbc.instant(rs, 6), rs.getObject(7, UUID.class),
            NotificationType.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10),
            rs.getObject(11, UUID.class), Jdbc.instant(rs, 12)))
        .list();
    List<java.util.concurrent.Future<?>> hooks = new ArrayList<>();
    for (Due d : due) {
      if ("WEBHOOK".equals(d.channel())) {
        hooks.add(WEBHOOK_POOL.submit(() -> deliver(d)));
      }
    }
    for (Due d : due) {
      if (!"WEBHOOK".equals(d.channel())) {
        deliver(d);
      }
    }
    for (java.util.concurrent.Future<?> f : hooks) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        log.warn("webhook delivery crashed", e.getCause());
      }
    }
    return claimed.size();
  }

  private void deliver(Due d) {
    Instant now = clock.instant();
    int attempt = d.attempts() + 1;
    boolean isWebhook = "WEBHOOK".equals(d.channel());
    Integer statusCode = null;
    try {
      Map<String, Object> data = json.readValue(d.data(), DATA);
      if (isWebhook) {
        Optional<Webhooks.Target> target = webhooks.target(UUID.fromString(d.target()))
            .filter(t -> "ACTIVE".equals(t.status()));
        if (target.isEmpty()) {
          // deleted or disabled since: nothing to send, and no attempt to log
          jdbc.sql("UPDATE notification_deliveries SET status = 'DISCARDED', next_attempt_at = NULL WHERE id = ?")
              .params(d.id()).update();
          return;
        }
        statusCode = sendWebhook(d, data, target.get(), attempt, now);
      } else {
        Locale locale = Locale.forLanguageTag(d.locale() == null ? "en" : d.locale());
        email.send(d.notificationId(), d.target(), texts.render(d.type(), data, locale));
      }
      jdbc.sql("""
              UPDATE notification_deliveries SET status = 'DELIVERED', attempts = ?, delivered_at = ?,
                next_attempt_at = NULL, last_error = NULL, last_status_code = ? WHERE id = ?""")
          .params(attempt, Jdbc.ts(now), statusCode, d.id()).update();
      metrics.counter("orderly.notifications.sent", "channel", d.channel()).increment();
    } catch (RuntimeException e) {
      if (e instanceof WebhookChannel.Failed f) {
        statusCode = f.statusCode();
      }
      boolean giveUp = now.isAfter(d.createdAt().plus(retryFor));
      Duration pause = firstPause.multipliedBy(1L << Math.min(attempt - 1, 20));
      if (pause.compareTo(MAX_PAUSE) > 0) {
        pause = MAX_PAUSE;
      }
      String error = String.valueOf(e.getMessage());
      log.info("delivery {} of notification {} by {} failed (attempt {}): {}", d.id(), d.notificationId(),
          d.channel(), attempt, error);
      jdbc.sql("UPDATE notification_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
              + "last_status_code = ? WHERE id = ?")
          .params(giveUp ? "GAVE_UP" : "PENDING", attempt, giveUp ? null : Jdbc.ts(now.plus(pause)),
              error.length() > 300 ? error.substring(0, 300) : error, statusCode, d.id())
          .update();
      metrics.counter("orderly.notifications.failed", "channel", d.channel()).increment();
      if (giveUp && isWebhook) {
        disableWebhook(UUID.fromString(d.target()), error);
      }
    }
  }

  /** One signed POST; every attempt, successful or not, goes into the delivery log. */
  private Integer sendWebhook(Due d, Map<String, Object> data, Webhooks.Target target, int attempt, Instant now) {
    Map<String, Object> payloadData = new LinkedHashMap<>(data);
    payloadData.put("notificationId", d.notificationId().toString());
    payloadData.put("orderId", d.orderId() == null ? null : d.orderId().toString());
    payloadData.put("recipientId", d.recipientId() == null ? null : d.recipientId().toString());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", d.type().name());
    payload.put("occurredAt", d.occurredAt().toString());
    payload.put("data", payloadData);
    String body = json.writeValueAsString(payload);
    long started = System.nanoTime();
    Integer status = null;
    String error = null;
    try {
      status = webhook.send(target.url(), webhooks.secret(target), d.notificationId().toString(),
          now.getEpochSecond(), body);
      return status;
    } catch (WebhookChannel.Failed f) {
      status = f.statusCode();
      error = f.getMessage();
      throw f;
    } catch (RuntimeException e) {
      error = String.valueOf(e.getMessage());
      throw e;
    } finally {
      int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
      jdbc.sql("INSERT INTO webhook_attempts (id, delivery_id, attempt, attempted_at, status_code, error, duration_ms) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?)")
          .params(UUID.randomUUID(), d.id(), attempt, Jdbc.ts(now), status,
              error == null ? null : error.length() > 300 ? error.substring(0, 300) : error, millis)
          .update();
    }
  }

  /**
   * A delivery kept failing for {@code retry-for}: the subscription is disabled (its other pending
   * deliveries are discarded when due) and its owner told by inbox and email. The admin's own
   * subscriptions (no owner, no inbox) are only logged.
   */
  private void disableWebhook(UUID subscription, String lastError) {
    transactions.executeWithoutResult(tx -> {
      if (!webhooks.disable(subscription, "deliveries failed for " + retryFor + ": " + lastError)) {
        return;
      }
      Webhooks.Target t = webhooks.target(subscription).orElseThrow();
      log.warn("webhook {} to {} disabled after failing for {}: {}", subscription, t.url(), retryFor, lastError);
      if (t.ownerId() != null) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhookId", subscription.toString());
        data.put("url", t.url());
        data.put("note", lastError.length() > 200 ? lastError.substring(0, 200) : lastError);
        notifications.send(List.of(new Notifications.Draft(t.ownerId(), NotificationType.WEBHOOK_DISABLED, null, data)));
      }
    });
  }

  record Backlog(long count, double oldestAgeSeconds) {}

  Backlog backlog() {
    return jdbc.sql("SELECT COUNT(*), MIN(created_at) FROM notification_deliveries WHERE status = 'PENDING'")
        .query((rs, n) -> {
          Instant oldest = Jdbc.instant(rs, 2);
          return new Backlog(rs.getLong(1),
              oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0));
        }).single();
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, "notification_deliveries", "next_attempt_at", "status = 'PENDING'");
  }
}
