package dev.orderly.notification;

import dev.orderly.common.Jdbc;
import dev.orderly.common.Text;
import dev.orderly.timer.DueRows;
import dev.orderly.timer.DueWork;
import dev.orderly.timer.DueWorkRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
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
  private static final int BATCH = 200;
  /**
   * Claimed deliveries held at once (sending or waiting for a slot in their lane), in all and per
   * lane. A webhook lane sends 64 at a time and a held delivery waits at most (held / 64) rounds
   * of the 11 s worst case before it is sent, well inside the lease (2 min by default): a
   * subscriber that stops answering cannot make the relay send anything twice.
   */
  private static final int MAX_HELD = 2048;
  private static final int WEBHOOK_LANE_HELD = 192;
  private static final int WEBHOOK_LANE_IN_FLIGHT = 64;
  /** Emails: a few SMTP sessions at once (each at most ~25 s with the configured timeouts). */
  private static final String EMAIL_LANE = "EMAIL";
  private static final int EMAIL_THREADS = 4;
  private static final int EMAIL_LANE_HELD = 8;
  /** Finished sends that wake the runner to record them while others are still under way. */
  private static final int WAKE_EVERY = 64;
  private static final String DISCARDED = "DISCARDED";
  private static final Duration MAX_PAUSE = Duration.ofHours(1);
  private static final TypeReference<LinkedHashMap<String, Object>> DATA = new TypeReference<>() {};
  /** Emails go out a few at a time (each opens an SMTP session); webhooks need no threads of their own. */
  private static final ExecutorService EMAIL_POOL = Executors.newFixedThreadPool(EMAIL_THREADS, r -> {
    Thread t = new Thread(r, "email-sender");
    t.setDaemon(true);
    return t;
  });

  /** A claimed delivery; {@code leasedUntil} is the lease as stored, so the outcome is recorded only while it holds. */
  private record Due(UUID id, UUID notificationId, String channel, String target, int attempts, Instant createdAt,
      UUID recipientId, NotificationType type, String data, String locale, UUID orderId, Instant occurredAt,
      OffsetDateTime leasedUntil) {
    boolean isWebhook() {
      return "WEBHOOK".equals(channel);
    }
  }

  /** What became of one claimed delivery, recorded with the rest of its batch. */
  private record Outcome(Due due, String status, int attempts, Instant deliveredAt, Instant nextAttemptAt,
      Integer statusCode, String error, Attempt logged) {}

  /** One webhook attempt, for the delivery log. */
  private record Attempt(Instant at, Integer statusCode, String error, int millis) {}

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
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
  private final DueWorkRunner timers;
  private final DeliveryLanes lanes = new DeliveryLanes();
  private final Queue<Outcome> finished = new ConcurrentLinkedQueue<>();

  NotificationRelay(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate transactions, EmailChannel email,
      WebhookChannel webhook, Webhooks webhooks, Notifications notifications, NotificationTexts texts, ObjectMapper json,
      MeterRegistry metrics, Clock clock, DueWorkRunner timers,
      @Value("${orderly.notifications.retry-backoff:PT10S}") Duration firstPause,
      @Value("${orderly.notifications.retry-for:P1D}") Duration retryFor,
      @Value("${orderly.notifications.lease:PT2M}") Duration lease) {
    this.jdbc = jdbc;
    this.batch = batch;
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
    this.timers = timers;
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

  /**
   * Records what the sends started earlier came to, then claims what is due (as much as there is
   * room for, and nothing for a lane that is full) and starts sending it without waiting: webhooks
   * asynchronously, emails on a few threads. Each finished send is queued, wakes the runner, and
   * is recorded with the others that finished meanwhile, in one transaction. A crash between
   * sending and recording sends those items again once their lease runs out: at least once, with
   * the same id.
   */
  @Override
  public int runBatch(Instant now) {
    List<Outcome> outcomes = takeFinished();
    int room = Math.min(BATCH, MAX_HELD - lanes.held());
    Set<String> full = lanes.full(WEBHOOK_LANE_HELD);
    int emailRoom = Math.max(0, EMAIL_LANE_HELD - lanes.held(EMAIL_LANE));
    // what finished is recorded and the next claim made in one transaction: one commit per wake
    // (on H2 every commit writes the store out, with whatever other transactions have pending)
    List<Due> due = Objects.requireNonNull(transactions.execute(tx -> {
      record(outcomes);
      return room > 0 ? claim(now, room, emailRoom, full) : List.<Due>of();
    }));
    recorded(outcomes);
    if (due.isEmpty()) {
      return 0;
    }
    Map<UUID, Webhooks.Target> targets = webhooks.targets(due.stream().filter(Due::isWebhook)
        .map(d -> UUID.fromString(d.target())).collect(Collectors.toSet()));
    Map<UUID, String> secrets = new HashMap<>();
    for (Due d : due) {
      if (!d.isWebhook()) {
        lanes.submit(EMAIL_LANE, EMAIL_THREADS, () -> CompletableFuture.supplyAsync(() -> sendEmail(d), EMAIL_POOL)
            .whenComplete((o, e) -> finished(d, o, e)));
        continue;
      }
      Webhooks.Target target = targets.get(UUID.fromString(d.target()));
      if (target == null || !"ACTIVE".equals(target.status())) {
        finished(d, new Outcome(d, DISCARDED, d.attempts(), null, null, null, null, null), null);
        continue;
      }
      String secret = secrets.computeIfAbsent(target.id(), id -> webhooks.secret(target));
      lanes.submit(d.target(), WEBHOOK_LANE_IN_FLIGHT, () -> sendWebhook(d, target, secret)
          .whenComplete((o, e) -> finished(d, o, e)));
    }
    return due.size();
  }

  /**
   * Claims up to {@code limit} due webhook deliveries (none for a full lane) and up to
   * {@code emailLimit} due emails, and reads what to send, in one transaction.
   */
  private List<Due> claim(Instant now, int limit, int emailLimit, Set<String> fullLanes) {
    return Objects.requireNonNull(transactions.execute(tx -> {
      List<UUID> claimed = new ArrayList<>(DueRows.claim(jdbc, "notification_deliveries", "next_attempt_at",
          "status = 'PENDING' AND channel = 'WEBHOOK'" + notIn(fullLanes), now, limit, now.plus(lease)));
      if (emailLimit > 0) {
        claimed.addAll(DueRows.claim(jdbc, "notification_deliveries", "next_attempt_at",
            "status = 'PENDING' AND channel = 'EMAIL'", now, emailLimit, now.plus(lease)));
      }
      return claimed.isEmpty() ? List.<Due>of() : jdbc.sql("""
              SELECT d.id, d.notification_id, d.channel, d.target, d.attempts, d.created_at, n.recipient_id, n.type,
                n.data, p.locale, n.order_id, n.created_at, d.next_attempt_at
              FROM notification_deliveries d
              JOIN notifications n ON n.id = d.notification_id
              LEFT JOIN principals p ON p.id = n.recipient_id
              WHERE d.id IN (""" + Jdbc.placeholders(claimed) + ")")
          .params(List.<Object>copyOf(claimed))
          .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
              rs.getString(4), rs.getInt(5), Jdbc.instant(rs, 6), rs.getObject(7, UUID.class),
              NotificationType.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10),
              rs.getObject(11, UUID.class), Jdbc.instant(rs, 12), rs.getObject(13, OffsetDateTime.class)))
          .list();
    }));
  }

  /** {@code AND target NOT IN (...)} for the full webhook lanes, or nothing. */
  private static String notIn(Set<String> fullLanes) {
    // lane names are subscription ids, formatted by UUID itself: safe to write into the SQL
    String ids = fullLanes.stream().filter(l -> !EMAIL_LANE.equals(l)).map(l -> "'" + UUID.fromString(l) + "'")
        .collect(Collectors.joining(", "));
    return ids.isEmpty() ? "" : " AND target NOT IN (" + ids + ")";
  }

  /**
   * Queues the outcome and wakes the runner to record it and claim more: when the relay has gone
   * quiet (this was the last send under way) or enough have finished to be worth a transaction.
   * Waking on every finished send made a busy relay claim and record a handful at a time.
   */
  private void finished(Due d, Outcome outcome, Throwable error) {
    finished.add(outcome != null ? outcome
        : failed(d, clock.instant(), null, "delivery crashed: " + error, null));
    // the lane lets go of this send only after this method returns: 1 held means it was the last
    if (lanes.held() <= 1 || finished.size() >= WAKE_EVERY) {
      timers.dueAt(NAME, clock.instant());
    }
  }

  private List<Outcome> takeFinished() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Outcome o; (o = finished.poll()) != null; ) {
      outcomes.add(o);
    }
    return outcomes;
  }

  /** After the outcomes committed: metrics, and webhooks that gave up are disabled. */
  private void recorded(List<Outcome> outcomes) {
    for (Outcome o : outcomes) {
      switch (o.status()) {
        case "DELIVERED" -> metrics.counter("orderly.notifications.sent", "channel", o.due().channel()).increment();
        case "PENDING", "GAVE_UP" ->
            metrics.counter("orderly.notifications.failed", "channel", o.due().channel()).increment();
        default -> { }
      }
      if (o.due().isWebhook() && "GAVE_UP".equals(o.status())) {
        disableWebhook(UUID.fromString(o.due().target()), o.error());
      }
    }
  }

  /** On shutdown: lets the sends under way finish (at most their timeout) and records them. */
  @PreDestroy
  void drain() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
    while (lanes.held() > 0 && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    List<Outcome> outcomes = takeFinished();
    transactions.executeWithoutResult(tx -> record(outcomes));
    recorded(outcomes);
  }

  private Outcome sendEmail(Due d) {
    Instant now = clock.instant();
    try {
      Map<String, Object> data = json.readValue(d.data(), DATA);
      Locale locale = Locale.forLanguageTag(d.locale() == null ? "en" : d.locale());
      email.send(d.notificationId(), d.target(), texts.render(d.type(), data, locale));
      return delivered(d, now, null, null);
    } catch (RuntimeException e) {
      return failed(d, now, null, String.valueOf(e.getMessage()), null);
    }
  }

  /** One signed POST, asynchronously; every attempt, successful or not, goes into the delivery log. */
  private CompletableFuture<Outcome> sendWebhook(Due d, Webhooks.Target target, String secret) {
    Instant now = clock.instant();
    long started = System.nanoTime();
    String body;
    try {
      body = payload(d);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(d, now, null, String.valueOf(e.getMessage()), null));
    }
    return webhook.send(target.url(), secret, d.notificationId().toString(), now.getEpochSecond(), body)
        .handle((status, error) -> {
          int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
          if (error == null) {
            return delivered(d, now, status, new Attempt(now, status, null, millis));
          }
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          Integer code = cause instanceof WebhookChannel.Failed f ? f.statusCode() : null;
          String message = truncate(String.valueOf(cause.getMessage()), 300);
          return failed(d, now, code, message, new Attempt(now, code, message, millis));
        });
  }

  /**
   * {@code {"type", "occurredAt", "data": {...the notification's data, "notificationId", "orderId",
   * "recipientId"}}}. The stored data is a JSON object written by Jackson: the ids are appended to
   * it as text rather than parsing and writing it again for every send.
   */
  private String payload(Due d) {
    String data = d.data().strip();
    if (!data.startsWith("{") || !data.endsWith("}")) {
      throw new IllegalStateException("notification data is not a JSON object");
    }
    String fields = data.substring(1, data.length() - 1).strip();
    StringBuilder body = new StringBuilder(data.length() + 220)
        .append("{\"type\":\"").append(d.type().name())
        .append("\",\"occurredAt\":\"").append(d.occurredAt())
        .append("\",\"data\":{").append(fields).append(fields.isEmpty() ? "" : ",")
        .append("\"notificationId\":\"").append(d.notificationId())
        .append("\",\"orderId\":").append(d.orderId() == null ? "null" : "\"" + d.orderId() + "\"")
        .append(",\"recipientId\":").append(d.recipientId() == null ? "null" : "\"" + d.recipientId() + "\"")
        .append("}}");
    return body.toString();
  }

  private static Outcome delivered(Due d, Instant now, Integer statusCode, Attempt logged) {
    return new Outcome(d, "DELIVERED", d.attempts() + 1, now, null, statusCode, null, logged);
  }

  /** A failed attempt: tried again after a doubling pause, or given up after {@code retry-for}. */
  private Outcome failed(Due d, Instant now, Integer statusCode, String error, Attempt logged) {
    int attempt = d.attempts() + 1;
    boolean giveUp = now.isAfter(d.createdAt().plus(retryFor));
    Duration pause = firstPause.multipliedBy(1L << Math.min(attempt - 1, 20));
    if (pause.compareTo(MAX_PAUSE) > 0) {
      pause = MAX_PAUSE;
    }
    log.info("delivery {} of notification {} by {} failed (attempt {}): {}", d.id(), d.notificationId(), d.channel(),
        attempt, error);
    return new Outcome(d, giveUp ? "GAVE_UP" : "PENDING", attempt, null, giveUp ? null : now.plus(pause), statusCode,
        truncate(error, 300), logged);
  }

  /** Outcomes and their webhook attempts, in one transaction. */
  private void record(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    List<Object[]> sent = new ArrayList<>(outcomes.size());
    List<Object[]> discarded = new ArrayList<>();
    List<Object[]> attempts = new ArrayList<>();
    for (Outcome o : outcomes) {
      switch (o.status()) {
        case DISCARDED -> discarded.add(new Object[] {o.due().id(), o.due().leasedUntil()});
        default -> sent.add(new Object[] {o.status(), o.attempts(), Jdbc.ts(o.deliveredAt()),
            Jdbc.ts(o.nextAttemptAt()), o.error(), o.statusCode(), o.due().id(), o.due().leasedUntil()});
      }
      if (o.logged() != null) {
        attempts.add(new Object[] {UUID.randomUUID(), o.due().id(), o.attempts(), Jdbc.ts(o.logged().at()),
            o.logged().statusCode(), o.logged().error(), o.logged().millis()});
      }
    }
    // only rows whose lease is still ours: one that ran out may have been claimed (and sent) again
    // elsewhere, and what that instance records must stand
    transactions.executeWithoutResult(tx -> {
      if (!sent.isEmpty()) {
        batch.batchUpdate("UPDATE notification_deliveries SET status = ?, attempts = ?, delivered_at = ?, "
            + "next_attempt_at = ?, last_error = ?, last_status_code = ? WHERE id = ? AND status = 'PENDING' "
            + "AND next_attempt_at = ?", sent);
      }
      if (!discarded.isEmpty()) {
        // the subscription was deleted or disabled since: nothing to send, and no attempt to log
        batch.batchUpdate("UPDATE notification_deliveries SET status = 'DISCARDED', next_attempt_at = NULL "
            + "WHERE id = ? AND status = 'PENDING' AND next_attempt_at = ?", discarded);
      }
      if (!attempts.isEmpty()) {
        batch.batchUpdate("INSERT INTO webhook_attempts (id, delivery_id, attempt, attempted_at, status_code, error, "
            + "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)", attempts);
      }
    });
  }

  private static String truncate(String s, int max) {
    return Text.truncate(s, max);
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
        data.put("note", Text.truncate(lastError, 200));
        notifications.send(List.of(new Notifications.Draft(t.ownerId(), NotificationType.WEBHOOK_DISABLED, null, null, data)));
      }
    });
  }

  record Backlog(long count, double oldestAgeSeconds) {}

  Backlog backlog() {
    // every pending delivery has a due time (or a lease) and no other has: the due index's non-null
    // range is the backlog, so this reads the backlog only, not every delivery ever made
    return jdbc.sql("SELECT COUNT(*), MIN(created_at) FROM notification_deliveries WHERE next_attempt_at > ? "
            + "AND status = 'PENDING'")
        .param(Jdbc.ts(Instant.EPOCH))
        .query((rs, n) -> {
          Instant oldest = Jdbc.instant(rs, 2);
          return new Backlog(rs.getLong(1),
              oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0));
        }).single();
  }

  @Override
  /**
   * The earliest due delivery the relay could claim now: those of full lanes are left out, so the
   * runner sleeps (woken as their sends finish) instead of polling rows it would not take.
   */
  public Optional<Instant> nextDue() {
    Set<String> full = lanes.full(WEBHOOK_LANE_HELD);
    boolean emailFull = lanes.held(EMAIL_LANE) >= EMAIL_LANE_HELD;
    return DueRows.next(jdbc, "notification_deliveries", "next_attempt_at", "status = 'PENDING'"
        + (emailFull ? " AND channel <> 'EMAIL'" : "") + notIn(full));
  }
}
