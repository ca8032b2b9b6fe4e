package dev.orderly.events;

import dev.orderly.common.Jdbc;
import dev.orderly.common.Text;
import dev.orderly.timer.DueRows;
import dev.orderly.timer.DueWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes due {@code event_outbox} rows to RabbitMQ: claims them ({@code FOR UPDATE SKIP LOCKED},
 * then a lease), sends each to the exchange {@code orderly.events} with routing key = type and
 * {@code messageId} = the row's id, waits for the broker's publisher confirms, and marks the
 * confirmed rows published. A row not confirmed (no broker, nack, timeout) is retried with doubling
 * pauses from {@code orderly.events.amqp.retry-backoff}, at most {@code max-retry-pause} apart, for
 * as long as it takes: delivery is at least once, and a consumer deduplicates by message id. A crash
 * between the broker's confirm and the mark sends the row again when its lease runs out.
 */
@Component
@ConditionalOnProperty(name = AmqpEventsConfig.ENABLED, havingValue = "true")
class EventRelay implements DueWork {
  static final String NAME = "event-relay";
  private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
  private static final int BATCH = 100;
  private static final Duration LEASE = Duration.ofSeconds(60);

  private record Due(UUID id, String type, String payload, int attempts, Instant createdAt) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RabbitTemplate rabbit;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Duration firstPause;
  private final Duration maxPause;
  private final Duration confirmTimeout;

  EventRelay(JdbcClient jdbc, TransactionTemplate transactions, RabbitTemplate rabbit, MeterRegistry metrics,
      Clock clock,
      @Value("${orderly.events.amqp.retry-backoff:PT1S}") Duration firstPause,
      @Value("${orderly.events.amqp.max-retry-pause:PT5M}") Duration maxPause,
      @Value("${orderly.events.amqp.confirm-timeout:PT10S}") Duration confirmTimeout) {
    if (!rabbit.getConnectionFactory().isPublisherConfirms()) {
      throw new IllegalStateException("orderly.events.amqp.enabled needs publisher confirms: "
          + "set spring.rabbitmq.publisher-confirm-type=correlated");
    }
    if (confirmTimeout.compareTo(LEASE.dividedBy(2)) > 0) {
      throw new IllegalStateException("orderly.events.amqp.confirm-timeout must be at most " + LEASE.dividedBy(2));
    }
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.rabbit = rabbit;
    this.metrics = metrics;
    this.clock = clock;
    this.firstPause = firstPause;
    this.maxPause = maxPause;
    this.confirmTimeout = confirmTimeout;
    Gauge.builder("orderly.events.amqp.backlog", this, EventRelay::backlog)
        .description("Events not yet published to RabbitMQ").register(metrics);
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
    List<UUID> claimed = Objects.requireNonNull(transactions.execute(tx -> DueRows.claim(jdbc, "event_outbox",
        "next_attempt_at", "published_at IS NULL", now, BATCH, now.plus(LEASE))));
    if (claimed.isEmpty()) {
      return 0;
    }
    List<Due> due = jdbc.sql("SELECT id, type, payload, attempts, created_at FROM event_outbox WHERE id IN ("
            + Jdbc.placeholders(claimed) + ") ORDER BY created_at")
        .params(List.<Object>copyOf(claimed))
        .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
            Jdbc.instant(rs, 5)))
        .list();
    List<CorrelationData> sent = new ArrayList<>(due.size());
    List<UUID> published = new ArrayList<>();
    List<Object[]> failed = new ArrayList<>();
    RuntimeException sendFailure = null;
    for (Due d : due) {
      if (sendFailure != null) {
        failed.add(failure(d, String.valueOf(sendFailure.getMessage())));
        sent.add(null);
        continue;
      }
      CorrelationData correlation = new CorrelationData(d.id().toString());
      try {
        rabbit.send(AmqpEventsConfig.EXCHANGE, d.type(), message(d), correlation);
        sent.add(correlation);
      } catch (RuntimeException e) {
        // most likely no broker: the rest of the batch would fail the same way
        sendFailure = e;
        failed.add(failure(d, String.valueOf(e.getMessage())));
        sent.add(null);
      }
    }
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    for (int i = 0; i < sent.size(); i++) {
      CorrelationData c = sent.get(i);
      if (c == null) {
        continue;
      }
      Due d = due.get(i);
      String error;
      try {
        CorrelationData.Confirm confirm = c.getFuture()
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (confirm.ack()) {
          published.add(d.id());
          continue;
        }
        error = "nack: " + confirm.reason();
      } catch (TimeoutException e) {
        error = "no confirm within " + confirmTimeout;
      } catch (ExecutionException e) {
        error = String.valueOf(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
      }
      failed.add(failure(d, error));
    }
    Instant at = clock.instant();
    if (!published.isEmpty()) {
      List<Object> params = new ArrayList<>(published.size() + 1);
      params.add(Jdbc.ts(at));
      params.addAll(published);
      jdbc.sql("UPDATE event_outbox SET published_at = ?, next_attempt_at = NULL, attempts = attempts + 1, "
              + "last_error = NULL WHERE id IN (" + Jdbc.placeholders(published) + ")")
          .params(params).update();
      metrics.counter("orderly.events.amqp.published").increment(published.size());
    }
    if (!failed.isEmpty()) {
      for (Object[] f : failed) {
        jdbc.sql("UPDATE event_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
            .params(f).update();
      }
      metrics.counter("orderly.events.amqp.failed").increment(failed.size());
      log.info("{} of {} events not published to RabbitMQ, retrying later: {}", failed.size(), due.size(),
          failed.get(0)[2]);
    }
    return claimed.size();
  }

  private Message message(Due d) {
    MessageProperties props = new MessageProperties();
    props.setMessageId(d.id().toString());
    props.setType(d.type());
    props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    props.setContentEncoding("UTF-8");
    props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    props.setTimestamp(Date.from(d.createdAt()));
    props.setAppId("orderly");
    return new Message(d.payload().getBytes(StandardCharsets.UTF_8), props);
  }

  /** The update parameters for a failed attempt: attempts, next attempt (doubling pause), error, id. */
  private Object[] failure(Due d, String error) {
    int attempt = d.attempts() + 1;
    Duration pause = firstPause.multipliedBy(1L << Math.min(attempt - 1, 20));
    if (pause.compareTo(maxPause) > 0) {
      pause = maxPause;
    }
    String e = Text.truncate(error, 300);
    return new Object[] {attempt, Jdbc.ts(clock.instant().plus(pause)), e, d.id()};
  }

  long backlog() {
    return jdbc.sql("SELECT COUNT(*) FROM event_outbox WHERE published_at IS NULL").query(Long.class).single();
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, "event_outbox", "next_attempt_at", "published_at IS NULL");
  }
}
