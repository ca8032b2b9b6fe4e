package dev.orderly.payment.internal;

import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentMethodDegraded;
import dev.orderly.payment.PaymentMethodSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
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
  public enum Outcome {
    SUCCEEDED(true), PROVIDER_ERROR(false), UNREACHABLE(false);

    private final boolean ok;

    Outcome(boolean ok) {
      this.ok = ok;
    }

    public boolean ok() {
      return ok;
    }
  }

  private final MethodHealthRepository outcomes;
  private final PaymentAttemptRepository attempts;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;
  private final Duration window;
  private final int minSamples;
  private final double failureRatio;
  private final PaymentMetrics metrics;
  private final PaymentMethodSettings settings;
  private final ApplicationEventPublisher events;

  MethodHealth(MethodHealthRepository outcomes, PaymentAttemptRepository attempts,
      PlatformTransactionManager transactions, Clock clock, PaymentMetrics metrics, PaymentMethodSettings settings,
      ApplicationEventPublisher events,
      @Value("${orderly.payment.health.window:PT10M}") Duration window,
      @Value("${orderly.payment.health.min-samples:5}") int minSamples,
      @Value("${orderly.payment.health.failure-ratio:0.5}") double failureRatio) {
    this.outcomes = outcomes;
    this.attempts = attempts;
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
  public void record(PaymentMethod method, Outcome outcome, @Nullable UUID paymentId) {
    metrics.providerOutcome(method, outcome);
    ownTransaction.executeWithoutResult(tx -> {
      Instant now = clock.instant();
      if (!outcome.ok() && paymentId != null && outcomes.failureRecorded(paymentId)) {
        return;
      }
      outcomes.insertOutcome(method, outcome, paymentId, now);
      if (outcome.ok()) {
        change(method, false, now);
        return;
      }
      MethodHealthRepository.Counts c = outcomes.countSince(method, now.minus(window));
      if (c.total() >= minSamples && c.failed() > failureRatio * c.total()) {
        change(method, true, now);
      }
    });
  }

  /** Flips the flag; only the instance whose update changed it logs the change. */
  private void change(PaymentMethod method, boolean degraded, Instant now) {
    boolean changed = outcomes.changeDegraded(method, degraded, now);
    if (changed && degraded) {
      // rule 13: buyers waiting on this method hear it, with the methods that work
      List<UUID> waiting = attempts.ordersPendingWith(method);
      Set<PaymentMethod> down = degradedMethods();
      List<PaymentMethod> working = Arrays.stream(PaymentMethod.values())
          .filter(m -> settings.of(m).isEnabled() && !down.contains(m)).toList();
      events.publishEvent(new PaymentMethodDegraded(method, waiting, working, now));
    }
    if (changed) {
      log.warn("payment method {} is now {}", method, degraded ? "DEGRADED" : "healthy again");
    }
  }

  public boolean degraded(PaymentMethod method) {
    return degradedMethods().contains(method);
  }

  public Set<PaymentMethod> degradedMethods() {
    return outcomes.degradedMethods();
  }

  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  void forgetOldOutcomes() {
    Duration keep = window.compareTo(Duration.ofHours(1)) > 0 ? window : Duration.ofHours(1);
    outcomes.forgetOutcomesBefore(clock.instant().minus(keep));
  }
}
