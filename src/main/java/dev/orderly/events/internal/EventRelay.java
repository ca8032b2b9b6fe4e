package dev.orderly.events.internal;

import dev.orderly.events.internal.EventOutboxRepository.Unpublished;
import dev.orderly.timer.Backoff;
import dev.orderly.timer.FailureText;
import dev.orderly.timer.Lease;
import dev.orderly.timer.LeasedWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
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
 * Publishes due {@code event_outbox} rows to RabbitMQ: claims them (a {@link LeasedWork} lease),
 * sends each to the exchange {@code orderly.events} with routing key = type and {@code messageId} =
 * the row's id, waits for the broker's publisher confirms, and marks the confirmed rows published.
 * A row not confirmed (no broker, nack, timeout) is retried with doubling pauses from
 * {@code orderly.events.amqp.retry-backoff}, at most {@code max-retry-pause} apart, for as long as it
 * takes: delivery is at least once, and a consumer deduplicates by message id. A crash between the
 * broker's confirm and the mark sends the row again when its lease runs out.
 */
@Component
@ConditionalOnProperty(name = AmqpEventsConfig.ENABLED, havingValue = "true")
public class EventRelay extends LeasedWork<Unpublished> {
  /** The work's name, to tell the timer runner about events now due. */
  public static final String NAME = "event-relay";
  private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
  private static final int BATCH = 100;
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final EventOutboxRepository outbox;
  private final RabbitTemplate rabbit;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Backoff backoff;
  private final Duration confirmTimeout;

  EventRelay(JdbcClient jdbc, TransactionTemplate transactions, EventOutboxRepository outbox, RabbitTemplate rabbit,
      MeterRegistry metrics, Clock clock,
      @Value("${orderly.events.amqp.retry-backoff:PT1S}") Duration firstPause,
      @Value("${orderly.events.amqp.max-retry-pause:PT5M}") Duration maxPause,
      @Value("${orderly.events.amqp.confirm-timeout:PT10S}") Duration confirmTimeout) {
    super(jdbc, transactions, EventOutboxRepository.due(NAME, BATCH, LEASE));
    if (!rabbit.getConnectionFactory().isPublisherConfirms()) {
      throw new IllegalStateException("orderly.events.amqp.enabled needs publisher confirms: "
          + "set spring.rabbitmq.publisher-confirm-type=correlated");
    }
    if (confirmTimeout.compareTo(LEASE.dividedBy(2)) > 0) {
      throw new IllegalStateException("orderly.events.amqp.confirm-timeout must be at most " + LEASE.dividedBy(2));
    }
    this.outbox = outbox;
    this.rabbit = rabbit;
    this.metrics = metrics;
    this.clock = clock;
    // a first pause beyond the longest one is the longest one
    this.backoff = new Backoff(firstPause.compareTo(maxPause) > 0 ? maxPause : firstPause, maxPause);
    this.confirmTimeout = confirmTimeout;
    Gauge.builder("orderly.events.amqp.backlog", outbox, EventOutboxRepository::backlog)
        .description("Events not yet published to RabbitMQ").register(metrics);
  }

  @Override
  protected List<Unpublished> load(List<Lease> leases) {
    return outbox.load(leases);
  }

  @Override
  protected void handle(Unpublished event, Instant now) {
    handleAll(List.of(event), now);
  }

  /** Sends the whole batch, then waits for its confirms together (one round trip's wait, not one per event). */
  @Override
  protected void handleAll(List<Unpublished> due, Instant now) {
    List<@Nullable CorrelationData> sent = new ArrayList<>(due.size());
    List<Lease> published = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    RuntimeException sendFailure = null;
    for (Unpublished event : due) {
      if (sendFailure != null) {
        failed.add(Failure.of(event, sendFailure.getMessage()));
        sent.add(null);
        continue;
      }
      CorrelationData correlation = new CorrelationData(event.id().toString());
      try {
        rabbit.send(AmqpEventsConfig.EXCHANGE, event.type(), message(event), correlation);
        sent.add(correlation);
      } catch (RuntimeException e) {
        // most likely no broker: the rest of the batch would fail the same way
        sendFailure = e;
        failed.add(Failure.of(event, e.getMessage()));
        sent.add(null);
      }
    }
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    for (int i = 0; i < sent.size(); i++) {
      CorrelationData c = sent.get(i);
      if (c == null) {
        continue;
      }
      Unpublished event = due.get(i);
      String error;
      try {
        CorrelationData.Confirm confirm = c.getFuture()
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (confirm.ack()) {
          published.add(event.lease());
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
      failed.add(Failure.of(event, error));
    }
    record(due.size(), published, failed);
  }

  /** An event not published, with the reason kept on its row. */
  private record Failure(Unpublished event, String error) {
    static Failure of(Unpublished event, @Nullable String error) {
      return new Failure(event, FailureText.of(error));
    }
  }

  private void record(int batch, List<Lease> published, List<Failure> failed) {
    Instant at = clock.instant();
    if (!published.isEmpty()) {
      outbox.markPublished(published, at);
      metrics.counter("orderly.events.amqp.published").increment(published.size());
    }
    if (!failed.isEmpty()) {
      for (Failure f : failed) {
        int attempt = f.event().attempts() + 1;
        outbox.markFailed(f.event().lease(), attempt, at.plus(backoff.pause(attempt)), f.error());
      }
      metrics.counter("orderly.events.amqp.failed").increment(failed.size());
      log.info("{} of {} events not published to RabbitMQ, retrying later: {}", failed.size(), batch,
          failed.get(0).error());
    }
  }

  private static Message message(Unpublished event) {
    MessageProperties props = new MessageProperties();
    props.setMessageId(event.id().toString());
    props.setType(event.type());
    props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    props.setContentEncoding("UTF-8");
    props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    props.setTimestamp(Date.from(event.createdAt()));
    props.setAppId("orderly");
    return new Message(event.payload().getBytes(StandardCharsets.UTF_8), props);
  }
}
