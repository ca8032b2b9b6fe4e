package dev.orderly.payment;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** orderly_payments_*: attempts and their results per method, for the dashboard's success-by-method chart. */
@Component
class PaymentMetrics {
  private final MeterRegistry registry;

  PaymentMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void started(PaymentMethod method) {
    registry.counter("orderly.payments.started", "method", method.name()).increment();
  }

  /** An attempt's final status (SUCCEEDED, FAILED, CLOSED) and, for money, what it did (PAID, LATE, DUPLICATE). */
  void resolved(PaymentMethod method, AttemptStatus status, String appliedAs) {
    registry.counter("orderly.payments.resolved", "method", method.name(), "status", status.name(),
        "applied", appliedAs == null ? "NONE" : appliedAs).increment();
  }

  void providerOutcome(PaymentMethod method, MethodHealth.Outcome outcome) {
    registry.counter("orderly.payments.provider.outcomes", "method", method.name(), "outcome", outcome.name())
        .increment();
  }

  void refused(PaymentMethod method, String code) {
    registry.counter("orderly.payments.refused", "method", method.name(), "code", code).increment();
  }
}
