package dev.orderly.payment;

import dev.orderly.common.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Health of each payment method, shared by all instances through the database. A method whose
 * recent outcomes at the provider mostly failed (provider errors, no answer) becomes degraded; the
 * next payment that succeeds with it brings it back. Buyer-side refusals (declined, insufficient
 * funds) say nothing about the method and are not counted, so one buyer's bad card cannot
 * degrade a method for everyone.
 */
@Component
public class MethodHealth {
  private static final Logger log = LoggerFactory.getLogger(MethodHealth.class);

  /** What happened at the provider. */
  enum Outcome {
    SUCCEEDED(true), PROVIDER_ERROR(false), UNREACHABLE(false);

    final boolean ok;

    Outcome(boolean ok) {
      this.ok = ok;
    }
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;
  private final Duration window;
  private final int minSamples;
  private final double failureRatio;
  private final PaymentMetrics metrics;

  private final PaymentMethodSettings settings;
  private final org.springframework.context.ApplicationEventPublisher events;

  MethodHealth(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, PaymentMetrics metrics,
      PaymentMethodSettings settings, org.springframework.context.ApplicationEventPublisher events,
      @Value("${orderly.payment.health.window:PT10M}") Duration window,
      @Value("${orderly.payment.health.min-samples:5}") int minSamples,
      @Value("${orderly.payment.health.failure-ratio:0.5}") double failureRatio) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.events = events;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
    this.metrics = metrics;
    this.window = window;
    this.minSamples = minSamples;
    this.failureRatio = failureRatio;
  }

  /**
   * Records an outcome in its own transaction (it is a fact even if the caller's work rolls back).
   * Health counts attempts, not calls: an attempt's failure counts once however often the provider
   * is asked about it. {@code paymentId} is null for a create that never became an attempt.
   */
  void record(PaymentMethod method, Outcome outcome, UUID paymentId) {
    metrics.providerOutcome(method, outcome);
    ownTransaction.executeWithoutResult(tx -> {
      Instant now = clock.instant();
      if (!outcome.ok && paymentId != null && jdbc.sql(
              "SELECT COUNT(*) FROM payment_method_outcomes WHERE payment_id = ? AND ok = FALSE")
          .param(paymentId).query(Long.class).single() > 0) {
        return;
      }
      jdbc.sql("INSERT INTO payment_method_outcomes (method, payment_id, occurred_at, ok, kind) VALUES (?, ?, ?, ?, ?)")
          .params(method.name(), paymentId, Jdbc.ts(now), outcome.ok, outcome.name()).update();
      if (outcome.ok) {
        change(method, false, now);
        return;
      }
      record Counts(long total, long failed) {}
      Counts c = jdbc.sql("""
              SELECT COUNT(*), COALESCE(SUM(CASE WHEN ok THEN 0 ELSE 1 END), 0) FROM payment_method_outcomes
              WHERE method = ? AND occurred_at > ?""")
          .params(method.name(), Jdbc.ts(now.minus(window)))
          .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2))).single();
      if (c.total() >= minSamples && c.failed() > failureRatio * c.total()) {
        change(method, true, now);
      }
    });
  }

  /** Flips the flag; only the instance whose update changed it logs the change. */
  private void change(PaymentMethod method, boolean degraded, Instant now) {
    int changed = jdbc.sql("UPDATE payment_method_health SET degraded = ?, changed_at = ? WHERE method = ? AND degraded <> ?")
        .params(degraded, Jdbc.ts(now), method.name(), degraded).update();
    if (changed == 1 && degraded) {
      // rule 13: buyers waiting on this method hear it, with the methods that work
      List<UUID> waiting = jdbc.sql("SELECT DISTINCT order_id FROM payment_attempts WHERE method = ? AND status = 'PENDING'")
          .param(method.name()).query((rs, n) -> rs.getObject(1, UUID.class)).list();
      Set<PaymentMethod> down = degradedMethods();
      List<PaymentMethod> working = java.util.Arrays.stream(PaymentMethod.values())
          .filter(m -> settings.of(m).isEnabled() && !down.contains(m)).toList();
      events.publishEvent(new PaymentMethodDegraded(method, waiting, working, now));
    }
    if (changed == 1) {
      log.warn("payment method {} is now {}", method, degraded ? "DEGRADED" : "healthy again");
    }
  }

  public boolean degraded(PaymentMethod method) {
    return degradedMethods().contains(method);
  }

  public Set<PaymentMethod> degradedMethods() {
    Set<PaymentMethod> degraded = EnumSet.noneOf(PaymentMethod.class);
    jdbc.sql("SELECT method FROM payment_method_health WHERE degraded = TRUE")
        .query((rs, n) -> rs.getString(1)).list()
        .forEach(m -> degraded.add(PaymentMethod.valueOf(m)));
    return degraded;
  }

  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  void forgetOldOutcomes() {
    Duration keep = window.compareTo(Duration.ofHours(1)) > 0 ? window : Duration.ofHours(1);
    jdbc.sql("DELETE FROM payment_method_outcomes WHERE occurred_at < ?").param(Jdbc.ts(clock.instant().minus(keep)))
        .update();
  }
}
