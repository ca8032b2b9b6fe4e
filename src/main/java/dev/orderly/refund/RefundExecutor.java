package dev.orderly.refund;

import dev.orderly.order.TimelineEventType;
import dev.orderly.order.SystemActor;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.common.Text;
import dev.orderly.order.Timeline;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentMethodSettings;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.payment.RefundRejectedException;
import dev.orderly.timer.DueRows;
import dev.orderly.timer.DueWork;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes due refunds at the provider, with the refund's id as the provider's idempotency key: a
 * retry after a lost answer can never pay twice. A failed try is retried after a pause that
 * doubles ({@code orderly.refunds.retry-backoff}, at most {@link #MAX_PAUSE}); after
 * {@code orderly.refunds.max-attempts} tries, or when the provider refuses for good, the refund
 * needs attention and waits for support.
 */
@Component
class RefundExecutor implements DueWork {
  static final String NAME = "refunds";
  private static final Logger log = LoggerFactory.getLogger(RefundExecutor.class);
  private static final int BATCH = 20;
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Duration MAX_PAUSE = Duration.ofHours(1);
  private static final String ACTOR = SystemActor.REFUNDS.label();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PaymentProviders providers;
  private final PaymentMethodSettings methods;
  private final Timeline timeline;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final int maxAttempts;
  private final Duration backoff;

  RefundExecutor(JdbcClient jdbc, TransactionTemplate transactions, PaymentProviders providers,
      PaymentMethodSettings methods, Timeline timeline, MeterRegistry metrics, Clock clock,
      ApplicationEventPublisher events, @Value("${orderly.refunds.max-attempts:6}") int maxAttempts,
      @Value("${orderly.refunds.retry-backoff:PT30S}") Duration backoff) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.providers = providers;
    this.methods = methods;
    this.timeline = timeline;
    this.metrics = metrics;
    this.clock = clock;
    this.events = events;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
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
    List<UUID> ids = Objects.requireNonNull(transactions.execute(tx -> DueRows.claim(jdbc, "refunds",
        "next_attempt_at", "status IN ('PENDING', 'FAILED')", now, BATCH, now.plus(LEASE))));
    if (ids.isEmpty()) {
      return 0;
    }
    // each refund with the provider's reference of the payment it gives back, in one read
    jdbc.sql("SELECT * FROM refunds WHERE id IN (" + Jdbc.placeholders(ids) + ")")
        .params(List.<Object>copyOf(ids))
        .query((rs, n) -> Map.entry(RefundService.map(rs, n), rs.getString("payment_reference")))
        .list()
        .forEach(claimed -> execute(claimed.getKey(), claimed.getValue()));
    return ids.size();
  }

  private void execute(Refund refund, String paymentReference) {
    int attempt = refund.attempts() + 1;
    try {
      PaymentGateway.RefundResult result = providers.ofPayment(refund.paymentId())
          .refund(paymentReference, refund.id().toString(), refund.amount());
      succeeded(refund, attempt, result.reference());
    } catch (ProviderUnavailableException e) {
      failed(refund, attempt, e.getMessage(), attempt >= maxAttempts);
    } catch (RefundRejectedException e) {
      failed(refund, attempt, e.getMessage(), true);
    } catch (RuntimeException e) {
      log.warn("refund {} failed unexpectedly", refund.id(), e);
      failed(refund, attempt, e.toString(), attempt >= maxAttempts);
    }
  }

  private void succeeded(Refund refund, int attempt, String providerReference) {
    Instant now = clock.instant();
    Instant expectedBy = now.plus(methods.refundTime(PaymentMethod.valueOf(refund.method())));
    transactions.executeWithoutResult(tx -> {
      jdbc.sql("""
              UPDATE refunds SET status = 'SUCCEEDED', attempts = ?, provider_reference = ?, completed_at = ?,
                expected_by = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?""")
          .params(attempt, providerReference, Jdbc.ts(now), Jdbc.ts(expectedBy), refund.id()).update();
      timeline.record(refund.orderId(), now, TimelineEventType.REFUND_SUCCEEDED, ACTOR, Map.of("refundId", refund.id().toString(),
          "amount", refund.amount().toString(), "providerReference", providerReference,
          "expectedBy", expectedBy.toString()));
      events.publishEvent(new RefundEvent(refund.id(), refund.orderId(), refund.cause(), RefundStatus.SUCCEEDED,
          refund.amount(), expectedBy, now));
    });
    count(RefundStatus.SUCCEEDED, refund.amount());
  }

  private void failed(Refund refund, int attempt, String error, boolean giveUp) {
    Instant now = clock.instant();
    RefundStatus status = giveUp ? RefundStatus.NEEDS_ATTENTION : RefundStatus.FAILED;
    Instant retryAt = giveUp ? null : now.plus(pause(attempt));
    String shortError = error == null ? "unknown" : Text.truncate(error, 300);
    transactions.executeWithoutResult(tx -> {
      jdbc.sql("UPDATE refunds SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?")
          .params(status.name(), attempt, shortError, Jdbc.ts(retryAt), refund.id()).update();
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("refundId", refund.id().toString());
      detail.put("attempt", attempt);
      detail.put("error", shortError);
      if (retryAt != null) {
        detail.put("retryAt", retryAt.toString());
      }
      timeline.record(refund.orderId(), now, giveUp ? TimelineEventType.REFUND_NEEDS_ATTENTION : TimelineEventType.REFUND_FAILED, ACTOR, detail);
      events.publishEvent(new RefundEvent(refund.id(), refund.orderId(), refund.cause(), status, refund.amount(),
          refund.expectedBy(), now));
    });
    count(status, refund.amount());
  }

  private Duration pause(int attempt) {
    Duration pause = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
  }

  private void count(RefundStatus status, Money amount) {
    metrics.counter("orderly.refunds", "status", status.name(), "currency", amount.currency()).increment();
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, "refunds", "next_attempt_at", "status IN ('PENDING', 'FAILED')");
  }

}
