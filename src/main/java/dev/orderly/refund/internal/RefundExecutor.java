package dev.orderly.refund.internal;

import dev.orderly.common.Money;
import dev.orderly.order.SystemActor;
import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentMethodSettings;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.payment.RefundRejectedException;
import dev.orderly.refund.Refund;
import dev.orderly.refund.RefundEvent;
import dev.orderly.refund.RefundStatus;
import dev.orderly.timer.Backoff;
import dev.orderly.timer.Lease;
import dev.orderly.timer.LeasedWork;
import dev.orderly.timer.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * needs attention and waits for support. A try's outcome is recorded only while the executor's
 * lease on the row holds: one that comes too late is dropped, and the refund's next try asks the
 * provider again under the same key.
 */
@Component
public class RefundExecutor extends LeasedWork<RefundExecutor.Claimed> {
  /** The work's name, to tell the timer runner about a refund now due. */
  public static final String NAME = "refunds";
  private static final Logger log = LoggerFactory.getLogger(RefundExecutor.class);
  private static final int BATCH = 20;
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Duration MAX_PAUSE = Duration.ofHours(1);
  private static final String ACTOR = SystemActor.REFUNDS.label();

  /** A claimed refund and the lease under which its outcome may be written. */
  record Claimed(Refund refund, Lease lease) {}

  private final RefundRepository refunds;
  private final PaymentProviders providers;
  private final PaymentMethodSettings methods;
  private final Timeline timeline;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final RetryPolicy retries;

  RefundExecutor(JdbcClient jdbc, TransactionTemplate transactions, RefundRepository refunds,
      PaymentProviders providers, PaymentMethodSettings methods, Timeline timeline, MeterRegistry metrics, Clock clock,
      ApplicationEventPublisher events, @Value("${orderly.refunds.max-attempts:6}") int maxAttempts,
      @Value("${orderly.refunds.retry-backoff:PT30S}") Duration backoff) {
    super(jdbc, transactions, RefundRepository.due(NAME, BATCH, LEASE));
    this.refunds = refunds;
    this.providers = providers;
    this.methods = methods;
    this.timeline = timeline;
    this.metrics = metrics;
    this.clock = clock;
    this.events = events;
    // a first pause beyond the longest one is the longest one
    this.retries = new RetryPolicy(new Backoff(backoff.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : backoff, MAX_PAUSE),
        maxAttempts);
  }

  @Override
  protected List<Claimed> load(List<Lease> leases) {
    Map<UUID, Lease> byId = leases.stream().collect(Collectors.toMap(Lease::id, Function.identity()));
    return refunds.findAll(byId.keySet()).stream().map(r -> new Claimed(r, byId.get(r.id()))).toList();
  }

  @Override
  protected void handle(Claimed claimed, Instant now) {
    Refund refund = claimed.refund();
    if (!refund.awaitsTry()) {
      return; // done by someone else since the claim
    }
    PaymentGateway.RefundResult result;
    try {
      result = providers.ofPayment(refund.paymentId())
          .refund(refund.paymentReference(), refund.id().toString(), refund.amount());
    } catch (ProviderUnavailableException e) {
      fail(refund, claimed.lease(), e.getMessage(), false);
      return;
    } catch (RefundRejectedException e) {
      fail(refund, claimed.lease(), e.getMessage(), true);
      return;
    }
    succeed(refund, claimed.lease(), result.reference());
  }

  /** Anything else went wrong (also while recording a success): a failed try, retried as the policy says. */
  @Override
  protected void failed(Claimed claimed, RuntimeException error) {
    log.warn("refund {} failed unexpectedly", claimed.refund().id(), error);
    // read again: the claimed copy may already have taken the move whose recording failed
    refunds.find(claimed.refund().id()).filter(Refund::awaitsTry)
        .ifPresent(refund -> fail(refund, claimed.lease(), error.toString(), false));
  }

  private void succeed(Refund refund, Lease lease, String providerReference) {
    RefundStatus from = refund.status();
    Instant now = clock.instant();
    Instant expectedBy = now.plus(methods.refundTime(refund.method()));
    refund.succeeded(providerReference, expectedBy, now);
    record(refund, from, lease, () -> {
      timeline.record(refund.orderId(), now, TimelineEventType.REFUND_SUCCEEDED, ACTOR, Map.of(
          "refundId", refund.id().toString(), "amount", refund.amount().toString(),
          "providerReference", providerReference, "expectedBy", expectedBy.toString()));
      events.publishEvent(new RefundEvent(refund.id(), refund.orderId(), refund.cause(), RefundStatus.SUCCEEDED,
          refund.amount(), expectedBy, now));
    });
  }

  private void fail(Refund refund, Lease lease, String error, boolean permanent) {
    RefundStatus from = refund.status();
    Instant now = clock.instant();
    refund.failed(error, retries, permanent, now);
    boolean givenUp = refund.status() == RefundStatus.NEEDS_ATTENTION;
    record(refund, from, lease, () -> {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("refundId", refund.id().toString());
      detail.put("attempt", refund.attempts());
      detail.put("error", Objects.requireNonNull(refund.lastError()));
      if (!givenUp) {
        detail.put("retryAt", Objects.requireNonNull(refund.nextAttemptAt()).toString());
      }
      timeline.record(refund.orderId(), now,
          givenUp ? TimelineEventType.REFUND_NEEDS_ATTENTION : TimelineEventType.REFUND_FAILED, ACTOR, detail);
      events.publishEvent(new RefundEvent(refund.id(), refund.orderId(), refund.cause(), refund.status(),
          refund.amount(), refund.expectedBy(), now));
    });
  }

  /** Writes the try's outcome with its timeline entry and event, if the lease still holds; then counts it. */
  private void record(Refund refund, RefundStatus from, Lease lease, Runnable alongside) {
    boolean saved = Boolean.TRUE.equals(transactions.execute(tx -> {
      if (!refunds.saveTry(refund, from, lease)) {
        return false;
      }
      alongside.run();
      return true;
    }));
    if (saved) {
      count(refund.status(), refund.amount());
    } else {
      log.info("refund {}: the lease ran out before its {} was recorded; the next try asks the provider again",
          refund.id(), refund.status());
    }
  }

  private void count(RefundStatus status, Money amount) {
    metrics.counter("orderly.refunds", "status", status.name(), "currency", amount.currency()).increment();
  }
}
