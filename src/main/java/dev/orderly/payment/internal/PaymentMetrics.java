package dev.orderly.payment.internal;

import dev.orderly.common.ErrorCode;
import dev.orderly.payment.AppliedAs;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentMethod;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** orderly_payments_*: attempts and their results per method, for the dashboard's success-by-method chart. */
@Component
public class PaymentMetrics {
  private final MeterRegistry registry;

  PaymentMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void started(PaymentMethod method) {
    registry.counter("orderly.payments.started", "method", method.name()).increment();
  }

  /** An attempt's final status (SUCCEEDED, FAILED, CLOSED) and, for money, what it did (PAID, LATE, DUPLICATE). */
  public void resolved(PaymentMethod method, AttemptStatus status, @Nullable AppliedAs appliedAs) {
    registry.counter("orderly.payments.resolved", "method", method.name(), "status", status.name(),
        "applied", appliedAs == null ? "NONE" : appliedAs.name()).increment();
  }

  public void providerOutcome(PaymentMethod method, MethodHealth.Outcome outcome) {
    registry.counter("orderly.payments.provider.outcomes", "method", method.name(), "outcome", outcome.name())
        .increment();
  }

  public void refused(PaymentMethod method, ErrorCode code) {
    registry.counter("orderly.payments.refused", "method", method.name(), "code", code.name()).increment();
  }
}
